"""``korpu load_demo``: load the demo data of every module (idempotent) and list the demo
accounts. It lives in the most downstream app (insights: its indicators are computed from
the programmes, events, brokerage days, labs and the marketplace, and its history uses
their rows) so that no app imports one after it."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from korpu.directory.demo import DEMO_PASSWORD, load_demo
from korpu.events.demo import load_events_demo
from korpu.facilities.demo import load_facilities_demo
from korpu.insights.demo import load_insights_demo
from korpu.matchmaking.demo import load_matchmaking_demo
from korpu.programs.demo import load_programmes_demo
from korpu.transfer.demo import load_transfer_demo


class Command(BaseCommand):
    help = (
        "Load the demo data: the 2020 memorandum between the Innovation Agency of Azerbaijan "
        "and GOSB Teknopark, parks, residents, people, one account per role, the programmes "
        "they exchange, the events they hold together, their brokerage days, labs and "
        "marketplace, five years of history for the memorandum's dashboard and the residents' "
        "reports. Running it again changes nothing (and restores demo rows that were edited)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="load even with KORPU_DEBUG off (creates accounts with a published password)",
        )

    def handle(self, *args, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "The demo creates a superuser whose password is published. Refusing with "
                "KORPU_DEBUG off; pass --allow-production for a throw-away demo server."
            )
        with transaction.atomic():  # all or nothing
            results = [
                load_demo(),
                load_programmes_demo(),
                load_events_demo(),
                load_matchmaking_demo(),
                load_facilities_demo(),
                load_transfer_demo(),
                load_insights_demo(),  # the history, from the rows of all the others
            ]
        tallies = [(label, t) for result in results for label, t in result.tallies.items()]
        created = sum(result.created for result in results)
        updated = sum(result.updated for result in results)
        seconds = sum(result.seconds for result in results)
        verb = "loaded" if created or updated else "already up to date"
        self.stdout.write(
            f"Demo data {verb} in {seconds:.2f} s: {created} rows created, {updated} updated."
        )
        width = max(len(label) for label, _tally in tallies)
        self.stdout.write(f"  {'':<{width}}  created  updated  existing")
        for label, tally in tallies:
            self.stdout.write(
                f"  {label:<{width}}  {tally.created:>7}  {tally.updated:>7}  {tally.unchanged:>8}"
            )
        self.stdout.write("")
        transfer = results[-2]
        for warning in transfer.warnings:
            self.stderr.write(self.style.WARNING(f"Marketplace demo: {warning}"))
        for line in transfer.summary_lines():
            self.stdout.write(line)
        # (The account's e-mail address is in the list below, with its role.)
        self.stdout.write(
            "Resident reporting: the company admin of Pusula Robotik A.Ş. has GOSB Teknopark's "
            "open quarterly report to fill in."
        )
        self.stdout.write("")
        accounts = results[0].accounts
        self.stdout.write(self.style.SUCCESS(f"Demo accounts (password for all: {DEMO_PASSWORD})"))
        email_width = max(len(a.email) for a in accounts)
        role_width = max(len(a.role) for a in accounts)
        self.stdout.write(f"  {'e-mail':<{email_width}}  {'role':<{role_width}}  password")
        for account in accounts:
            email, role = account.email.ljust(email_width), account.role.ljust(role_width)
            self.stdout.write(f"  {email}  {role}  {account.password}")
