"""Settings for the e-commerce maturity app, all from the environment.

Every value has a default that works for a local checkout (`make run`); a
deployment sets SECRET_KEY, DEBUG, ALLOWED_HOSTS and DATABASE_URL.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from config.env import (
    cache_from_url,
    env_bool,
    env_int,
    env_list,
    mailer_from_url,
    read_env_file,
)

# Lets the generic classes the types name be subscripted at run time too
# (`admin.ModelAdmin[Question]`, `forms.ModelForm[Goal]`); django-tasks-db happens to
# do the same on import, but the app should not rely on that.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent

# A local `.env` (written by `make run` with generated keys) fills in what the process
# environment does not set. ENV_FILE points elsewhere, or to nothing (tests of the refusal).
read_env_file(Path(os.environ.get("ENV_FILE", BASE_DIR / ".env")))

DEBUG = env_bool("DEBUG", False)
MISSING_SECRET = (
    "{name} is not set. With DEBUG off the app refuses to start without it: set it in the "
    "environment or in .env (`make run` writes one with generated keys)."
)
SAME_KEYS = "CUSTOMER_ID_KEY must differ from SECRET_KEY, so rotating one never touches the other."


def secret(name: str) -> str:
    """A key from the environment; only DEBUG may run without one (never a public default)."""
    value = os.environ.get(name, "").strip()
    if value:
        return value
    if DEBUG:
        return f"debug-only-{name.lower()}-never-deploy-this"
    raise ImproperlyConfigured(MISSING_SECRET.format(name=name))


SECRET_KEY = secret("SECRET_KEY")
# Old keys still accepted for sessions and signed links while a new SECRET_KEY rolls out.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", "")
# Customer ids are stored only as HMAC-SHA256 with this key: its own key, so that rotating
# SECRET_KEY never orphans a stored customer hash.
CUSTOMER_ID_KEY = secret("CUSTOMER_ID_KEY")
if CUSTOMER_ID_KEY == SECRET_KEY and not DEBUG:
    raise ImproperlyConfigured(SAME_KEYS)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tasks_db",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "axes",
    "organizations",
    "maturity",
    "assessments",
    "workspace",
    "lifecycle",
    "core",
    "front",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise, which answers static files itself with their precompressed copies:
    # this compresses pages and JSON. BREACH needs a secret repeated in a compressed body
    # beside text an attacker controls; Django masks the CSRF token afresh in every response
    # and pages carry no other secret, so compressing HTML is safe here.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Inside WhiteNoise, so static files keep their own caching headers.
    "config.middleware.PrivateByDefaultMiddleware",
    # Last, as django-axes requires.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "front.context_processors.app_bar",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent respondents: writers queue for the lock (IMMEDIATE, up to 20 s) instead of
    # failing with "database is locked", and readers never wait for a writer (WAL).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out user is refused before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Languages the product speaks; English is the fallback for every text.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("de", _("German")), ("ko", _("Korean"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
FIXTURE_DIRS = [BASE_DIR / "fixtures"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    # Bootstrap and plotly.js come from their Python packages, never from a CDN.
    "config.staticfinders.VendorFinder",
]
# Serve static files straight from the finders, so `make run` needs no collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
# collectstatic (`make run`, `make serve`) writes every file under a name holding a hash of
# its content, plus gzip and brotli copies; pages name the hashed files, which WhiteNoise
# sends with `Cache-Control: max-age=315360000, public, immutable` (unhashed names: 60 s).
# STATIC_MANIFEST=0 (the tests) serves the plain names without collectstatic.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST", True)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# What is frozen (published question banks, the peer set, submitted results' rendered
# bodies) is cached under keys that name its version: in this process's memory by default,
# in Redis (shared by all worker processes) when REDIS_URL or CACHE_URL is set.
CACHES = {"default": cache_from_url(os.environ.get("REDIS_URL") or os.environ.get("CACHE_URL"))}

# Mail (invitations): EMAIL_URL such as smtp://user:password@host:587; without it, mail
# is written to the console.
MAILERS = {"default": mailer_from_url(os.environ.get("EMAIL_URL", "console://"))}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Commerce maturity <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Evidence files on answers (PDF, PNG, JPEG, WebP), stored under MEDIA_ROOT, served to members
# only through a view; never from a public media URL.
EVIDENCE_MAX_BYTES = int(os.environ.get("EVIDENCE_MAX_MB", "10")) * 2**20

# Orders imports (SPEC.md 3.1). An upload over ORDERS_MAX_BYTES is stopped while it streams.
# Only a file whose CSV bytes, or XLSX uncompressed size, is at most ORDERS_INLINE_MAX_BYTES
# (about 50,000 orders) is imported inside the request; the worker takes everything else and
# refuses more than ORDERS_MAX_ROWS orders or an XLSX over ORDERS_XLSX_MAX_UNCOMPRESSED_BYTES.
ORDERS_MAX_BYTES = int(os.environ.get("ORDERS_MAX_MB", "200")) * 2**20
ORDERS_INLINE_MAX_BYTES = int(os.environ.get("ORDERS_INLINE_MAX_KB", "2048")) * 2**10
ORDERS_MAX_ROWS = int(os.environ.get("ORDERS_MAX_ROWS", "2000000"))
ORDERS_XLSX_MAX_UNCOMPRESSED_BYTES = (
    int(os.environ.get("ORDERS_XLSX_MAX_UNCOMPRESSED_MB", "500")) * 2**20
)
# An import whose worker has shown no sign of life for this long is marked failed.
ORDERS_STALE_MINUTES = int(os.environ.get("ORDERS_STALE_MINUTES", "15"))
ORDERS_PENDING_STALE_MINUTES = int(os.environ.get("ORDERS_PENDING_STALE_MINUTES", "60"))

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# The read-only JSON API under /api/v1/ (api/): token or session authentication.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Commerce maturity API",
    "DESCRIPTION": "Read-only: organizations, assessments, results and comparisons.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# No inline script anywhere: pages load their code from static files only.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    # plotly.js sets style attributes on the SVG it draws.
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
}

# HTTPS, from the environment (README, "Deployment"): behind a TLS proxy set
# SECURE_PROXY_SSL_HEADER=1 so that Django trusts its X-Forwarded-Proto: https.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one user
# from one address, that pair is locked out for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.lockout.locked_out"
AXES_ENABLED = env_bool("AXES_ENABLED", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
