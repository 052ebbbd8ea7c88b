"""Reading the deployment's configuration from the environment (no Django imports).

`make run` writes a local `.env` with generated keys on first run; a deployment sets the
same variables in its process environment, which always wins over the file.
"""

import os
import secrets
from collections.abc import MutableMapping
from pathlib import Path
from typing import Required, TypedDict
from urllib.parse import parse_qs, unquote, urlsplit

TRUE = {"1", "true", "yes", "on"}
MAIL_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
}
BAD_EMAIL_URL = "EMAIL_URL must look like smtp://user:password@host:587 (or smtps://, console://)."
BAD_CACHE_URL = (
    "REDIS_URL/CACHE_URL must look like redis://host:6379/0 (or rediss://, locmem://, dummy://)."
)
CACHE_BACKENDS = {
    "redis": "django.core.cache.backends.redis.RedisCache",
    "rediss": "django.core.cache.backends.redis.RedisCache",
    "locmem": "django.core.cache.backends.locmem.LocMemCache",
    "dummy": "django.core.cache.backends.dummy.DummyCache",
}


class Cache(TypedDict, total=False):
    BACKEND: Required[str]
    LOCATION: str
    KEY_PREFIX: str
    KEY_FUNCTION: str
    OPTIONS: dict[str, int]


class MailerOptions(TypedDict, total=False):
    host: Required[str]
    port: Required[int]
    use_tls: Required[bool]
    use_ssl: Required[bool]
    username: str
    password: str
    timeout: int


class Mailer(TypedDict, total=False):
    BACKEND: Required[str]
    OPTIONS: MailerOptions  # SMTP backends only


def read_env_file(path: Path, environ: MutableMapping[str, str] | None = None) -> None:
    """Put the KEY=value lines of `path` into the environment, unless already set there."""
    target: MutableMapping[str, str] = os.environ if environ is None else environ
    if not path.is_file():
        return
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        key, value = key.strip().removeprefix("export ").strip(), value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        target.setdefault(key, value)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in TRUE


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def new_key() -> str:
    """A fresh random key, long and varied enough for `check --deploy`."""
    return secrets.token_urlsafe(50)


def mailer_from_url(url: str) -> Mailer:
    """One MAILERS entry from an EMAIL_URL such as smtp://user:pass@host:587?timeout=10.

    smtp:// uses STARTTLS on port 587 (the default) and plain SMTP on port 25;
    smtps:// uses implicit TLS (port 465 by default).
    """
    parts = urlsplit(url)
    if parts.scheme not in MAIL_BACKENDS:
        raise ValueError(BAD_EMAIL_URL)
    mailer: Mailer = {"BACKEND": MAIL_BACKENDS[parts.scheme]}
    if not parts.scheme.startswith("smtp"):
        return mailer
    if not parts.hostname:
        raise ValueError(BAD_EMAIL_URL)
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    ssl = parts.scheme == "smtps" or query.get("ssl", "").lower() in TRUE
    port = parts.port or (465 if ssl else 587)
    tls = not ssl and (port != 25 or query.get("tls", "").lower() in TRUE)
    options: MailerOptions = {"host": parts.hostname, "port": port, "use_tls": tls, "use_ssl": ssl}
    if parts.username:
        options["username"] = unquote(parts.username)
        options["password"] = unquote(parts.password or "")
    if "timeout" in query:
        options["timeout"] = int(query["timeout"])
    mailer["OPTIONS"] = options
    return mailer


def cache_from_url(url: str | None, *, prefix: str = "maturity") -> Cache:
    """The default CACHES entry: Redis for redis:// or rediss:// (shared by every worker
    process), else this process's own memory (locmem://, the default) or none (dummy://)."""
    # What is cached is named by its version and never goes stale; entries only make room.
    local: Cache = {"BACKEND": CACHE_BACKENDS["locmem"], "LOCATION": prefix}
    local["OPTIONS"] = {"MAX_ENTRIES": 2000}
    if not url:
        return local
    scheme = urlsplit(url).scheme
    if scheme not in CACHE_BACKENDS:
        raise ValueError(BAD_CACHE_URL)
    if scheme.startswith("redis"):
        # Shared with other processes and kept across deployments: every key names the
        # release, so nothing rendered or pickled by an earlier one is read.
        return {
            "BACKEND": CACHE_BACKENDS[scheme],
            "LOCATION": url,
            "KEY_PREFIX": prefix,
            "KEY_FUNCTION": "core.page_cache.cache_key",
        }
    if scheme == "locmem":
        return local
    return {"BACKEND": CACHE_BACKENDS[scheme]}
