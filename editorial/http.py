"""
What machines poll (feeds, calendars, open data) costs a 304 Not Modified when
nothing it shows has changed: the answer is checked against an ETag and a
Last-Modified worked out in a query or two, before anything is rendered.
"""

import hashlib
from datetime import datetime, time
from functools import wraps

from django.db.models import Count, Max, Q
from django.utils import timezone
from django.views.decorators.http import condition


def published_state(*querysets, today=False):
    """
    A fingerprint of the items of `querysets` (each of what the public sees) and
    when they last changed: (etag, last_modified). The ETag changes when what is
    shown does: an item saved, published, unpublished or deleted (their number and
    latest `changed_at`), or a `publish_from` or `publish_until` passing; the
    Last-Modified whenever any item of the table changes, so that it never goes
    back. With `today`, the date is part of both (for answers that depend on it).
    One query for each queryset.
    """
    now = timezone.now()
    parts, moments = [], []
    for queryset in querysets:
        shown = Q(pk__in=queryset.order_by().values("pk"))
        state = queryset.model._default_manager.order_by().aggregate(
            count=Count("pk", filter=shown),
            shown_changed=Max("changed_at", filter=shown),
            started=Max("publish_from", filter=Q(publish_from__lte=now)),
            ended=Max("publish_until", filter=Q(publish_until__lte=now)),
            changed=Max("changed_at"),
        )
        # What is shown and when the schedule last moved it; any change of the table for
        # Last-Modified, which must never go back (unpublishing lowers what is shown).
        changed = state.pop("changed")
        parts += [queryset.model._meta.label, *state.values()]
        moments += [moment for moment in (changed, state["started"], state["ended"]) if moment]
    if today:
        day = timezone.localdate()
        parts.append(day)
        moments.append(timezone.make_aware(datetime.combine(day, time.min)))
    etag = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return etag, max(moments, default=None)


def conditional(state):
    """
    A view answered 304 when `state(request, *args, **kwargs)`, an (etag,
    last_modified) pair such as published_state() gives, matches what the client has.
    """

    def decorator(view):
        @wraps(view)
        def answered(request, *args, **kwargs):
            etag, last_modified = state(request, *args, **kwargs)
            checked = condition(
                etag_func=lambda *args, **kwargs: etag,
                last_modified_func=lambda *args, **kwargs: last_modified,
            )(view)
            return checked(request, *args, **kwargs)

        return answered

    return decorator
