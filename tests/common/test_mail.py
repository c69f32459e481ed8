import threading

import pytest
from django.core import mail
from django.core.mail import send_mail
from django.db import connection, transaction

from korpu.common.mail import deliver_pending
from korpu.common.models import OutboxMessage

FAILING = "tests.common.test_mail.FailingBackend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


def test_mail_is_stored_and_delivered_after_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_mail("Welcome", "Hello", "from@korpu.test", ["a@example.org"])
        assert mail.outbox == []  # nothing leaves before the commit
    message = OutboxMessage.objects.get()
    assert (message.status, message.attempts) == (OutboxMessage.Status.SENT, 1)
    assert [(m.subject, m.to, m.extra_headers["Message-ID"]) for m in mail.outbox] == [
        ("Welcome", ["a@example.org"], message.message_id)
    ]


def test_rolled_back_change_sends_nothing(db, django_capture_on_commit_callbacks):
    class Boom(Exception):
        pass

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                send_mail("Never", "x", "from@korpu.test", ["a@example.org"])
                raise Boom
        except Boom:
            pass
    assert (OutboxMessage.objects.count(), len(callbacks), mail.outbox) == (0, 0, [])


def test_failed_delivery_is_retried_later_and_not_lost(db, settings):
    send_mail("Retry", "x", "from@korpu.test", ["a@example.org"])
    settings.MAILERS = {**settings.MAILERS, "delivery": {"BACKEND": FAILING}}
    assert deliver_pending() == {"sent": 0, "failed": 1}
    message = OutboxMessage.objects.get()
    assert message.status == OutboxMessage.Status.PENDING
    assert message.next_attempt_at is not None
    assert "SMTP down" in message.last_error
    # Not due yet: a second sweep does not hammer the server.
    assert deliver_pending() == {"sent": 0, "failed": 0}
    OutboxMessage.objects.update(next_attempt_at=None)
    settings.MAILERS = {**settings.MAILERS, "delivery": {"BACKEND": LOCMEM}}
    assert deliver_pending() == {"sent": 1, "failed": 0}
    assert [m.subject for m in mail.outbox] == ["Retry"]


def test_gives_up_after_max_attempts(db, settings):
    send_mail("Doomed", "x", "from@korpu.test", ["a@example.org"])
    settings.MAILERS = {**settings.MAILERS, "delivery": {"BACKEND": FAILING}}
    settings.KORPU_OUTBOX_MAX_ATTEMPTS = 2
    deliver_pending()
    OutboxMessage.objects.update(next_attempt_at=None)
    deliver_pending()
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.FAILED


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionError("SMTP down")

    def open(self):
        pass

    def close(self):
        pass


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_never_send_a_message_twice():
    """Two outbox workers sweeping at once: every message leaves exactly once."""
    OutboxMessage.objects.bulk_create(
        OutboxMessage(
            message_id=OutboxMessage.new_message_id(),
            from_email="from@korpu.test",
            to=["a@example.org"],
            subject=f"Message {number}",
            body="x",
        )
        for number in range(30)
    )
    barrier = threading.Barrier(2)
    results = []

    def worker():
        try:
            barrier.wait()
            results.append(deliver_pending())
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == sorted(f"Message {n}" for n in range(30))
    assert sum(r["sent"] for r in results) == 30
    assert OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT).count() == 30


def test_templated_mail_is_not_html_escaped(db, django_capture_on_commit_callbacks):
    from korpu.common.notify import send_templated_mail
    from tests import factories

    person = factories.PersonFactory(first_name="Ayşe", last_name="O'Neil & <Co>")
    organisation = factories.OrganisationFactory(name="Gebze'deki Robotik")
    membership = factories.MembershipFactory(person=person, organisation=organisation)
    with django_capture_on_commit_callbacks(execute=True):
        send_templated_mail(
            to=person.email,
            template="directory/email/membership_added",
            context={"person": person, "organisation": organisation, "membership": membership},
        )
    message = mail.outbox[0]
    assert message.subject == "You were added to Gebze'deki Robotik"
    assert "Hello Ayşe O'Neil & <Co>," in message.body


def test_a_later_attachment_is_drawn_when_the_mail_is_delivered(
    db, django_capture_on_commit_callbacks
):
    from korpu.common.mail import LaterAttachment, register_attachment_maker
    from korpu.common.notify import send_templated_mail
    from tests import factories

    drawn = []

    def shout(text: str) -> bytes:
        drawn.append(text)
        return text.upper().encode()

    register_attachment_maker("tests.shout", shout)
    person = factories.PersonFactory()
    membership = factories.MembershipFactory(person=person)
    context = {"person": person, "organisation": membership.organisation, "membership": membership}
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send_templated_mail(
            to=person.email,
            template="directory/email/membership_added",
            context=context,
            attachments=[
                ("note.bin", b"plain", "application/octet-stream"),
                LaterAttachment("loud.bin", "application/octet-stream", "tests.shout", "hello"),
            ],
        )
    stored = OutboxMessage.objects.get()
    assert (drawn, [a["filename"] for a in stored.attachments]) == ([], ["note.bin", "loud.bin"])
    assert stored.attachments[1] == {
        "filename": "loud.bin",
        "mimetype": "application/octet-stream",
        "maker": "tests.shout",
        "argument": "hello",
    }
    for callback in callbacks:
        callback()
    assert drawn == ["hello"]
    assert [tuple(a) for a in mail.outbox[0].attachments] == [
        ("note.bin", b"plain", "application/octet-stream"),
        ("loud.bin", b"HELLO", "application/octet-stream"),
    ]


def test_an_attachment_with_an_unknown_maker_is_retried_not_lost(db, settings):
    message = OutboxMessage.objects.create(
        message_id=OutboxMessage.new_message_id(),
        from_email="from@korpu.test",
        to=["a@example.org"],
        subject="Ticket",
        body="x",
        attachments=[
            {"filename": "t.png", "mimetype": "image/png", "maker": "gone", "argument": "x"}
        ],
    )
    assert deliver_pending() == {"sent": 0, "failed": 1}
    message.refresh_from_db()
    assert (message.status, message.attempts, mail.outbox) == (
        OutboxMessage.Status.PENDING,
        1,
        [],
    )
    assert "no attachment maker named 'gone'" in message.last_error


def test_a_burst_of_mail_wakes_the_worker_once_and_once_more_at_the_window_end(
    db, settings, monkeypatch
):
    from korpu.common import mail as outbox

    settings.KORPU_OUTBOX_WAKE_SECONDS = 1.0
    queued = []

    class Recorder:
        def __init__(self, run_after=None):
            self.run_after = run_after

        def using(self, run_after):
            return Recorder(run_after)

        def enqueue(self):
            queued.append(self.run_after)

    monkeypatch.setattr("korpu.common.tasks.send_outbox", Recorder())
    clock = [1000.0]
    monkeypatch.setattr(outbox.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(outbox, "_wake_window", {"ends": 0.0, "deferred": False})
    for _ in range(5):  # five commits within the window
        outbox._enqueue_delivery()
        clock[0] += 0.1
    assert len(queued) == 2
    assert queued[0] is None  # at once
    assert queued[1] is not None  # deferred to the end of the window
    clock[0] = 1001.5  # a new window: at once again
    outbox._enqueue_delivery()
    assert len(queued) == 3 and queued[2] is None
