"""``korpu transfer_tick [--loop]``: remind owners before their profiles expire, expire
(or archive) profiles past their year, remind parties before agreements expire, and
mail saved-search digests (run every few minutes, like ``events_tick``)."""

import time

from django.core.management.base import BaseCommand

from korpu.transfer.services import expire_profiles, remind_deals, send_alerts


class Command(BaseCommand):
    help = "Expire profiles, remind before profiles and deals expire, send alert digests."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="keep running")
        parser.add_argument("--interval", type=float, default=300.0, help="seconds between runs")

    def handle(self, *args, loop=False, interval=300.0, **options):
        while True:
            profiles = expire_profiles()
            deals = remind_deals()
            digests = send_alerts()
            self.stdout.write(
                "transfer: {reminded} profile reminders, {expired} expired, {archived} archived; "
                "{deal_reminders} deal reminders, {deals_expired} deals expired; "
                "{digests} alert digests".format(
                    **profiles,
                    deal_reminders=deals["reminded"],
                    deals_expired=deals["expired"],
                    digests=digests,
                )
            )
            if not loop:
                return
            time.sleep(interval)
