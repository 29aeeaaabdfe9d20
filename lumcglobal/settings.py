"""
Settings for the LUMC Global site, read from the environment.

No variables at all gives a local site on SQLite in debug mode only when
DJANGO_DEBUG=1; with debug off (the default) the secret key and the allowed
hosts must be given, and start-up stops with a message naming the missing
variable. Every variable is listed, with an example, in `.env.example`.
Booleans are 1/0, lists are comma-separated.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=""):
    return os.environ.get(name, default).strip()


def env_bool(name, default):
    value = env(name)
    if not value:
        return default
    if value in {"1", "0"}:
        return value == "1"
    raise ImproperlyConfigured(f"{name} must be 1 or 0, not {value!r}.")


def env_int(name, default):
    value = env(name)
    try:
        return int(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def required(name):
    """A value production cannot run without."""
    value = env(name)
    if not value and not DEBUG:
        raise ImproperlyConfigured(
            f"{name} is not set. It is required when DJANGO_DEBUG is off; see .env.example."
        )
    return value


# Core

DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = required("DJANGO_SECRET_KEY") or "insecure-local-development-key"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS") or (
    ["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
if not ALLOWED_HOSTS:
    required("DJANGO_ALLOWED_HOSTS")

# The public origin, used for canonical links, sitemaps, feeds and emails.
SITE_URL = env("DJANGO_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if urlsplit(SITE_URL).scheme not in {"http", "https"} or not urlsplit(SITE_URL).netloc:
    raise ImproperlyConfigured(
        f"DJANGO_SITE_URL must be an origin such as https://global.lumc.nl, not {SITE_URL!r}."
    )
SITE_NAME = "LUMC Global"
SITE_ID = 1

ADMIN_URL = env("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"

INSTALLED_APPS = [
    "editorial",
    "people",
    "research",
    "programmes",
    "events",
    "lumcglobal",
    "django_tasks_db",
    "django_countries",
    "django_prose_editor",
    "import_export",
    "reversion",
    "reversion_compare",
    "lumcglobal.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
    "django.contrib.postgres",  # site search: its vector field and lookups (inert on SQLite)
    "django.forms",
    "lumcglobal.apps.AxesConfig",
]
# Form widgets' templates are found like every other (templates/, then the apps').
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

MIDDLEWARE = [
    # First: a kept page is answered before any other work, with the headers it was kept with.
    "lumcglobal.pagecache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # An ETag on every answer, and 304 Not Modified when the visitor has it already.
    "django.middleware.http.ConditionalGetMiddleware",
    "lumcglobal.middleware.PublicCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "lumcglobal.middleware.PermissionsPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
    "lumcglobal.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "lumcglobal.urls"
WSGI_APPLICATION = "lumcglobal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "lumcglobal.context_processors.site",
            ],
        },
    },
]

# Data

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=600,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 5,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that hangs must fail a request in seconds, not hold a worker until it is killed.
    DB_CONNECT_TIMEOUT = env_int("DJANGO_DB_CONNECT_TIMEOUT", 2)
    DB_STATEMENT_TIMEOUT = env_int("DJANGO_DB_STATEMENT_TIMEOUT", 25)
    if DB_CONNECT_TIMEOUT < 2:
        raise ImproperlyConfigured(
            f"DJANGO_DB_CONNECT_TIMEOUT must be at least 2 (PostgreSQL's minimum), "
            f"not {DB_CONNECT_TIMEOUT}."
        )
    if DB_STATEMENT_TIMEOUT < 0:
        raise ImproperlyConfigured(
            f"DJANGO_DB_STATEMENT_TIMEOUT must be 0 (no limit) or more, not {DB_STATEMENT_TIMEOUT}."
        )
    DB_OPTIONS = DATABASES["default"].setdefault("OPTIONS", {})
    DB_OPTIONS.setdefault("connect_timeout", DB_CONNECT_TIMEOUT)
    DB_OPTIONS["options"] = (
        f"{DB_OPTIONS.get('options', '')} -c statement_timeout={DB_STATEMENT_TIMEOUT}s".strip()
    )

if REDIS_URL := env("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "lumcglobal",
            # A cache that hangs must fail in a second, not hold the request.
            "OPTIONS": {
                "socket_connect_timeout": env_int("DJANGO_REDIS_CONNECT_TIMEOUT", 1),
                "socket_timeout": env_int("DJANGO_REDIS_TIMEOUT", 1),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The page cache keeps whole public pages in Redis (lumcglobal/pagecache.py); without
# it, each process would keep its own and two could disagree, so it is off.
PAGE_CACHE = env_bool("DJANGO_PAGE_CACHE", bool(REDIS_URL))
if PAGE_CACHE and not REDIS_URL:
    raise ImproperlyConfigured("DJANGO_PAGE_CACHE=1 needs REDIS_URL: the cache must be shared.")
PAGE_CACHE_URL = REDIS_URL
PAGE_CACHE_PREFIX = "lumcglobal:pages"
PAGE_CACHE_TIMEOUT = env_int("DJANGO_REDIS_TIMEOUT", 1)
PAGE_CACHE_SECONDS = env_int("DJANGO_PAGE_CACHE_SECONDS", 24 * 3600)

# Background tasks: run at once by default; "database" queues them for
# `manage.py db_worker`, which retries failed mail later.
TASKS_BACKEND = env("DJANGO_TASKS_BACKEND", "immediate")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django.tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }.get(TASKS_BACKEND)
        or "",
    }
}
if not TASKS["default"]["BACKEND"]:
    raise ImproperlyConfigured(
        f"DJANGO_TASKS_BACKEND must be 'immediate' or 'database', not {TASKS_BACKEND!r}."
    )

# Internationalisation: English at the root; Dutch will live under /nl/.

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True

# Static files and media

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# favicon.ico and friends answer at the site root.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"

MEDIA_URL = env("DJANGO_MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT") or BASE_DIR / "media")
# Let the app serve uploads from MEDIA_ROOT itself: for local use; in production
# the proxy or the object store serves them.
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", DEBUG)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
if S3_BUCKET := env("DJANGO_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env("DJANGO_S3_ENDPOINT_URL") or None,
            "region_name": env("DJANGO_S3_REGION") or None,
            "access_key": required("DJANGO_S3_ACCESS_KEY_ID"),
            "secret_key": required("DJANGO_S3_SECRET_ACCESS_KEY"),
            "custom_domain": env("DJANGO_S3_CUSTOM_DOMAIN") or None,
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": False,
        },
    }
    # Where uploaded images come from, for the Content Security Policy: the
    # custom domain, or the storage host with the bucket in the path or the name.
    if custom_domain := env("DJANGO_S3_CUSTOM_DOMAIN"):
        MEDIA_ORIGINS = [f"https://{custom_domain}"]
    else:
        storage_host = urlsplit(env("DJANGO_S3_ENDPOINT_URL") or "https://s3.amazonaws.com")
        MEDIA_ORIGINS = [
            f"{storage_host.scheme}://{storage_host.netloc}",
            f"{storage_host.scheme}://*.{storage_host.netloc}",
        ]
else:
    MEDIA_ORIGINS = []

# Email: printed to the console in debug mode, sent over SMTP otherwise.

EMAIL_BACKEND_NAME = env("DJANGO_EMAIL_BACKEND", "console" if DEBUG else "smtp")
if EMAIL_BACKEND_NAME == "console":
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
elif EMAIL_BACKEND_NAME == "smtp":
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env("DJANGO_EMAIL_HOST", "localhost"),
                "port": env_int("DJANGO_EMAIL_PORT", 25),
                "username": env("DJANGO_EMAIL_USER"),
                "password": env("DJANGO_EMAIL_PASSWORD"),
                "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", False),
                "timeout": 10,
            },
        }
    }
else:
    raise ImproperlyConfigured(
        f"DJANGO_EMAIL_BACKEND must be 'console' or 'smtp', not {EMAIL_BACKEND_NAME!r}."
    )
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", "LUMC Global <noreply@lumc.nl>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = env_list("DJANGO_ADMINS")
# Who receives the contact form's messages.
CONTACT_RECIPIENTS = env_list("DJANGO_CONTACT_RECIPIENTS", "lumcglobal@lumc.nl")

# Spam and abuse limits, counted per visitor address in the database, so
# that every app process agrees.
CONTACT_RATE_LIMIT = (5, 3600)  # messages per seconds
NEWSLETTER_RATE_LIMIT = (5, 3600)  # sign-ups per seconds
# How many proxies in front of the app add themselves to X-Forwarded-For.
NUM_PROXIES = env_int("DJANGO_NUM_PROXIES", 0)
NEWSLETTER_CONFIRM_MAX_AGE = 7 * 24 * 3600
# How long a signed preview link of unpublished content works.
PREVIEW_LINK_MAX_AGE = env_int("DJANGO_PREVIEW_LINK_DAYS", 7) * 24 * 3600
# How long a proxy or CDN in front may keep a public page (Cache-Control s-maxage); 0: never.
PUBLIC_CACHE_SECONDS = env_int("DJANGO_PUBLIC_CACHE_SECONDS", 60)
NEWSLETTER_RESEND_AFTER = 5 * 60  # seconds before a new confirmation link is sent

# Security

HTTPS = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
CSRF_TRUSTED_ORIGINS = [SITE_URL]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Scripts and styles only from the site itself: no inline code and no nonce,
# so that public pages can be cached whole. JSON-LD is a data block, not a
# script, and needs no exception.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *MEDIA_ORIGINS],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# The admin's pages are for signed-in staff and never cached as public pages:
# there the admin's own scripts and the rich-text editor's run by nonce, and
# its widgets may style themselves.
SECURE_CSP_ADMIN = {
    **SECURE_CSP,
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# Signing in is the admin's; an unsafe ?next= lands on its index.
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"

# The catalogue's export needs the view permission, its import the change one
# (and ExchangeOptionAdmin adds the publish permission).
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Log-in throttling (django-axes): after five wrong passwords for one account
# from one address, that account is paused there for 15 minutes; other staff,
# and the same person elsewhere, can still sign in. Failed attempts are kept,
# successful log-ins are not. Staff who manage users see and clear the attempts
# in the admin ("Access attempts"), or: manage.py axes_reset_username <name>.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Wrong passwords from one address over all accounts (trying many user names)
# pause signing in from there for everyone; a shared office address stays below it.
SIGN_IN_ADDRESS_LIMIT = 20
AXES_HANDLER = "lumcglobal.ratelimit.SignInHandler"
AXES_CLIENT_IP_CALLABLE = "lumcglobal.ratelimit.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_LOCKOUT_CALLABLE = "lumcglobal.sites.locked_out"
AXES_ENABLE_ADMIN = False  # only its attempts are shown, in lumcglobal/admin.py
AXES_VERBOSE = False  # no banner at start; lock-outs are still logged

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
}
