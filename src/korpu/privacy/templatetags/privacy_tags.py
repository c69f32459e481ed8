"""``{% notice_banner %}``: asks a signed-in person to accept the privacy notice in force
(once per page; one query)."""

from django import template

from korpu.privacy import services

register = template.Library()


@register.inclusion_tag("privacy/banner.html", takes_context=True)
def notice_banner(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    show = False
    if user is not None and user.is_authenticated and user.is_active:
        show = getattr(request, "_privacy_notice_pending", None)
        if show is None:
            show = not services.has_accepted_notice(user)
            request._privacy_notice_pending = show
    return {"show": show, "request": request, "csrf_token": context.get("csrf_token")}
