"""WSGI entry point: `gunicorn lumcglobal.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lumcglobal.settings")

django_application = get_wsgi_application()

from lumcglobal.pagecache import PageCacheApplication  # noqa: E402 - once the apps are ready

# Fresh kept pages are answered before Django handles the request (lumcglobal/pagecache.py).
application = PageCacheApplication(django_application)
