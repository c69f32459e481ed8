#!/usr/bin/env python3
"""Exit 0 when the PostgreSQL server in the given URL accepts connections."""

import sys

import psycopg

url = sys.argv[1].replace("postgres://", "postgresql://", 1)
# Connect to the maintenance database: the test database may not exist yet.
base = url.rsplit("/", 1)[0] + "/postgres"
try:
    psycopg.connect(base, connect_timeout=3).close()
except psycopg.Error as exc:
    print(f"PostgreSQL not ready: {exc}".strip(), file=sys.stderr)
    sys.exit(1)
