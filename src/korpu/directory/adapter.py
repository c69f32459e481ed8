"""allauth hooks: account mails speak of Körpü, not of the bare host name."""

from dataclasses import dataclass

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings


@dataclass(frozen=True)
class SiteInfo:
    name: str
    domain: str


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        domain = request.get_host() if request is not None else ""
        site = SiteInfo(name=str(settings.KORPU_SITE_NAME), domain=domain)
        super().send_mail(template_prefix, email, {**context, "current_site": site})
