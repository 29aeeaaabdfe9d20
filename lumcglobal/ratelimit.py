"""Per-address limits for the public forms, counted in the database."""

from datetime import timedelta

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone
from django.utils.crypto import salted_hmac


def client_address(request):
    """The visitor's IP address, looking past the trusted proxies in front of the app."""
    forwarded = [
        address.strip()
        for address in request.headers.get("x-forwarded-for", "").split(",")
        if address.strip()
    ]
    if settings.NUM_PROXIES and len(forwarded) >= settings.NUM_PROXIES:
        return forwarded[-settings.NUM_PROXIES]
    return request.META.get("REMOTE_ADDR", "")


def address_hash(request):
    """A keyed hash of the visitor's address: enough to count, not to identify."""
    return salted_hmac(
        "lumcglobal.address", client_address(request), algorithm="sha256"
    ).hexdigest()


def over_limit(queryset, address_hash, limit, field="created_at"):
    """Whether `queryset` already holds `limit` = (count, seconds) rows from this address."""
    count, seconds = limit
    since = timezone.now() - timedelta(seconds=seconds)
    return queryset.filter(address_hash=address_hash, **{f"{field}__gte": since}).count() >= count


class SignInHandler(AxesDatabaseHandler):
    """
    django-axes' database handler with a second limit: besides five wrong
    passwords for one account from one address, SIGN_IN_ADDRESS_LIMIT wrong
    passwords from one address for any accounts pause that address.
    """

    def get_failures(self, request, credentials=None):
        failures = super().get_failures(request, credentials)
        from_address = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address,
            attempt_time__gte=get_cool_off_threshold(request),
        ).aggregate(total=Sum("failures_since_start"))["total"]
        if (from_address or 0) >= settings.SIGN_IN_ADDRESS_LIMIT:
            return max(failures, get_failure_limit(request, credentials))
        return failures
