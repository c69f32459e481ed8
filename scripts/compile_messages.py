#!/usr/bin/env python3
"""Compile every .po catalogue under src/korpu/locale into its .mo (pure Python, polib),
so nobody needs GNU gettext to run Körpü; the .mo files are committed."""

import sys
from pathlib import Path

import polib

root = Path(__file__).resolve().parent.parent / "src" / "korpu" / "locale"
for po_path in sorted(root.glob("*/LC_MESSAGES/*.po")):
    catalogue = polib.pofile(str(po_path))
    catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
    print(f"{po_path.relative_to(root)}: {catalogue.percent_translated()}% translated")
sys.exit(0)
