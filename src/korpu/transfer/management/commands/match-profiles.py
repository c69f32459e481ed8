"""`korpu match-profiles PROFILES.json QUERIES.json [--top 10] [--mode combined]`.

A thin wrapper around :mod:`korpu.solvers.profile_match`, which documents the file format:
prints ``{"<query id>": ["<profile id>", ...]}``, for every profile of QUERIES.json the best
complementary profiles of PROFILES.json, best first. Bad input gets a one-line error on
stderr and exit code 2.
"""

from django.core.management.base import BaseCommand, CommandError

from korpu.solvers import profile_match


class Command(BaseCommand):
    help = (
        "Rank complementary technology-transfer profiles (offers, requests, R&D cooperation) "
        "across English, Azerbaijani and Turkish. Format: korpu.solvers.profile_match."
    )
    requires_system_checks = []  # pure computation: no database, no models

    def add_arguments(self, parser):
        profile_match.add_arguments(parser)

    def handle(self, *args, profiles, queries, top, mode, **options):
        try:
            profile_match.run(profiles, queries, top, mode, stdout=self.stdout)
        except profile_match.ProfileFileError as error:
            raise CommandError(str(error), returncode=2) from None
