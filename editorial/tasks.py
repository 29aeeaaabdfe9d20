"""
Background work of the editorial core: the renditions of images, and the
emails of review. What an email is about is stored first (a review note), so a
mail server that is down loses nothing; with a task backend that can wait, a
failed email, or a rendition that could not be made, is tried again.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import images
from .models import Draft, EditorSettings, Image, ReviewNote, one_line
from .roles import publish_codename

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6


def retry_later(the_task, attempt, *args):
    """Queue `the_task` again after 5, 10, 20, ... minutes, if its backend can wait."""
    if attempt >= MAX_ATTEMPTS or not the_task.get_backend().supports_defer:
        return False
    run_after = timezone.now() + timedelta(minutes=5 * 2 ** (attempt - 1))
    the_task.using(run_after=run_after).enqueue(*args, attempt=attempt + 1)
    return True


def enqueue_review_email(review_note):
    """Send the email of a submission or a request for changes, once the transaction is done."""
    transaction.on_commit(lambda: send_review_email.enqueue(review_note.pk))


def publishers_of(model):
    """Active staff who may publish `model`, with an email address."""
    permissions = Permission.objects.filter(
        codename=publish_codename(model), content_type__app_label=model._meta.app_label
    )
    return (
        get_user_model()
        .objects.filter(
            Q(is_superuser=True)
            | Q(user_permissions__in=permissions)
            | Q(groups__permissions__in=permissions),
            is_active=True,
            is_staff=True,
        )
        .exclude(email="")
        .distinct()
    )


def recipients(note):
    """Who hears of `note`: the publishers of a submission, the author of a request for changes."""
    model = note.content_type.model_class()
    if note.action == ReviewNote.Action.SUBMITTED:
        people = publishers_of(model).exclude(pk=note.user_id)
    else:
        draft = Draft.objects.filter(
            content_type=note.content_type, object_id=note.object_id
        ).first()
        author = draft and (draft.submitted_by or draft.author)
        people = [author] if author and author.email and author.pk != note.user_id else []
    return [person for person in people if EditorSettings.wants_review_emails(person)]


@task()
def send_review_email(note_id, attempt=1):
    note = ReviewNote.objects.select_related("user", "content_type").filter(pk=note_id).first()
    if note is None or note.item is None:
        return "nothing to send"
    item = note.item
    opts = item._meta
    admin_url = settings.SITE_URL + reverse(
        f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk]
    )
    context = {"note": note, "item": item, "kind": opts.verbose_name, "admin_url": admin_url}
    subject = {
        ReviewNote.Action.SUBMITTED: _("For your review: %(item)s"),
        ReviewNote.Action.CHANGES_REQUESTED: _("Changes asked: %(item)s"),
    }[note.action] % {"item": item}
    addresses = [person.email for person in recipients(note)]
    if not addresses:
        return "nobody to tell"
    try:
        send_mail(
            f"[{settings.SITE_NAME}] {one_line(subject)}",
            render_to_string("editorial/email/review.txt", context),
            None,
            addresses,
        )
    except Exception as error:
        logger.warning("Review note %s: email failed: %s", note.pk, error)
        retry_later(send_review_email, attempt, note_id)
        return "failed"
    return "sent"


@task()
def make_image_renditions(image_id, source, attempt=1):
    """
    Make the renditions of an image from `source`, its file and focal point
    when it was saved (`Image.rendition_source`), store them and delete the
    ones they replace. Nothing is stored if the image has another source by
    then (a newer upload or focal point wins; its own task makes those), and
    nothing is made twice.
    """
    image = Image.objects.filter(pk=image_id).first()
    if image is None:
        return "image deleted"
    if image.rendered_from == source:
        return "made already"
    if image.rendition_source != source:
        return "stale"
    try:
        made = images.make_renditions(image)
    except Exception:
        logger.exception("Image %s: no renditions could be made of %s", image_id, source["file"])
        if retry_later(make_image_renditions, attempt, image_id, source):
            return "failed, to be tried again"
        # Pages go on showing the original; the image's admin page says what happened.
        store_renditions(image_id, source, {}, failed=True)
        return "failed"
    return "made" if store_renditions(image_id, source, made) else "stale"


def store_renditions(image_id, source, made, failed=False):
    """
    Store `made` as the renditions of the image, only if it still has `source`
    and none made from it yet, and delete the renditions they replace; if not,
    delete `made`. Whether they were stored.
    """
    same_source = Image.objects.filter(
        pk=image_id, file=source["file"], focal_x=source["focal"][0], focal_y=source["focal"][1]
    )
    rendered_from = {**source, "failed": True} if failed else source
    stored = False
    try:
        with transaction.atomic():
            # The row lock makes "the renditions replaced" exactly those read here.
            current = same_source.select_for_update().values("renditions", "rendered_from").first()
            updated = bool(
                current
                and current["rendered_from"] != rendered_from
                and same_source.update(renditions=made, rendered_from=rendered_from)
            )
            if updated:
                old = current["renditions"]
                transaction.on_commit(lambda: images.delete_renditions(old, keep=made))
        stored = updated  # and committed
    finally:
        if not stored:
            images.delete_renditions(made, keep={})
    return stored
