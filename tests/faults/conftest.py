"""Fault tests: real gunicorn, task workers and PostgreSQL processes killed and
restarted. They need PostgreSQL (a skip without it, a failure with
KORPU_REQUIRE_POSTGRES=1) and run alone: ``make test-faults``."""

import tempfile
from pathlib import Path

import pytest

from tests.faults import harness


@pytest.fixture(scope="session")
def faults_template():
    """The migrated template database every fault test copies."""
    harness.require_postgres()
    data = Path(tempfile.mkdtemp(prefix="korpu-faults-template-"))
    harness.template_database(data)
    return harness.TEMPLATE


@pytest.fixture
def data_dir(tmp_path):
    (tmp_path / "mail").mkdir()
    return tmp_path
