import json
from pathlib import Path

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

KEYWORDS_FILE = Path(__file__).parent / "data" / "keywords.json"


def load_taxonomy(**kwargs) -> None:
    """Bring the keyword taxonomy in the database up to ``data/keywords.json``."""
    from .services import sync_keywords

    if KEYWORDS_FILE.exists():
        sync_keywords(json.loads(KEYWORDS_FILE.read_text(encoding="utf-8")))


class TransferConfig(AppConfig):
    name = "korpu.transfer"
    label = "transfer"
    verbose_name = _("Technology transfer")

    def ready(self) -> None:
        post_migrate.connect(load_taxonomy, sender=self)
