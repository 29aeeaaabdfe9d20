import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils.cache import patch_cache_control

from .pagecache import shared
from .views import service_unavailable

logger = logging.getLogger(__name__)


class PermissionsPolicyMiddleware:
    """Turn off browser features the site never uses (Django has no setting for it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class PublicCacheMiddleware:
    """
    Says which answers a proxy or CDN in front, and the page cache, may keep: a
    page that any visitor would get the same (pagecache.shared) for
    PUBLIC_CACHE_SECONDS (`s-maxage`; browsers check again every time);
    everything else is private. Answers that say already (previews, the admin,
    the health check) keep theirs; the page cache keeps none that says private,
    no-store or no-cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        said = response.get("Cache-Control")
        response.page_cacheable = shared(request, response) and not (
            said and any(word in said for word in ("private", "no-store", "no-cache"))
        )
        if said:
            return response
        if settings.PUBLIC_CACHE_SECONDS and response.page_cacheable:
            patch_cache_control(
                response, public=True, max_age=0, s_maxage=settings.PUBLIC_CACHE_SECONDS
            )
        else:
            patch_cache_control(response, private=True)
        return response


class DatabaseUnavailableMiddleware:
    """
    A database that is down or hangs gives visitors the 503 page, which asks
    them to come back, instead of the 500 page, which says the site is broken.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        # Logged here, not mailed: an outage would otherwise send a mail per request.
        logger.error("Database unavailable for %s: %s", request.path, exception)
        return service_unavailable(request)
