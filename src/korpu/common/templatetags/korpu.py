from django import template
from django.urls import translate_url

from korpu.common.i18n import capitalise as capitalise_text
from korpu.common.i18n import country_name, language_name

register = template.Library()


@register.filter
def country(code: str) -> str:
    """``{{ org.country|country }}``: the country's name in the active language."""
    return country_name(code)


@register.filter
def capitalise(text) -> str:
    """``capfirst`` that knows Azerbaijani and Turkish: ``innovasiya`` → ``İnnovasiya``."""
    return capitalise_text(str(text))


@register.filter
def language(code: str) -> str:
    return language_name(code)


@register.simple_tag(takes_context=True)
def url_in_language(context, language_code: str) -> str:
    """The current page's address in another language (for the language switcher)."""
    request = context["request"]
    return translate_url(request.get_full_path(), language_code)


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (pagination, filters)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"
