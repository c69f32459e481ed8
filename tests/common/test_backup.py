"""`korpu backup` and `korpu restore`: a round trip into an empty database compares every
table and every file; damaged archives and wrong targets are refused with exit status 2
and nothing changed."""

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from korpu.common.backup import DATABASE_MEMBERS, MANIFEST, read_manifest
from korpu.directory.demo import load_demo
from korpu.directory.models import Organisation, PartnershipDocument
from korpu.events.demo import load_events_demo
from korpu.facilities.demo import load_facilities_demo
from korpu.matchmaking.demo import load_matchmaking_demo
from korpu.programs.demo import load_programmes_demo
from tests import factories

# A backup reads the database in its own snapshot transaction, and the restore runs in
# another process: the data must be committed.
pytestmark = pytest.mark.django_db(transaction=True)

REPO = Path(__file__).resolve().parents[2]

# Uploads of every shape: nested, non-ASCII names, binary, empty.
UPLOADS = {
    "logos/pusula.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40,
    "partnerships/memorandum-2020.pdf": b"%PDF-1.7\n" + os.urandom(300_000),
    "people/şəkil ğüç.webp": b"RIFF\x00\x00\x00\x00WEBP" + os.urandom(5000),
    "transfer/deals/7/empty.txt": b"",
}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "source" / "media"
    return settings.MEDIA_ROOT


def load_uploads(media: Path) -> None:
    """Uploaded files as the app stores them: through the storage, referenced by rows."""
    from django.core.files.storage import default_storage

    organisation = factories.OrganisationFactory()
    organisation.logo.save("pusula.png", ContentFile(UPLOADS["logos/pusula.png"]))
    partnership = factories.PartnershipFactory(parties=[organisation])
    PartnershipDocument.objects.create(
        partnership=partnership,
        title="Memorandum",
        file=ContentFile(UPLOADS["partnerships/memorandum-2020.pdf"], name="memorandum-2020.pdf"),
    )
    for name in ("people/şəkil ğüç.webp", "transfer/deals/7/empty.txt"):
        default_storage.save(name, ContentFile(UPLOADS[name]))
    assert sorted(p.relative_to(media).as_posix() for p in media.rglob("*") if p.is_file()) == (
        sorted(UPLOADS)
    )


def files_of(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def korpu(*args: str, data_dir: Path, database_url: str) -> subprocess.CompletedProcess:
    """Run the `korpu` command in a fresh process against another database and data dir."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO)]),
        "DATABASE_URL": database_url,
        "KORPU_DATA_DIR": str(data_dir),
    }
    return subprocess.run(
        [sys.executable, "-m", "korpu", *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )


def backup(path: Path) -> Path:
    call_command("backup", output=path, stdout=io.StringIO())
    return path


def refusal(*args, **options) -> str:
    """Run `korpu restore` in this process; it must refuse with exit status 2."""
    with pytest.raises(CommandError) as refused:
        call_command("restore", *args, stdout=io.StringIO(), **options)
    assert refused.value.returncode == 2
    message = str(refused.value)
    assert "\n" not in message
    return message


# --- Round trips -------------------------------------------------------------------------


def sqlite_tables(db: sqlite3.Connection) -> dict[str, tuple[int, str]]:
    names = [
        name
        for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        )
    ]
    result = {}
    for name in names:
        rows = sorted(repr(row) for row in db.execute(f'SELECT * FROM "{name}"'))
        result[name] = (len(rows), hashlib.md5("\n".join(rows).encode()).hexdigest())
    return result


@pytest.mark.skipif("connection.vendor != 'sqlite'", reason="the SQLite round trip")
def test_sqlite_round_trip_into_an_empty_database(media, tmp_path):
    load_demo()
    load_programmes_demo()
    load_uploads(media)
    archive = backup(tmp_path / "korpu.tar")

    target = tmp_path / "target"
    restored = korpu(
        "restore", str(archive), data_dir=target, database_url=f"sqlite:///{target}/db.sqlite3"
    )
    assert restored.returncode == 0, restored.stderr
    assert "Restored" in restored.stdout

    connection.ensure_connection()
    source = sqlite_tables(connection.connection)
    # Read the copy as Django reads the source (its converters turn dates into datetimes).
    types = sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES
    with sqlite3.connect(target / "db.sqlite3", detect_types=types) as copy:
        copied = sqlite_tables(copy)
    assert copied == source
    assert source["directory_organisation"][0] > 0
    assert files_of(target / "media") == UPLOADS


def pg_connect(dbname: str) -> psycopg.Connection:
    db = settings.DATABASES["default"]
    return psycopg.connect(
        dbname=dbname,
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        autocommit=True,
    )


def pg_url(dbname: str) -> str:
    db = settings.DATABASES["default"]
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST']}:{db['PORT'] or 5432}/{dbname}"


def pg_fingerprint(dbname: str) -> dict[str, tuple]:
    """Every table's row count and md5 of its rows in a fixed order; every sequence's
    position; every index and constraint by name."""
    with pg_connect(dbname) as db:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        result = {}
        for table in tables:
            result[f"table {table}"] = db.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) "
                f'FROM "{table}" t'
            ).fetchone()
        for (sequence,) in db.execute(
            "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'"
        ).fetchall():
            result[f"sequence {sequence}"] = db.execute(
                f'SELECT last_value, is_called FROM "{sequence}"'
            ).fetchone()
        result["indexes"] = tuple(
            db.execute(
                "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1"
            ).fetchall()
        )
        result["constraints"] = tuple(
            db.execute(
                "SELECT conname FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace "
                "WHERE n.nspname = 'public' ORDER BY 1"
            ).fetchall()
        )
    return result


@pytest.fixture
def empty_postgres_database():
    name = f"{settings.DATABASES['default']['NAME']}_restore"
    with pg_connect("postgres") as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with pg_connect("postgres") as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.postgres
def test_postgres_round_trip_into_an_empty_database(media, tmp_path, empty_postgres_database):
    load_demo()
    load_programmes_demo()
    load_events_demo()
    load_matchmaking_demo()
    load_facilities_demo()
    load_uploads(media)
    archive = backup(tmp_path / "korpu.tar")
    manifest = read_manifest(archive)
    assert manifest["engine"] == "postgresql"
    assert manifest["tables"]["directory_organisation"] == Organisation.objects.count()

    target = tmp_path / "target"
    run = {"data_dir": target, "database_url": pg_url(empty_postgres_database)}
    restored = korpu("restore", str(archive), **run)
    assert restored.returncode == 0, restored.stderr

    source = pg_fingerprint(settings.DATABASES["default"]["NAME"])
    copied = pg_fingerprint(empty_postgres_database)
    assert copied == source
    tables = [key for key in source if key.startswith("table ")]
    assert len(tables) == len(manifest["tables"]) > 100
    assert sum(source[t][0] for t in tables) == sum(manifest["tables"].values()) > 1000
    assert files_of(target / "media") == UPLOADS

    # Restoring again over it needs --force, which replaces it with the same data.
    again = korpu("restore", str(archive), **run)
    assert (again.returncode, again.stderr.count("\n")) == (2, 1)
    assert "the database has" in again.stderr and "--force" in again.stderr
    (target / "media" / "stray.txt").write_bytes(b"not in the backup")
    forced = korpu("restore", str(archive), "--force", **run)
    assert forced.returncode == 0, forced.stderr
    assert pg_fingerprint(empty_postgres_database) == source
    assert files_of(target / "media") == UPLOADS


def test_backup_refuses_to_overwrite_an_archive(media, tmp_path):
    archive = backup(tmp_path / "korpu.tar")
    before = archive.read_bytes()
    with pytest.raises(CommandError) as refused:
        backup(archive)
    assert refused.value.returncode == 2
    assert "already exists" in str(refused.value)
    assert archive.read_bytes() == before


def test_backup_archive_lists_every_file_with_its_checksum(media, tmp_path):
    load_uploads(media)
    archive = backup(tmp_path / "korpu.tar")
    manifest = read_manifest(archive)
    assert {f["path"]: (f["size"], f["sha256"]) for f in manifest["files"]} == {
        name: (len(data), hashlib.sha256(data).hexdigest()) for name, data in UPLOADS.items()
    }
    assert manifest["migrations"]["directory"][0] == "0001_initial"
    assert manifest["tables"]["directory_partnershipdocument"] == 1
    with tarfile.open(archive) as tar:
        assert sorted(tar.getnames()) == sorted(
            [MANIFEST, DATABASE_MEMBERS[connection.vendor]] + [f"media/{n}" for n in UPLOADS]
        )
    assert archive.stat().st_mode & 0o777 == 0o600  # personal data: owner only


# --- Refusals: exit status 2, one line, nothing changed -----------------------------------


def rewrite(archive: Path, out: Path, *, manifest=None, member=None, extra=None) -> Path:
    """A copy of ``archive`` with the manifest changed by ``manifest(dict)``, the bytes of
    member name ``member[0]`` replaced by ``member[1](bytes)``, and ``extra`` added."""
    with tarfile.open(archive) as source, tarfile.open(out, "w") as target:
        for info in source.getmembers():
            data = source.extractfile(info).read()
            if info.name == MANIFEST and manifest:
                content = json.loads(data)
                manifest(content)
                data = json.dumps(content).encode()
            if member and info.name == member[0]:
                data = member[1](data)
            info.size = len(data)
            target.addfile(info, io.BytesIO(data))
        for name, data in (extra or {}).items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            target.addfile(info, io.BytesIO(data))
    return out


@pytest.fixture
def archive(media, tmp_path):
    load_uploads(media)
    return backup(tmp_path / "korpu.tar")


def state(media: Path) -> tuple:
    """What a refused restore must leave alone."""
    return (Organisation.objects.count(), PartnershipDocument.objects.count(), files_of(media))


def test_a_missing_archive_is_refused_on_the_command_line(tmp_path):
    url = f"sqlite:///{tmp_path}/db.sqlite3"
    result = korpu("restore", str(tmp_path / "nope.tar"), data_dir=tmp_path, database_url=url)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"CommandError: restore refused: {tmp_path / 'nope.tar'}: no such file"
    ]


def test_a_file_that_is_not_a_backup_is_refused(media, tmp_path):
    junk = tmp_path / "junk.tar"
    junk.write_bytes(os.urandom(10_000))
    assert "cannot read the archive: damaged, cut short or not a tar file" in refusal(
        junk, force=True
    )


def test_a_cut_short_archive_is_refused(archive, media, tmp_path):
    before = state(media)
    cut = tmp_path / "cut.tar"
    cut.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    message = refusal(cut, force=True)
    assert "cannot read the archive: damaged, cut short" in message
    assert state(media) == before


def test_a_checksum_mismatch_is_refused_and_nothing_changes(archive, media, tmp_path):
    before = state(media)
    flipped = rewrite(
        archive,
        tmp_path / "flipped.tar",
        member=("media/logos/pusula.png", lambda data: data[:-1] + bytes([data[-1] ^ 1])),
    )
    assert "checksum mismatch for 'media/logos/pusula.png'" in refusal(flipped, force=True)
    assert state(media) == before
    assert not [p for p in media.iterdir() if p.name.startswith(".")]  # no staging left


def test_a_damaged_database_copy_is_refused(archive, media, tmp_path):
    before = state(media)
    name = DATABASE_MEMBERS[connection.vendor]
    damaged = rewrite(archive, tmp_path / "damaged.tar", member=(name, lambda d: d[:1000]))
    assert f"checksum mismatch for '{name}'" in refusal(damaged, force=True)
    assert state(media) == before


def test_a_member_outside_the_manifest_is_refused(archive, media, tmp_path):
    sneaky = rewrite(archive, tmp_path / "sneaky.tar", extra={"media/../../evil.sh": b"x"})
    assert "not listed in the manifest" in refusal(sneaky, force=True)
    assert not (media.parent.parent / "evil.sh").exists()


def test_another_engine_is_refused(archive, media, tmp_path):
    other = "sqlite" if connection.vendor == "postgresql" else "postgresql"

    def claim_other_engine(manifest):
        manifest["engine"] = other
        manifest["database"]["path"] = DATABASE_MEMBERS[other]

    foreign = rewrite(archive, tmp_path / "foreign.tar", manifest=claim_other_engine)
    message = refusal(foreign, force=True)
    assert f"the backup is of a {other} database" in message


def test_migrations_newer_than_the_code_are_refused(archive, media, tmp_path):
    def from_the_future(manifest):
        manifest["migrations"]["directory"].append("9999_from_the_future")

    newer = rewrite(archive, tmp_path / "newer.tar", manifest=from_the_future)
    before = state(media)
    message = refusal(newer, force=True)
    assert "migrations this code does not know (directory.9999_from_the_future)" in message
    assert state(media) == before


def test_a_newer_backup_format_is_refused(archive, media, tmp_path):
    newer = rewrite(archive, tmp_path / "v2.tar", manifest=lambda m: m.update(format_version=2))
    assert "backup format 2, this Körpü reads format 1" in refusal(newer, force=True)


def test_a_database_with_tables_is_not_replaced_without_force(archive, media):
    before = state(media)
    message = refusal(archive)
    assert "the database has" in message and "pass --force" in message
    assert state(media) == before
