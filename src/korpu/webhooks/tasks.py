"""The delivery task: queued when a transaction that wrote deliveries commits, and by
``webhooks_tick`` for retries that are due."""

from django.tasks import task

from . import services


@task()
def deliver_webhooks(delivery_ids: list[int]) -> dict[str, int]:
    """One attempt at each of these deliveries that is due (others are skipped)."""
    outcomes: dict[str, int] = {}
    for delivery_id in delivery_ids:
        outcome = services.deliver(delivery_id)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes
