"""Which addresses a webhook may point to, and the POST itself (standard library only).

Server-side request forgery: a webhook makes this server send requests to an address an
organisation chose, so addresses inside the server's own network are refused: loopback,
private ranges, link-local (cloud metadata at 169.254.169.254), carrier-grade NAT,
multicast, reserved. The check is made when the address is saved *and* at every
delivery, and the connection goes to the very IP that was checked (no second DNS
lookup a rebinding server could answer differently). Redirects are not followed.

``settings.KORPU_WEBHOOKS_ALLOW_PRIVATE`` (False by default; the tests and a closed
network's demo switch it on) allows such addresses, and also plain ``http://``, which
otherwise only ``DEBUG`` allows.
"""

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

RESPONSE_EXCERPT_BYTES = 512


def allow_private() -> bool:
    return settings.KORPU_WEBHOOKS_ALLOW_PRIVATE


def timeout() -> float:
    return settings.KORPU_WEBHOOKS_TIMEOUT


def _resolve(host: str, port: int) -> list[str]:
    """The IP addresses ``host`` resolves to (tests replace this)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


def is_public_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_url(url: str) -> None:
    """Refuse (ValidationError, translated) an address a webhook may not use. Resolves
    the host name unless private addresses are allowed."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ValidationError(_("Enter a valid URL."), code="invalid") from None
    scheme = parts.scheme.lower()
    if not scheme:
        raise ValidationError(_("Enter a valid URL."), code="invalid")
    if scheme not in ("http", "https"):
        raise ValidationError(_("Only http and https addresses can be used."), code="scheme")
    if not parts.netloc:
        raise ValidationError(_("Enter a valid URL."), code="invalid")
    if scheme == "http" and not (settings.DEBUG or allow_private()):
        raise ValidationError(_("Use an https:// address."), code="https_required")
    if parts.username or parts.password:
        raise ValidationError(
            _("Leave user names and passwords out of the address."), code="credentials"
        )
    host = parts.hostname
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError(_("Enter a valid URL."), code="invalid") from None
    if not host:
        raise ValidationError(_("Enter a valid URL."), code="invalid")
    if allow_private():
        return
    try:
        addresses = _resolve(host, port or (443 if scheme == "https" else 80))
    except (OSError, UnicodeError):
        raise ValidationError(
            _("The host %(host)s could not be found.") % {"host": host}, code="unresolvable"
        ) from None
    if not addresses or not all(is_public_address(address) for address in addresses):
        raise ValidationError(
            _("This address points into a private network; use a public address."),
            code="private_address",
        )


@dataclass
class Response:
    status: int
    excerpt: str


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the checked IP address; the Host header keeps the name."""

    def __init__(self, host, port, *, address, **kwargs):
        super().__init__(host, port, **kwargs)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """As above, with TLS verified against the host name (SNI and the certificate)."""

    def __init__(self, host, port, *, address, **kwargs):
        super().__init__(host, port, **kwargs)
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url: str, body: bytes, headers: dict[str, str], *, seconds: float) -> Response:
    """POST ``body`` to ``url``; the status and the first bytes of the answer.

    Raises ValidationError for an address that is not allowed (checked again now) and
    OSError (timeouts included) or http.client.HTTPException when the request fails.
    """
    check_url(url)
    parts = urlsplit(url)
    https = parts.scheme.lower() == "https"
    port = parts.port or (443 if https else 80)
    addresses = _resolve(parts.hostname, port)
    if not allow_private():
        addresses = [address for address in addresses if is_public_address(address)]
    if not addresses:
        raise ValidationError(_("This address points into a private network."))
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    if https:
        connection = _PinnedHTTPSConnection(
            parts.hostname,
            port,
            address=addresses[0],
            timeout=seconds,
            context=ssl.create_default_context(),
        )
    else:
        connection = _PinnedHTTPConnection(
            parts.hostname, port, address=addresses[0], timeout=seconds
        )
    try:
        connection.request("POST", target, body=body, headers=headers)
        response = connection.getresponse()
        excerpt = response.read(RESPONSE_EXCERPT_BYTES).decode("utf-8", "replace")
        return Response(status=response.status, excerpt=excerpt)
    finally:
        connection.close()
