from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from korpu.common.backup import BackupError, BackupRefused, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `korpu backup`: checks the archive first, then restores "
        "the database in one transaction and swaps the uploaded files in. Refuses (exit "
        "status 2, nothing changed) a damaged archive, another database engine, migrations "
        "this code does not know, or a target that is not empty (unless --force)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="the backup archive (.tar)")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the tables and files already in the target",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="database alias")

    def handle(self, *args, archive, force=False, database=DEFAULT_DB_ALIAS, **options):
        try:
            result = restore_backup(
                archive, using=database, force=force, progress=self.stdout.write
            )
        except BackupRefused as error:
            raise CommandError(f"restore refused: {error}", returncode=2) from error
        except (BackupError, OSError) as error:
            raise CommandError(f"restore failed: {error}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {result.tables} tables ({result.rows} rows) and {result.files} "
                f"files ({result.file_bytes / 1e6:.1f} MB) in {result.seconds:.1f} s."
            )
        )
        if result.pending_migrations:
            self.stdout.write(
                self.style.WARNING(
                    f"The backup is {result.pending_migrations} "
                    f"migration{'s' if result.pending_migrations > 1 else ''} behind this code: "
                    "run `korpu migrate` before starting the site."
                )
            )
