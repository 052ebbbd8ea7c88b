"""Run the test suite against the local PostgreSQL server, in a throw-away database.

Creates `ci_<random>` on POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres),
runs pytest with DATABASE_URL pointing at it (pytest-django then creates and drops its own
`test_ci_<random>`), and drops the database again whatever happens. Never touches the
database named `test`. Extra arguments go to pytest.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def main(args: list[str]) -> int:
    name = f"ci_{secrets.token_hex(4)}"
    try:
        admin = psycopg.connect(SERVER, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        print(f"test-postgres: cannot reach PostgreSQL at {SERVER}: {exc}", file=sys.stderr)
        return 2
    with admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            parts = urlsplit(SERVER)
            url = urlunsplit(parts._replace(path=f"/{name}"))
            print(f"test-postgres: running the suite on PostgreSQL ({name})", flush=True)
            env = {**os.environ, "DATABASE_URL": url}
            return subprocess.call([sys.executable, "-m", "pytest", *args], cwd=ROOT, env=env)
        finally:
            for database in (f"test_{name}", name):
                admin.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                        sql.Identifier(database)
                    )
                )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
