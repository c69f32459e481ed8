"""Backup and restore of a whole installation: the database and the uploaded files.

A backup is one tar file::

    database.dump        pg_dump --format=custom (PostgreSQL)   or
    database.sqlite3     a copy made with SQLite's backup API (SQLite)
    media/<path>         every uploaded file under MEDIA_ROOT
    manifest.json        written last: format, versions, engine, applied migrations,
                         rows per table, size and SHA-256 of every other member

The database is copied with the engine's own tools, in one consistent snapshot: on
PostgreSQL the row counts and the migration state are read in the transaction whose
snapshot pg_dump is given (``--snapshot``), so the manifest describes exactly the dump.
Files are copied after the database, so every file the dump refers to is in the archive.

A restore checks everything it can before it changes anything (the archive is readable,
every checksum matches, same engine, no migration the code does not know, an empty
target unless ``force``), then restores the database in one transaction and swaps the
files in from a staging directory. Any refusal raises :class:`BackupRefused` and leaves
the database and the files as they were.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

import korpu

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
DATABASE_MEMBERS = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
# Directories a restore stages files in, inside MEDIA_ROOT (same file system, so the
# swap is a rename); a backup never copies them.
STAGING_PREFIX = ".korpu-restore-"
CHUNK = 1024 * 1024
PROGRESS_EVERY = 5.0  # seconds between progress lines of a long step

Progress = Callable[[str], None]


class BackupError(Exception):
    """The backup or restore failed; the message is one line for the operator."""


class BackupRefused(BackupError):
    """A restore (or backup) refused to start: bad archive or wrong target. Nothing changed."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    tables: int
    rows: int
    files: int
    file_bytes: int
    seconds: float


@dataclass(frozen=True)
class RestoreResult:
    tables: int
    rows: int
    files: int
    file_bytes: int
    pending_migrations: int
    seconds: float


def _quiet(message: str) -> None:
    pass


def _brief(error: BaseException) -> str:
    """An error's message on one line (tarfile's can span several)."""
    return " ".join(str(error).split())


def _megabytes(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


class _Ticker:
    """Calls ``report`` at most every PROGRESS_EVERY seconds (and when forced)."""

    def __init__(self):
        self.last = time.monotonic()

    def due(self) -> bool:
        now = time.monotonic()
        if now - self.last >= PROGRESS_EVERY:
            self.last = now
            return True
        return False


# --- Backup ---------------------------------------------------------------------------


def default_backup_path() -> Path:
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    return Path(settings.DATA_DIR) / "backups" / f"korpu-{stamp}.tar"


def create_backup(
    output: Path, *, using: str = "default", progress: Progress = _quiet
) -> BackupResult:
    """Write a backup of database ``using`` and MEDIA_ROOT to ``output`` (a new file)."""
    started = time.monotonic()
    output = Path(output)
    if output.exists():
        raise BackupRefused(f"{output} already exists; choose another --output")
    connection = connections[using]
    engine = _engine(connection)
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    # The archive holds personal data and password hashes: readable by the owner only.
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with (
            os.fdopen(fd, "wb") as stream,
            tarfile.open(fileobj=stream, mode="w", format=tarfile.PAX_FORMAT) as archive,
            tempfile.TemporaryDirectory(dir=output.parent, prefix=".korpu-backup-") as scratch,
        ):
            database_file = Path(scratch) / DATABASE_MEMBERS[engine]
            progress(f"database: copying the {engine} database")
            db_started = time.monotonic()
            if engine == "postgresql":
                tables, migrations = _dump_postgresql(connection, database_file, progress)
            else:
                tables, migrations = _copy_sqlite(connection, database_file)
            database_entry = _add_file(archive, database_file, database_file.name)
            database_file.unlink()
            progress(
                f"database: {len(tables)} tables, {sum(tables.values())} rows, "
                f"{_megabytes(database_entry['size'])} in {time.monotonic() - db_started:.1f} s"
            )
            files = _add_media(archive, progress)
            manifest = {
                "format_version": FORMAT_VERSION,
                "korpu_version": korpu.__version__,
                "engine": engine,
                "created_at": timezone.now().isoformat(),
                "migrations": migrations,
                "tables": tables,
                "database": database_entry,
                "files": files,
            }
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(time.time()), 0o600
            archive.addfile(info, _BytesReader(data))
        os.replace(partial, output)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return BackupResult(
        path=output,
        size=output.stat().st_size,
        tables=len(tables),
        rows=sum(tables.values()),
        files=len(files),
        file_bytes=sum(f["size"] for f in files),
        seconds=time.monotonic() - started,
    )


def _engine(connection) -> str:
    if connection.vendor not in DATABASE_MEMBERS:
        raise BackupRefused(
            f"backups support PostgreSQL and SQLite, not {connection.vendor}; "
            "use the database's own tools"
        )
    return connection.vendor


def _read_state(connection, cursor) -> tuple[dict[str, int], dict[str, list[str]]]:
    """Rows per table and applied migrations, read through ``cursor``."""
    tables = sorted(connection.introspection.table_names(cursor))
    if "django_migrations" not in tables:
        raise BackupRefused("the database has no Körpü tables (run `korpu migrate` first)")
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
        counts[table] = cursor.fetchone()[0]
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    migrations: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        migrations.setdefault(app, []).append(name)
    return counts, migrations


def _dump_postgresql(connection, target: Path, progress: Progress):
    if connection.in_atomic_block:
        raise RuntimeError("a backup must not run inside a transaction")
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        # One snapshot for the counts, the migration state and pg_dump.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        tables, migrations = _read_state(connection, cursor)
        _run_pg_tool(
            [
                "pg_dump",
                "--format=custom",
                f"--snapshot={snapshot}",
                "--lock-wait-timeout=60000",
                f"--file={target}",
            ],
            connection,
            progress,
            what="pg_dump",
            growing=target,
        )
    return tables, migrations


def _copy_sqlite(connection, target: Path):
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        # The backup API copies a consistent state even while others write (WAL).
        connection.connection.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # a self-contained file, no -wal
        cursor = copy.cursor()
        return _read_state(connection, cursor)
    finally:
        copy.close()


def _pg_environment(connection) -> dict[str, str]:
    """libpq's environment for the connection's settings: no password on a command line."""
    db = connection.settings_dict
    env = dict(os.environ)
    for key, variable in {
        "HOST": "PGHOST",
        "PORT": "PGPORT",
        "USER": "PGUSER",
        "PASSWORD": "PGPASSWORD",
        "NAME": "PGDATABASE",
    }.items():
        if db.get(key):
            env[variable] = str(db[key])
    options = db.get("OPTIONS") or {}
    for option, variable in {
        "sslmode": "PGSSLMODE",
        "sslrootcert": "PGSSLROOTCERT",
        "sslcert": "PGSSLCERT",
        "sslkey": "PGSSLKEY",
        "connect_timeout": "PGCONNECT_TIMEOUT",
        "service": "PGSERVICE",
        "passfile": "PGPASSFILE",
        "options": "PGOPTIONS",
    }.items():
        if options.get(option):
            env[variable] = str(options[option])
    return env


def _run_pg_tool(
    command: list[str],
    connection,
    progress: Progress,
    *,
    what: str,
    growing: Path | None = None,
) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} not found on PATH; install the PostgreSQL client "
            "(the same major version as the server or newer)"
        )
    started, ticker = time.monotonic(), _Ticker()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            command, env=_pg_environment(connection), stdout=subprocess.DEVNULL, stderr=errors
        )
        while True:
            try:
                process.wait(timeout=1)
                break
            except subprocess.TimeoutExpired:
                if ticker.due():
                    done = (
                        f", {_megabytes(growing.stat().st_size)} written"
                        if growing is not None and growing.exists()
                        else ""
                    )
                    progress(f"database: {what} running, {time.monotonic() - started:.0f} s{done}")
        errors.seek(0)
        message = errors.read().decode(errors="replace").strip()
    if process.returncode != 0:
        last = message.splitlines()[-1] if message else f"exit status {process.returncode}"
        raise BackupError(f"{what} failed: {last}")


class _BytesReader:
    def __init__(self, data: bytes):
        self.data, self.position = data, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.data) if size < 0 else self.position + size
        chunk = self.data[self.position : end]
        self.position += len(chunk)
        return chunk


class _HashingReader:
    """Reads a file for tarfile, hashing what it hands over."""

    def __init__(self, stream):
        self.stream, self.sha256 = stream, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self.stream.read(size)
        self.sha256.update(chunk)
        return chunk


def _add_file(archive: tarfile.TarFile, path: Path, name: str) -> dict:
    with open(path, "rb") as stream:
        stat = os.fstat(stream.fileno())
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), 0o600
        reader = _HashingReader(stream)
        try:
            archive.addfile(info, reader)
        except OSError as error:  # tarfile: "unexpected end of data"
            raise BackupError(
                f"{path} changed while it was being copied ({_brief(error)}); run the backup again"
            ) from error
    return {"path": name, "size": info.size, "sha256": reader.sha256.hexdigest()}


def _media_files(root: Path) -> Iterator[tuple[Path, str]]:
    """Every regular file under ``root`` as (path, relative POSIX name), sorted."""
    if not root.is_dir():
        return
    for directory, subdirectories, names in os.walk(root):
        here = Path(directory)
        if here == root:
            subdirectories[:] = [d for d in subdirectories if not d.startswith(STAGING_PREFIX)]
        subdirectories.sort()
        for name in sorted(names):
            path = here / name
            if path.is_file() and not path.is_symlink():
                yield path, path.relative_to(root).as_posix()


def _add_media(archive: tarfile.TarFile, progress: Progress) -> list[dict]:
    root = Path(settings.MEDIA_ROOT)
    listing = list(_media_files(root))
    progress(f"files: copying {len(listing)} files from {root}")
    started, ticker, files, copied = time.monotonic(), _Ticker(), [], 0
    for index, (path, name) in enumerate(listing, start=1):
        entry = _add_file(archive, path, MEDIA_PREFIX + name)
        entry["path"] = name
        files.append(entry)
        copied += entry["size"]
        if ticker.due():
            progress(f"files: {index}/{len(listing)}, {_megabytes(copied)}")
    progress(
        f"files: {len(files)} files, {_megabytes(copied)} in {time.monotonic() - started:.1f} s"
    )
    return files


# --- Reading an archive ---------------------------------------------------------------


def read_manifest(path: Path) -> dict:
    """The archive's manifest, checked for shape; refuses anything that is not a backup."""
    path = Path(path)
    if not path.is_file():
        raise BackupRefused(f"{path}: no such file")
    try:
        with tarfile.open(path, mode="r:*") as archive:
            try:
                member = archive.getmember(MANIFEST)
            except KeyError:
                raise BackupRefused(
                    f"{path}: no {MANIFEST} (not a Körpü backup, or cut short)"
                ) from None
            data = archive.extractfile(member).read()
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupRefused(
            f"{path}: cannot read the archive: damaged, cut short or not a tar file "
            f"({_brief(error)})"
        ) from error
    try:
        manifest = json.loads(data)
    except ValueError as error:
        raise BackupRefused(f"{path}: {MANIFEST} is not valid JSON ({_brief(error)})") from error
    _check_manifest(path, manifest)
    return manifest


def _check_manifest(path: Path, manifest) -> None:
    def bad(what: str):
        return BackupRefused(f"{path}: {MANIFEST} is damaged ({what})")

    if not isinstance(manifest, dict):
        raise bad("not an object")
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        raise BackupRefused(
            f"{path}: backup format {version!r}, this Körpü reads format {FORMAT_VERSION} "
            "(restore it with the version that made it)"
        )
    if manifest.get("engine") not in DATABASE_MEMBERS:
        raise bad(f"unknown engine {manifest.get('engine')!r}")
    entries = [manifest.get("database"), *(manifest.get("files") or [])]
    if not isinstance(manifest.get("files"), list):
        raise bad("no file list")
    for entry in entries:
        if not (
            isinstance(entry, dict)
            and isinstance(entry.get("path"), str)
            and isinstance(entry.get("size"), int)
            and isinstance(entry.get("sha256"), str)
        ):
            raise bad(f"file entry {entry!r}")
    for entry in manifest["files"]:
        if not _safe_relative(entry["path"]):
            raise bad(f"unsafe file name {entry['path']!r}")
    if manifest["database"]["path"] != DATABASE_MEMBERS[manifest["engine"]]:
        raise bad("database member does not match the engine")
    migrations, tables = manifest.get("migrations"), manifest.get("tables")
    if not isinstance(migrations, dict) or not all(
        isinstance(names, list) for names in migrations.values()
    ):
        raise bad("migration state")
    if not isinstance(tables, dict) or not all(isinstance(n, int) for n in tables.values()):
        raise bad("row counts")


def _safe_relative(name: str) -> bool:
    pure = PurePosixPath(name)
    return (
        bool(name)
        and not pure.is_absolute()
        and "\\" not in name
        and "\x00" not in name
        and all(part not in {"", ".", ".."} for part in name.split("/"))
    )


# --- Restore --------------------------------------------------------------------------


def _known_migrations() -> set[tuple[str, str]]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(tuple(key) for key in migration.replaces or ())
    return known


def _media_entries(root: Path) -> list[str]:
    if not root.is_dir():
        return []
    return [entry.name for entry in root.iterdir() if not entry.name.startswith(STAGING_PREFIX)]


def check_restore_target(manifest: dict, *, using: str = "default", force: bool = False) -> None:
    """Refuse when ``manifest`` cannot be restored into database ``using`` and MEDIA_ROOT."""
    connection = connections[using]
    if manifest["engine"] != connection.vendor:
        raise BackupRefused(
            f"the backup is of a {manifest['engine']} database, this installation uses "
            f"{connection.vendor}; restore into the same engine"
        )
    known = _known_migrations()
    unknown = sorted(
        f"{app}.{name}"
        for app, names in manifest["migrations"].items()
        for name in names
        if (app, name) not in known
    )
    if unknown:
        more = f" and {len(unknown) - 3} more" if len(unknown) > 3 else ""
        shown = ", ".join(unknown[:3]) + more
        raise BackupRefused(
            f"the backup has migrations this code does not know ({shown}); "
            "restore it with the Körpü version that made it "
            f"({manifest.get('korpu_version', 'unknown')}) or newer"
        )
    if force:
        return
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    media = _media_entries(Path(settings.MEDIA_ROOT))
    if tables or media:
        found = " and ".join(
            part
            for part in (
                f"the database has {len(tables)} tables" if tables else "",
                f"{settings.MEDIA_ROOT} is not empty" if media else "",
            )
            if part
        )
        raise BackupRefused(
            f"{found}; restore into an empty database and media directory, "
            "or pass --force to replace them"
        )


def restore_backup(
    path: Path, *, using: str = "default", force: bool = False, progress: Progress = _quiet
) -> RestoreResult:
    """Restore the archive at ``path`` into database ``using`` and MEDIA_ROOT."""
    started = time.monotonic()
    path = Path(path)
    progress(f"archive: reading {path}")
    manifest = read_manifest(path)
    check_restore_target(manifest, using=using, force=force)
    connection = connections[using]
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=media_root, prefix=STAGING_PREFIX))
    try:
        database_file = _unpack(path, manifest, staging, progress)
        tables = manifest["tables"]
        progress(f"database: restoring {len(tables)} tables, {sum(tables.values())} rows")
        db_started = time.monotonic()
        if manifest["engine"] == "postgresql":
            _restore_postgresql(connection, database_file, force=force, progress=progress)
        else:
            _restore_sqlite(connection, database_file, progress=progress)
        _verify_counts(connection, tables)
        progress(
            f"database: restored and row counts verified in {time.monotonic() - db_started:.1f} s"
        )
        _swap_media(media_root, staging)
        progress(f"files: {len(manifest['files'])} files in place in {media_root}")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    connection.close()
    executor = MigrationExecutor(connections[using])
    pending = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    return RestoreResult(
        tables=len(manifest["tables"]),
        rows=sum(manifest["tables"].values()),
        files=len(manifest["files"]),
        file_bytes=sum(entry["size"] for entry in manifest["files"]),
        pending_migrations=pending,
        seconds=time.monotonic() - started,
    )


def _unpack(path: Path, manifest: dict, staging: Path, progress: Progress) -> Path:
    """Extract every member into ``staging`` (files under staging/media), checking sizes and
    checksums against the manifest; returns the database file."""
    expected = {MEDIA_PREFIX + entry["path"]: entry for entry in manifest["files"]}
    database = manifest["database"]
    expected[database["path"]] = database
    total = sum(entry["size"] for entry in expected.values())
    progress(f"archive: checking and unpacking {len(expected)} members, {_megabytes(total)}")
    seen, done, ticker = set(), 0, _Ticker()
    try:
        with tarfile.open(path, mode="r:*") as archive:
            for member in archive:
                if member.name == MANIFEST:
                    continue
                entry = expected.get(member.name)
                if entry is None or not member.isfile() or member.name in seen:
                    raise BackupRefused(
                        f"{path}: {member.name!r} is not listed in the manifest (damaged archive)"
                    )
                seen.add(member.name)
                target = staging / member.name
                target.parent.mkdir(parents=True, exist_ok=True)
                digest, size = hashlib.sha256(), 0
                source = archive.extractfile(member)
                with open(target, "wb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                if (size, digest.hexdigest()) != (entry["size"], entry["sha256"]):
                    raise BackupRefused(
                        f"{path}: checksum mismatch for {member.name!r}; the archive is damaged"
                    )
                os.utime(target, (member.mtime, member.mtime))
                done += size
                if ticker.due():
                    progress(f"archive: {len(seen)}/{len(expected)} members, {_megabytes(done)}")
    except (tarfile.TarError, EOFError) as error:
        raise BackupRefused(f"{path}: the archive is damaged ({_brief(error)})") from error
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupRefused(f"{path}: {missing[0]!r} and {len(missing) - 1} more are missing")
    return staging / database["path"]


def _restore_postgresql(connection, dump: Path, *, force: bool, progress: Progress) -> None:
    connection.close()  # no open transaction of ours in the way
    command = [
        "pg_restore",
        "--single-transaction",
        "--exit-on-error",
        "--no-owner",
        "--no-privileges",
        f"--dbname={connection.settings_dict['NAME']}",
    ]
    if force:
        command += ["--clean", "--if-exists"]
    _run_pg_tool([*command, str(dump)], connection, progress, what="pg_restore")


def _restore_sqlite(connection, copy: Path, *, progress: Progress) -> None:
    source = sqlite3.connect(copy)
    try:
        if source.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise BackupRefused("the database file in the archive is damaged")
        connection.close()
        connection.ensure_connection()
        ticker = _Ticker()

        def report(status, remaining, total):
            if ticker.due():
                progress(f"database: {total - remaining}/{total} pages copied")

        # Replaces the target page by page in one transaction: all or nothing.
        source.backup(connection.connection, pages=1024, progress=report)
    finally:
        source.close()
        connection.close()


def _verify_counts(connection, tables: dict[str, int]) -> None:
    with connection.cursor() as cursor:
        for table, expected in tables.items():
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
            found = cursor.fetchone()[0]
            if found != expected:
                raise BackupError(
                    f"table {table} has {found} rows after the restore, the backup {expected}"
                )


def _swap_media(media_root: Path, staging: Path) -> None:
    """Replace MEDIA_ROOT's entries by the staged ones with renames (same file system);
    on an error, put the old entries back."""
    new_root, old_root = staging / "media", staging / "previous"
    new_root.mkdir(exist_ok=True)
    old_root.mkdir()
    moved_out, moved_in = [], []
    try:
        for name in _media_entries(media_root):
            os.rename(media_root / name, old_root / name)
            moved_out.append(name)
        for entry in sorted(new_root.iterdir()):
            os.rename(entry, media_root / entry.name)
            moved_in.append(entry.name)
    except OSError as error:
        for name in moved_in:
            os.rename(media_root / name, new_root / name)
        for name in moved_out:
            os.rename(old_root / name, media_root / name)
        raise BackupError(
            f"could not put the restored files in {media_root} ({_brief(error)}); "
            "the database is restored, the files are as before"
        ) from error
