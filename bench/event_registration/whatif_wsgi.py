"""``korpu.wsgi`` with parts of the request path changed, for what-if measurements only
(``run.py --what-if ...``); the recorded figures always use ``korpu.wsgi`` itself.

BENCH_WHAT_IF is a comma-separated list of:

* ``no-enqueue``: no ``send_outbox`` task row after each commit that wrote mail;
* ``no-mail``: registrations write no mail (no rendering, no QR code, no outbox row);
* ``no-audit``: no audit entries;
* ``cprofile``: nothing changed, but each worker profiles its requests (CPU time, cProfile)
  and writes ``bench/out/worker-<pid>.pstats`` when it exits (read them with pstats);
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

if "cprofile" in WHAT_IF:
    import atexit
    import cProfile
    import time
    from pathlib import Path

    _profile = cProfile.Profile(time.process_time)
    _served = application

    def application(environ, start_response):  # noqa: F811
        _profile.enable()
        try:
            return _served(environ, start_response)
        finally:
            _profile.disable()

    def _dump() -> None:
        out = Path(__file__).resolve().parents[1] / "out"
        out.mkdir(exist_ok=True)
        _profile.dump_stats(out / f"worker-{os.getpid()}.pstats")

    atexit.register(_dump)

__all__ = ["application"]
