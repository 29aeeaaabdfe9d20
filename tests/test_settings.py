"""The settings as the environment makes them, each in a fresh Python process."""

import json
import os
import re
import subprocess
import sys

import pytest

from tests.checkers import ROOT

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-production-secret-key-with-plenty-of-different-characters-9876543210",
    "DJANGO_ALLOWED_HOSTS": "global.lumc.nl",
    "DJANGO_SITE_URL": "https://global.lumc.nl",
}

SHOW_SETTINGS = """
import json
from django.conf import settings
names = [
    "DEBUG", "ALLOWED_HOSTS", "SITE_URL", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE", "SECURE_PROXY_SSL_HEADER", "ADMIN_URL", "MEDIA_ROOT",
]
values = {name: getattr(settings, name) for name in names}
values["MAILER"] = settings.MAILERS["default"]["BACKEND"]
values["CACHE"] = settings.CACHES["default"]["BACKEND"]
values["DATABASE"] = settings.DATABASES["default"]["ENGINE"]
values["TASKS"] = settings.TASKS["default"]["BACKEND"]
values["STORAGE"] = settings.STORAGES["default"]["BACKEND"]
values["IMG_SRC"] = [str(source) for source in settings.SECURE_CSP["img-src"]]
values["PAGE_CACHE"] = settings.PAGE_CACHE
values["PAGE_CACHE_URL"] = settings.PAGE_CACHE_URL
print(json.dumps(values, default=str))
"""


def run(code_or_args, environment):
    """Run Python with only `environment` set (plus what Python itself needs)."""
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "lumcglobal.settings"}
    env.update(environment)
    args = ["-c", code_or_args] if isinstance(code_or_args, str) else code_or_args
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def settings_for(environment):
    result = run("import django; django.setup()\n" + SHOW_SETTINGS, environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_debug_mode_needs_no_variables_and_runs_on_sqlite():
    values = settings_for({"DJANGO_DEBUG": "1"})

    assert values["DEBUG"] is True
    assert values["DATABASE"] == "django.db.backends.sqlite3"
    assert values["CACHE"] == "django.core.cache.backends.locmem.LocMemCache"
    assert values["MAILER"] == "django.core.mail.backends.console.EmailBackend"
    assert values["SITE_URL"] == "http://127.0.0.1:8000"
    assert values["SECURE_SSL_REDIRECT"] is False


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_its_secrets(missing):
    environment = {name: value for name, value in PRODUCTION.items() if name != missing}

    result = run("import django; django.setup()", environment)

    assert result.returncode != 0
    assert f"ImproperlyConfigured: {missing} is not set." in result.stderr


def test_debug_is_off_unless_asked_for():
    environment = {name: value for name, value in PRODUCTION.items() if name != "DJANGO_DEBUG"}

    assert settings_for(environment)["DEBUG"] is False


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DJANGO_DEBUG", "yes"),
        ("DJANGO_SECURE_SSL_REDIRECT", "true"),
        ("DJANGO_EMAIL_PORT", "twenty-five"),
        ("DJANGO_SITE_URL", "global.lumc.nl"),
        ("DJANGO_TASKS_BACKEND", "celery"),
        ("DJANGO_EMAIL_BACKEND", "pigeon"),
    ],
)
def test_a_malformed_variable_is_named(name, value):
    result = run("import django; django.setup()", {**PRODUCTION, name: value})

    assert result.returncode != 0
    assert name in result.stderr.splitlines()[-1]


def test_production_is_https_only_with_secure_cookies_and_hsts():
    values = settings_for(PRODUCTION)

    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] == 31_536_000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_HSTS_PRELOAD"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["MAILER"] == "django.core.mail.backends.smtp.EmailBackend"


def test_services_come_from_the_environment():
    values = settings_for(
        {
            **PRODUCTION,
            "DATABASE_URL": "postgres://site:secret@db.internal:5432/lumcglobal",
            "REDIS_URL": "redis://cache.internal:6379/0",
            "DJANGO_TASKS_BACKEND": "database",
            "DJANGO_S3_BUCKET": "lumcglobal-media",
            "DJANGO_S3_ACCESS_KEY_ID": "key",
            "DJANGO_S3_SECRET_ACCESS_KEY": "secret",
            "DJANGO_ADMIN_URL": "staff-only",
        }
    )

    assert values["DATABASE"] == "django.db.backends.postgresql"
    assert values["CACHE"] == "django.core.cache.backends.redis.RedisCache"
    assert values["TASKS"] == "django_tasks_db.DatabaseBackend"
    assert values["STORAGE"] == "storages.backends.s3.S3Storage"
    assert values["IMG_SRC"] == [
        "'self'",
        "data:",
        "https://s3.amazonaws.com",
        "https://*.s3.amazonaws.com",
    ]
    assert values["ADMIN_URL"] == "staff-only/"
    assert values["PAGE_CACHE"] is True
    assert values["PAGE_CACHE_URL"] == "redis://cache.internal:6379/0"


def test_the_page_cache_is_on_only_with_a_cache_every_process_shares():
    assert settings_for(PRODUCTION)["PAGE_CACHE"] is False
    redis = {**PRODUCTION, "REDIS_URL": "redis://cache.internal:6379/0"}
    assert settings_for({**redis, "DJANGO_PAGE_CACHE": "0"})["PAGE_CACHE"] is False

    result = run("import django; django.setup()", {**PRODUCTION, "DJANGO_PAGE_CACHE": "1"})

    assert result.returncode != 0
    assert "DJANGO_PAGE_CACHE=1 needs REDIS_URL" in result.stderr


def test_object_storage_needs_its_keys_in_production():
    result = run("import django; django.setup()", {**PRODUCTION, "DJANGO_S3_BUCKET": "media"})

    assert result.returncode != 0
    assert "DJANGO_S3_ACCESS_KEY_ID is not set." in result.stderr


def test_the_deployment_checklist_passes_in_production():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        {**PRODUCTION, "DATABASE_URL": "sqlite:///:memory:"},
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_every_variable_is_documented():
    source = (ROOT / "lumcglobal" / "settings.py").read_text()
    read = set(re.findall(r'(?:env\w*|required)\(\s*"([A-Z0-9_]+)"', source)) | {"DATABASE_URL"}
    example = set(re.findall(r"(?m)^([A-Z0-9_]+)=", (ROOT / ".env.example").read_text()))
    readme = (ROOT / "README.md").read_text()

    assert len(read) > 20
    assert read - example == set()
    assert {name for name in read if f"`{name}`" not in readme} == set()
