"""A real HTTP receiver on 127.0.0.1 (http.server in a thread) and endpoints pointing to it.

``receiver.answers`` is the list of statuses to answer in turn (the last one repeats);
``receiver.delay`` makes it wait before answering (timeouts); ``receiver.requests`` holds
what arrived: (path, headers, body)."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from korpu.webhooks import services
from korpu.webhooks.models import Endpoint, EventType
from tests import factories


class Receiver:
    def __init__(self):
        self.answers = [200]
        self.delay = 0.0
        self.requests: list[tuple[str, dict, bytes]] = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                with receiver.lock:
                    receiver.requests.append((self.path, dict(self.headers), body))
                    turn = min(len(receiver.requests), len(receiver.answers))
                    status = receiver.answers[turn - 1]
                if receiver.delay:
                    time.sleep(receiver.delay)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "text/plain")
                    self.end_headers()
                    self.wfile.write(b"received" if status < 300 else b"nope")
                except OSError:
                    pass  # the client gave up (timeout tests)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks/korpu"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(autouse=True)
def _nobody_remembered():
    """Each test starts without the remembered set of listening organisations."""
    services.forget_listening()
    yield
    services.forget_listening()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def make_endpoint(receiver):
    def make(organisation=None, *, event_types=None, url=None, **values) -> Endpoint:
        return Endpoint.objects.create(
            organisation=organisation or factories.OrganisationFactory(),
            url=url or receiver.url,
            event_types=list(event_types or EventType.values),
            **values,
        )

    return make


@pytest.fixture
def fast_timeout(settings):
    settings.KORPU_WEBHOOKS_TIMEOUT = 0.5
