"""``korpu.wsgi`` with parts of the request path changed, for what-if measurements only
(``run.py --what-if ...``); the recorded figures always use ``korpu.wsgi`` itself.

BENCH_WHAT_IF is a comma-separated list of:

* ``no-enqueue``: no ``send_outbox`` task row after each commit that wrote mail;
* ``no-mail``: registrations write no mail (no rendering, no QR code, no outbox row);
* ``no-audit``: no audit entries;
* ``server-binding``: psycopg server-side parameter binding, so repeated statements are
  prepared once per connection (``DATABASES[...]["OPTIONS"]["server_side_binding"]``).

(``no-token-update`` is done by run.py: it marks the tokens as used when seeding.)
"""

import os

WHAT_IF = set(filter(None, os.environ.get("BENCH_WHAT_IF", "").split(",")))

if "server-binding" in WHAT_IF:
    import korpu.settings

    korpu.settings.DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = True

from korpu.wsgi import application  # noqa: E402

if "no-enqueue" in WHAT_IF:
    from korpu.common import mail

    mail._enqueue_delivery = lambda: None
if "no-mail" in WHAT_IF:
    from korpu.events import services

    services._mail = lambda *args, **kwargs: None
if "no-audit" in WHAT_IF:
    from korpu.common import audit

    audit.record = lambda **kwargs: None

__all__ = ["application"]
