"""The settings refuse to run without real keys and configure HTTPS, mail and SQLite from
the environment. Each case starts a fresh interpreter, as a server start would."""

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from config.env import BAD_EMAIL_URL, mailer_from_url, read_env_file

ROOT = Path(__file__).resolve().parents[2]
STRONG = "k" * 10 + "Qx7-Vb2_pL9zR4tY8uW1eE6oI3aS5dF0gH2jK7lZ9xC4vB8nM1"
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": STRONG,
    "CUSTOMER_ID_KEY": "another-key-for-customer-ids-0123456789abcdefghij",
    "ALLOWED_HOSTS": "maturity.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://maturity.example.com",
    "SECURE_COOKIES": "1",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
    "SECURE_PROXY_SSL_HEADER": "1",
    "EMAIL_URL": "smtp://mailer:s%40cret@mail.example.com:587",
}


def run(code: str, **env: str) -> subprocess.CompletedProcess:
    """Python code run in a fresh interpreter with only `env` (and no .env file)."""
    clean = {key: value for key, value in os.environ.items() if key not in PRODUCTION}
    clean.pop("CUSTOMER_ID_KEY", None)
    clean.update({"ENV_FILE": "/nonexistent/.env", "DJANGO_SETTINGS_MODULE": "config.settings"})
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )


SETUP = "import django; django.setup(); from django.conf import settings; "


def test_the_app_refuses_to_start_without_a_secret_key_when_debug_is_off() -> None:
    env = {**PRODUCTION}
    del env["SECRET_KEY"]
    done = run(SETUP + "print('started')", **env)
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr
    assert "SECRET_KEY is not set" in done.stderr
    assert "started" not in done.stdout


def test_the_app_refuses_to_start_without_a_customer_id_key() -> None:
    env = {**PRODUCTION}
    del env["CUSTOMER_ID_KEY"]
    done = run(SETUP + "print('started')", **env)
    assert done.returncode != 0
    assert "CUSTOMER_ID_KEY is not set" in done.stderr


def test_the_customer_id_key_may_not_be_the_secret_key() -> None:
    done = run(SETUP + "print('started')", **{**PRODUCTION, "CUSTOMER_ID_KEY": STRONG})
    assert done.returncode != 0
    assert "must differ from SECRET_KEY" in done.stderr


def test_the_keys_come_from_the_env_file_when_the_environment_has_none(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(
        f"# written by make run\nSECRET_KEY='{STRONG}'\nCUSTOMER_ID_KEY=from-the-file\n"
    )
    env = {key: value for key, value in PRODUCTION.items() if not key.endswith("_KEY")}
    done = run(
        SETUP + f"print(settings.SECRET_KEY == {STRONG!r}, settings.CUSTOMER_ID_KEY)",
        **env,
        ENV_FILE=str(env_file),
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "from-the-file"]


def test_the_environment_wins_over_the_env_file(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("SECRET_KEY=from-the-file\nexport DEBUG=1\n")
    environ = {"SECRET_KEY": "from-the-environment"}
    read_env_file(env_file, environ)
    assert environ == {"SECRET_KEY": "from-the-environment", "DEBUG": "1"}


def test_check_deploy_is_clean_with_the_production_variables() -> None:
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k != "DEBUG"},
            **PRODUCTION,
            "ENV_FILE": "/nonexistent/.env",
        },
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr + done.stdout
    assert "no issues" in done.stdout


def test_https_settings_come_from_the_environment() -> None:
    done = run(
        SETUP + "print(settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS,"
        " settings.SECURE_HSTS_INCLUDE_SUBDOMAINS, settings.SECURE_HSTS_PRELOAD,"
        " settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE,"
        " settings.SECURE_PROXY_SSL_HEADER, settings.MAILERS['default']['OPTIONS']['host'])",
        **PRODUCTION,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [
        "True",
        "31536000",
        "True",
        "True",
        "True",
        "True",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
        "mail.example.com",
    ]


def test_an_email_url_becomes_an_smtp_mailer() -> None:
    assert mailer_from_url("smtp://mailer:s%40cret@mail.example.com:587?timeout=10") == {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": "mail.example.com",
            "port": 587,
            "use_tls": True,
            "use_ssl": False,
            "username": "mailer",
            "password": "s@cret",
            "timeout": 10,
        },
    }
    assert mailer_from_url("smtps://mail.example.com")["OPTIONS"] == {
        "host": "mail.example.com",
        "port": 465,
        "use_tls": False,
        "use_ssl": True,
    }
    assert mailer_from_url("console://") == {
        "BACKEND": "django.core.mail.backends.console.EmailBackend"
    }


def test_a_malformed_email_url_is_refused() -> None:
    with pytest.raises(ValueError, match="EMAIL_URL must look like"):
        mailer_from_url("http://mail.example.com")
    assert BAD_EMAIL_URL.startswith("EMAIL_URL")


def test_sqlite_is_set_up_for_concurrent_writers() -> None:
    done = run(
        SETUP + "print(settings.DATABASES['default']['OPTIONS'])",
        DEBUG="1",
        DATABASE_URL="sqlite:////tmp/any.sqlite3",
    )
    assert done.returncode == 0, done.stderr
    options = ast.literal_eval(done.stdout)
    assert options == {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }


@pytest.mark.django_db
def test_the_sqlite_database_runs_in_wal_mode_with_immediate_transactions() -> None:
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == 1  # NORMAL
