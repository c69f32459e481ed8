from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from korpu.common.backup import BackupError, BackupRefused, create_backup, default_backup_path


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded files into one tar archive with a manifest "
        "(rows per table, SHA-256 of every file). Restore it with `korpu restore`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            "-o",
            type=Path,
            help="archive to write (must not exist); default "
            "$KORPU_DATA_DIR/backups/korpu-<date>-<time>.tar",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="database alias")

    def handle(self, *args, output=None, database=DEFAULT_DB_ALIAS, **options):
        output = output or default_backup_path()
        try:
            result = create_backup(output, using=database, progress=self.stdout.write)
        except BackupRefused as error:
            raise CommandError(str(error), returncode=2) from error
        except (BackupError, OSError) as error:
            raise CommandError(f"backup failed: {error}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {result.path} ({result.size / 1e6:.1f} MB) in "
                f"{result.seconds:.1f} s: {result.tables} tables, {result.rows} rows, "
                f"{result.files} files ({result.file_bytes / 1e6:.1f} MB)."
            )
        )
