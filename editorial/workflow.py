"""
The editorial workflow: draft changes to live items, and review.

A live item (published, scheduled or expired, and every saved text that has
no publication step of its own, such as a page text or a team) is never
written by a draft save. The admin saves the form as usual inside a
transaction that is then rolled back, and what the save wrote (the item, its
many-to-many links, the rows it owns) is kept as a revision of the item's
history: the item's draft changes (`Draft.changes`). Showing the form,
previewing and publishing write that revision into the database again: to
show or preview, inside a transaction that is rolled back; to publish, for good.
"""

from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.utils import timezone
from django.utils.translation import gettext as _
from reversion.models import Revision, Version
from reversion.utils import mute_signals

from .history import restore
from .models import Draft, Publication, ReviewNote

WRITE_SIGNALS = [pre_save, post_save, pre_delete, post_delete, m2m_changed]


def is_live(obj):
    """Whether the public sees `obj` as it is saved: a published item, or any saved text."""
    if obj is None or obj.pk is None:
        return False
    if isinstance(obj, Publication):
        return obj.status == Publication.Status.PUBLISHED
    return True


def draft_of(obj):
    """The item's draft (its draft changes and its place in review), if it has one."""
    if obj is None or obj.pk is None:
        return None
    return Draft.objects.for_item(obj).select_related("changes").first()


def changes_version(draft):
    """The version of the item that its draft changes hold, or None."""
    if draft is None or draft.changes_id is None:
        return None
    return (
        Version.objects.filter(
            revision_id=draft.changes_id,
            content_type_id=draft.content_type_id,
            object_id=str(draft.object_id),
        )
        .select_related("revision")
        .first()
    )


def live_version(obj):
    """The latest version of the item that is not draft changes: what the public has."""
    return Version.objects.get_for_object(obj).exclude(revision__comment=DRAFT_COMMENT).first()


# The comment that marks a revision of draft changes in the history.
DRAFT_COMMENT = "Draft changes"


@contextmanager
def undone():
    """A transaction whose writes are undone at its end, whatever happens in it."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def write_changes(draft, owned=()):
    """Write the draft changes into the database (the caller decides whether they stay)."""
    version = changes_version(draft)
    if version is None:
        return None
    with mute_signals(*WRITE_SIGNALS):
        obj, _left_out = restore(version, as_draft=False, owned=owned)
    return obj


def captured(obj):
    """
    The latest revision of `obj` as values, to be written again once the
    transaction that made it is undone.
    """
    version = Version.objects.get_for_object(obj).select_related("revision").first()
    revision = version.revision
    return {
        "user_id": revision.user_id,
        "versions": list(
            revision.version_set.values(
                "object_id", "content_type_id", "db", "format", "serialized_data", "object_repr"
            )
        ),
    }


def keep_changes(obj, values, user):
    """Keep what `captured()` took as the item's draft changes, a revision of its history."""
    revision = Revision.objects.create(
        date_created=timezone.now(), user_id=values["user_id"], comment=DRAFT_COMMENT
    )
    Version.objects.bulk_create(Version(revision=revision, **row) for row in values["versions"])
    draft, _created = Draft.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        defaults={"changes": revision, "author": user},
    )
    return draft


def note(obj, user, action, comment=""):
    return ReviewNote.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        user=user,
        action=action,
        comment=comment,
    )


def editing_token(obj):
    """What the item's form was opened on: its latest version and its draft changes."""
    latest = Version.objects.get_for_object(obj).values_list("pk", flat=True).first() or 0
    draft = Draft.objects.for_item(obj).values_list("changes_id", flat=True).first() or 0
    return f"{latest}-{draft}"


def state_label(obj, has_changes=False, review=None):
    """Where an item stands, as the admin says it: “Published, with draft changes · In review”."""
    state = obj.state if isinstance(obj, Publication) else Publication.State.PUBLISHED
    label = str(state.label)
    if has_changes and is_live(obj):
        label = _("%(state)s, with draft changes") % {"state": label}
    if review and review != Draft.Review.EDITING:
        label = f"{label} · {Draft.Review(review).label}"
    return label
