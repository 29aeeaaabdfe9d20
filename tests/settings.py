"""The site's own settings, with debug off as in production, made fast for tests."""

import os

os.environ.setdefault(
    "DJANGO_SECRET_KEY", "test-secret-key-that-is-long-enough-for-django-checks-0123456789"
)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_EMAIL_BACKEND", "console")
os.environ.setdefault("DJANGO_SERVE_MEDIA", "1")
# Playwright's sync API runs an event loop beside the ORM calls of the tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from lumcglobal.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The manifest needs collectstatic; tests use the plain storage (one test checks the manifest).
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / ".pytest-media"  # noqa: F405
# Serve static files from the apps, as `runserver` does; one test collects them.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
# The page cache is tried in tests/test_page_cache.py, which turns it on, on the real
# Redis: a database of its own, and keys of this test process's own. Servers that the
# tests start as production runs (DJANGO_PAGE_CACHE=1, tests/test_scale_out.py) keep it.
if os.environ.get("DJANGO_PAGE_CACHE") != "1":
    PAGE_CACHE = False
    PAGE_CACHE_URL = "redis://127.0.0.1:6379/9"
    PAGE_CACHE_PREFIX = f"test-pages:{os.getpid()}"
