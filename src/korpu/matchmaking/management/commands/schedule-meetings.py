"""`korpu schedule-meetings INSTANCE.json [-o SOLUTION.json] [--time-limit SECONDS] [--seed N]`.

A thin wrapper around :mod:`korpu.solvers.meeting_schedule`, which documents both file
formats. A malformed or contradictory instance gets a one-line error on stderr and exit
code 2.
"""

from django.core.management.base import BaseCommand, CommandError

from korpu.solvers import meeting_schedule


class Command(BaseCommand):
    help = (
        "Schedule B2B meetings into time slots and tables or booths: maximal total weight of "
        "scheduled meetings first, then as few idle slots as possible. Formats: "
        "korpu.solvers.meeting_schedule."
    )
    requires_system_checks = []  # pure computation: no database, no models

    def add_arguments(self, parser):
        meeting_schedule.add_arguments(parser)

    def handle(self, *args, instance, output=None, time_limit, seed, **options):
        try:
            solution = meeting_schedule.run(instance, output, time_limit, seed, stdout=self.stdout)
        except meeting_schedule.InstanceError as error:
            raise CommandError(str(error), returncode=2) from None
        if output is not None:
            self.stdout.write(meeting_schedule.summary(solution))
