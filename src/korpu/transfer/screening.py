"""What EEN's guidelines forbid in a profile's text, found for the reviewer.

A profile must not name its owner: no web links, e-mail addresses or phone numbers, no
patent numbers (they lead straight to the applicant), no trade marks or trade names,
and not the owner's own name. Screening never blocks: it flags, and the intermediary
decides (a flag can be a false alarm, e.g. "ISO 9001")."""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

LINK = re.compile(
    r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|az|tr|io|ai|co|info|biz|eu)"
    r"(?:\.[a-z]{2})?\b(?:/\S*)?",
    re.IGNORECASE,
)
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
PHONE = re.compile(r"(?:\+|00)\d[\d ()-]{7,}\d")
# US 9,123,456 B2 · EP1234567 · WO 2019/123456 · TR 2019/12345 · AZ i 2020 0012 · "patent no 12345"
PATENT = re.compile(
    r"\b(?:US|EP|WO|TR|AZ|DE|GB|JP|CN|KR|FR|RU|EA)\s?(?:[a-z]\s)?\d{4}[/ ]?\d{3,7}(?:\s?[AB]\d)?\b"
    r"|\b(?:US|EP)\s?\d{1,2}[,.]?\d{3}[,.]?\d{3}\b"
    r"|\b(?:patent|patentin|patenti|patentə)\s*(?:no\.?|nr\.?|number|numaras[ıi]|nömrəsi)\s*:?\s*[\w/-]*\d",
    re.IGNORECASE,
)
TRADE_MARK = re.compile(r"[™®©]|\(TM\)|\(R\)")

KINDS = {
    "link": _("web link"),
    "email": _("e-mail address"),
    "phone": _("phone number"),
    "patent": _("patent number"),
    "trade_mark": _("trade mark or brand sign"),
    "owner_name": _("the owner's name"),
}


@dataclass(frozen=True)
class Flag:
    kind: str
    text: str
    field: str

    def as_dict(self) -> dict:
        return {"kind": self.kind, "text": self.text, "field": self.field}


def _name_pattern(name: str) -> re.Pattern | None:
    """The distinctive part of an organisation's name (legal forms dropped)."""
    legal = {"llc", "mmc", "ltd", "aş", "as", "inc", "şti", "sti", "qsc", "asc", "co", "gmbh"}

    def plain(word: str) -> str:
        return word.replace("İ", "i").lower().replace(".", "").replace("\u0307", "")

    words = [w for w in re.split(r"[\s,]+", name) if w and plain(w) not in legal]
    core = " ".join(words).strip()
    if len(core) < 3:
        return None
    return re.compile(r"\b" + re.escape(core) + r"\b", re.IGNORECASE)


def screen(texts: dict[str, str], *, owner_names: list[str] = ()) -> list[Flag]:
    """Flags in the given fields (``{"title": …, "summary": …}``), in field order."""
    patterns = [
        ("email", EMAIL),
        ("link", LINK),
        ("phone", PHONE),
        ("patent", PATENT),
        ("trade_mark", TRADE_MARK),
    ]
    names = [p for p in (_name_pattern(n) for n in owner_names if n) if p]
    flags: list[Flag] = []
    seen: set[tuple[str, str]] = set()
    for field, text in texts.items():
        if not text:
            continue
        emails = {m.group(0) for m in EMAIL.finditer(text)}
        for kind, pattern in patterns:
            for match in pattern.finditer(text):
                found = match.group(0).strip()
                # An e-mail address is not a link as well.
                if kind == "link" and any(found in e or e in found for e in emails):
                    continue
                if (kind, found.casefold()) not in seen:
                    seen.add((kind, found.casefold()))
                    flags.append(Flag(kind, found, field))
        for pattern in names:
            match = pattern.search(text)
            if match and ("owner_name", match.group(0).casefold()) not in seen:
                seen.add(("owner_name", match.group(0).casefold()))
                flags.append(Flag("owner_name", match.group(0), field))
    return flags


def describe(kind: str) -> str:
    return str(KINDS.get(kind, kind))
