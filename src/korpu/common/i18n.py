"""Names of countries and languages in the viewer's language (from CLDR via Babel)."""

from functools import cache

from babel import Locale
from django.utils.translation import get_language

# ISO 3166 codes that are real countries (CLDR also lists regions such as "150").
_CLDR_EN = Locale.parse("en")
COUNTRY_CODES: tuple[str, ...] = tuple(
    sorted(
        code
        for code in _CLDR_EN.territories
        if len(code) == 2 and code.isalpha() and code not in {"EU", "EZ", "UN", "QO", "XA", "XB"}
    )
)
# ISO 639-1 language codes CLDR can name.
LANGUAGE_CODES: tuple[str, ...] = tuple(
    sorted(code for code in _CLDR_EN.languages if len(code) == 2 and code.isalpha())
)


@cache
def _locale(language: str) -> Locale:
    try:
        return Locale.parse((language or "en").replace("-", "_"))
    except (ValueError, LookupError):
        return _CLDR_EN


def _active() -> Locale:
    return _locale(get_language() or "en")


def country_name(code: str | None) -> str:
    if not code:
        return ""
    code = code.upper()
    return _active().territories.get(code) or _CLDR_EN.territories.get(code, code)


def language_name(code: str | None) -> str:
    if not code:
        return ""
    return capitalise(_active().languages.get(code) or _CLDR_EN.languages.get(code, code))


def capitalise(text: str, language: str | None = None) -> str:
    """Upper-case the first letter the way the language does: in Azerbaijani and
    Turkish a dotted i becomes İ, not I (Python's str.upper knows no locale)."""
    if not text:
        return text
    language = (language or get_language() or "en").split("-")[0]
    first = text[0]
    if first == "i" and language in ("az", "tr"):
        return "İ" + text[1:]
    return first.upper() + text[1:]


def country_choices() -> list[tuple[str, str]]:
    """Choices sorted by name in the active language (a callable for lazy forms)."""
    return sorted(((c, country_name(c)) for c in COUNTRY_CODES), key=lambda item: item[1])


def language_choices() -> list[tuple[str, str]]:
    return sorted(((c, language_name(c)) for c in LANGUAGE_CODES), key=lambda item: item[1])


def translated_order(path: str):
    """An ORDER BY expression for a field entered per language (modeltranslation).

    Ordering by ``name`` would sort on the active language's column only, where missing
    translations are NULL and land first or last depending on the database. This sorts
    on what is displayed: the active language, then its fallbacks.
    """
    from django.conf import settings
    from django.db.models import CharField, Value
    from django.db.models.functions import Coalesce, Lower, NullIf

    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    fallbacks = settings.MODELTRANSLATION_FALLBACK_LANGUAGES
    order = [language, *fallbacks.get(language, fallbacks["default"])]
    text = CharField()
    columns = [
        NullIf(f"{path}_{code}", Value(""), output_field=text) for code in dict.fromkeys(order)
    ]
    return Lower(Coalesce(*columns, Value(""), output_field=text))


def translated_contains(path: str, text: str):
    """A filter matching ``text`` in a field entered per language, in any language."""
    from django.conf import settings
    from django.db.models import Q

    condition = Q()
    for code in settings.MODELTRANSLATION_LANGUAGES:
        condition |= Q(**{f"{path}_{code}__icontains": text})
    return condition
