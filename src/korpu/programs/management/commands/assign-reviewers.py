"""`korpu assign-reviewers INSTANCE.json [-o SOLUTION.json] [--time-limit SECONDS]`.

A thin wrapper around :mod:`korpu.solvers.review_assignment`, which documents both file
formats. A malformed instance gets a one-line error on stderr and exit code 2; an
infeasible one is a valid result (status "infeasible" and a reason in the solution).
"""

from django.core.management.base import BaseCommand, CommandError

from korpu.solvers import review_assignment


class Command(BaseCommand):
    help = (
        "Assign reviewers to applications: each application gets its number of reviews, "
        "each reviewer a load between min and max, with maximal total affinity (or, in fair "
        "mode, maximal worst-off application first). Formats: korpu.solvers.review_assignment."
    )
    requires_system_checks = []  # pure computation: no database, no models

    def add_arguments(self, parser):
        review_assignment.add_arguments(parser)

    def handle(self, *args, instance, output=None, time_limit=None, **options):
        try:
            solution = review_assignment.run(instance, output, time_limit, stdout=self.stdout)
        except review_assignment.InstanceError as error:
            raise CommandError(str(error), returncode=2) from None
        if output is not None:
            self.stdout.write(review_assignment.summary(solution))
