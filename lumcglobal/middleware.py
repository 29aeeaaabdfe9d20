import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError

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
