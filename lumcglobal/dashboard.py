"""
The work of each member of staff, on the admin's home page: their drafts,
what they submitted and where it stands, what waits for their review, what
is scheduled to go on or off the site (also as a month calendar), what was
published lately, exchange options that need a look, and contact messages
whose notification failed. Each block costs a fixed number of queries (one
per content type at most), however much content there is.
"""

import calendar
from datetime import date, timedelta

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, Window
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from editorial import health
from editorial.models import Draft, Publication, ReviewNote
from editorial.roles import can_publish, content_models
from programmes.models import ExchangeOption

from .models import ContactMessage

SHOWN = 10
AHEAD = timedelta(days=30)


class Block:
    """A block of the dashboard: a title, how many there are, and the first few as links."""

    def __init__(self, key, title, rows, total, empty):
        self.key, self.title, self.rows, self.total, self.empty = key, title, rows, total, empty


def admin_url(obj):
    opts = obj._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return None


def row(obj, note="", when=None):
    return {
        "item": obj,
        "kind": obj._meta.verbose_name,
        "url": admin_url(obj),
        "note": note,
        "when": when,
    }


def first_with_total(queryset):
    """The first SHOWN rows of `queryset` and how many it has in all, in one query."""
    rows = list(queryset.annotate(dashboard_total=Window(Count("pk")))[:SHOWN])
    return rows, rows[0].dashboard_total if rows else 0


def publications():
    return [
        model
        for model in content_models()
        if issubclass(model, Publication) and model in admin.site._registry
    ]


def my_drafts(user):
    rows, total = [], 0
    for model in publications():
        found, count = first_with_total(
            model._default_manager.filter(
                Q(created_by=user) | Q(changed_by=user), status=Publication.Status.DRAFT
            ).order_by("-changed_at")
        )
        rows += [row(obj, when=obj.changed_at) for obj in found]
        total += count
    changes, count = first_with_total(
        Draft.objects.filter(author=user, changes__isnull=False)
        .order_by("-changed_at")
        .prefetch_related("item")
    )
    rows += [
        row(draft.item, _("draft changes"), draft.changed_at) for draft in changes if draft.item
    ]
    rows.sort(key=lambda found: found["when"], reverse=True)
    return Block("drafts", _("My drafts"), rows[:SHOWN], total + count, _("No drafts."))


def drafts_block(key, title, queryset, empty):
    drafts, total = first_with_total(queryset.order_by("-submitted_at").prefetch_related("item"))
    rows = [
        row(draft.item, draft.get_review_display(), draft.submitted_at)
        for draft in drafts
        if draft.item
    ]
    return Block(key, title, rows, total, empty)


def submitted_by(user):
    return drafts_block(
        "submitted",
        _("Submitted by me"),
        Draft.objects.filter(submitted_by=user).exclude(review=Draft.Review.EDITING),
        _("Nothing in review."),
    )


def awaiting_review(user):
    types = [
        ContentType.objects.get_for_model(model)
        for model in content_models()
        if can_publish(user, model)
    ]
    if not types:
        return None
    return drafts_block(
        "review",
        _("Awaiting my review"),
        Draft.objects.filter(review=Draft.Review.IN_REVIEW, content_type__in=types).exclude(
            submitted_by=user
        ),
        _("Nothing waits for your review."),
    )


def scheduled(now):
    """What goes on or off the site in the next 30 days, soonest first."""
    rows, total = [], 0
    end = now + AHEAD
    for model in publications():
        found, count = first_with_total(
            model._default_manager.filter(status=Publication.Status.PUBLISHED)
            .filter(
                Q(publish_from__gt=now, publish_from__lte=end)
                | Q(publish_until__gt=now, publish_until__lte=end)
            )
            .order_by("publish_from")
        )
        total += count
        for obj in found:
            if obj.publish_from and now < obj.publish_from <= end:
                rows.append(row(obj, _("goes on the site"), obj.publish_from))
            if obj.publish_until and now < obj.publish_until <= end:
                rows.append(row(obj, _("comes off the site"), obj.publish_until))
    rows.sort(key=lambda found: found["when"])
    return Block(
        "scheduled", _("Scheduled in the next 30 days"), rows, total, _("Nothing scheduled.")
    )


def recently_published():
    notes, total = first_with_total(
        ReviewNote.objects.filter(action=ReviewNote.Action.PUBLISHED)
        .select_related("user")
        .order_by("-at")
        .prefetch_related("item")
    )
    rows = [row(note.item, str(note.user or ""), note.at) for note in notes if note.item]
    return Block("published", _("Recently published"), rows, total, _("Nothing published lately."))


def options_to_check(today):
    found, total = first_with_total(
        ExchangeOption.objects.filter(
            Q(pk__in=ExchangeOption.objects.past_review(today).values("pk"))
            | Q(deadline__gte=today, deadline__lte=today + AHEAD)
        ).order_by("deadline", "title")
    )
    rows = [
        row(
            option,
            _("deadline %(date)s") % {"date": option.deadline}
            if option.deadline and option.deadline <= today + AHEAD and option.deadline >= today
            else _("not checked for a year"),
        )
        for option in found
    ]
    return Block(
        "options",
        _("Exchange options to check"),
        rows,
        total,
        _("Every option is checked and no deadline is near."),
    )


def failed_notifications():
    found, total = first_with_total(
        ContactMessage.objects.filter(notified_at=None, notify_attempts__gt=0).order_by(
            "-created_at"
        )
    )
    rows = [row(message, message.notify_error[:80], message.created_at) for message in found]
    return Block(
        "contact",
        _("Contact messages whose notification failed"),
        rows,
        total,
        _("Every contact message reached the staff."),
    )


def months(now, rows):
    """Month calendars, Monday first, from this month to 30 days ahead, `rows` on their days."""
    local = timezone.localtime(now)
    last = timezone.localtime(now + AHEAD)
    by_day = {}
    for found in rows:
        by_day.setdefault(timezone.localtime(found["when"]).date(), []).append(found)
    result = []
    year, month = local.year, local.month
    while (year, month) <= (last.year, last.month):
        weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
        result.append(
            {
                "year": year,
                "month": month,
                "first": date(year, month, 1),
                "weeks": [
                    [
                        {"date": day, "in_month": day.month == month, "rows": by_day.get(day, [])}
                        for day in week
                    ]
                    for week in weeks
                ],
            }
        )
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result


def dashboard(user):
    now = timezone.now()
    today = timezone.localdate()
    coming = scheduled(now)
    blocks = [
        my_drafts(user),
        submitted_by(user),
        awaiting_review(user),
        coming,
        recently_published(),
    ]
    if user.has_perm("programmes.change_exchangeoption"):
        blocks.append(options_to_check(today))
    if user.has_perm("lumcglobal.view_contactmessage"):
        blocks.append(failed_notifications())
    return {
        "blocks": [block for block in blocks if block],
        "months": months(now, coming.rows),
        "health": health.summary(),
    }
