"""
What machines poll (feeds, calendars, open data) costs a 304 Not Modified when
nothing it shows has changed: the answer is checked against an ETag and a
Last-Modified worked out in a query or two, before anything is rendered.
"""

import hashlib
from datetime import datetime, time
from functools import wraps

from django.db.models import F, Func, IntegerField, Subquery
from django.utils import timezone
from django.views.decorators.http import condition


def latest(queryset, field):
    """The latest value of `field` among `queryset`, as a subquery: a look in an index."""
    rows = queryset.filter(**{f"{field}__isnull": False}).order_by(F(field).desc())
    return Subquery(rows.values(field)[:1])


def published_state(*querysets, today=False):
    """
    A fingerprint of the items of `querysets` (each of what the public sees) and
    when they last changed: (etag, last_modified). The ETag changes when what is
    shown does: an item saved, published, unpublished or deleted (their number and
    latest `changed_at`), or a `publish_from` or `publish_until` passing; the
    Last-Modified whenever any item of the table changes, so that it never goes
    back. With `today`, the date is part of both (for answers that depend on it).
    One query for each queryset: a count of what is shown, the rest from indexes.
    """
    now = timezone.now()
    parts, moments = [], []
    for queryset in querysets:
        shown = queryset.order_by()
        table = queryset.model._default_manager.all()
        # Each value a subquery of its own, read once: from any one row of the table
        # (an empty table has none, and nothing to show or to have changed).
        rows = (
            table.order_by()
            .annotate(
                shown_count=Subquery(
                    shown.annotate(n=Func(F("pk"), function="COUNT")).values("n"),
                    output_field=IntegerField(),
                ),
                shown_changed=latest(shown, "changed_at"),
                started=latest(table.filter(publish_from__lte=now), "publish_from"),
                ended=latest(table.filter(publish_until__lte=now), "publish_until"),
                changed=latest(table, "changed_at"),
            )
            .values("shown_count", "shown_changed", "started", "ended", "changed")[:1]
        )
        state = next(iter(rows), None) or dict.fromkeys(
            ["shown_count", "shown_changed", "started", "ended", "changed"]
        )
        state["shown_count"] = state["shown_count"] or 0
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
