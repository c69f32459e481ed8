from django.tasks import task

from .mail import deliver_pending


@task()
def send_outbox() -> dict[str, int]:
    """Deliver pending outbox mail (enqueued after each commit that wrote mail)."""
    return deliver_pending()
