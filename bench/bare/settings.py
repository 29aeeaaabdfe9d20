"""Settings of the bare page: no apps, no database, no middleware, debug off."""

from pathlib import Path

DEBUG = False
# The page signs nothing (no sessions, no forms, no cookies); Django only needs one to start.
SECRET_KEY = "bare-page-for-benchmarks-signs-nothing"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = []
MIDDLEWARE = []
DATABASES = {}
ROOT_URLCONF = "bench.bare.urls"
WSGI_APPLICATION = "bench.bare.wsgi.application"

# Debug off gives the cached template loader, as on the site.
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).resolve().parent / "templates"],
    }
]

LANGUAGE_CODE = "en"
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = False
USE_TZ = True
