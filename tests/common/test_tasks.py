import pytest
from django.core import mail
from django.core.mail import send_mail
from django.core.management import call_command

from korpu.common.models import OutboxMessage

# The worker closes its database connection between tasks, as a long-running process
# should; that needs real transactions rather than the test-wrapping one.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_tasks(settings):
    """The production task backend: tasks are rows, run by `korpu db_worker`."""
    # Django resets its task backends when the TASKS setting changes.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_mail_is_delivered_by_the_database_worker(database_tasks):
    from django_tasks_db.models import DBTaskResult

    send_mail("Welcome", "Hello", "from@korpu.test", ["a@example.org"])
    # The commit enqueued a task; nothing was sent yet.
    assert (DBTaskResult.objects.count(), mail.outbox) == (1, [])
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert [m.subject for m in mail.outbox] == ["Welcome"]
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.SENT
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
