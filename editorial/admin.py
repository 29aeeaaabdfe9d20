from datetime import timedelta

import reversion
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.admin.utils import quote, unquote
from django.contrib.admin.widgets import AdminFileWidget, RelatedFieldWidgetWrapper
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Subquery
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.timezone import template_localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.csp import csp_override
from django_countries.fields import CountryField
from reversion.errors import RevertError
from reversion.models import Version
from reversion.utils import mute_signals
from reversion_compare.admin import CompareVersionAdmin

from . import pickers, preview, tasks, workflow
from .checks_admin import ChecksAdminMixin
from .chooser import ImageChooserMixin, ImageChooserView, uses_of
from .history import restore
from .images import ACCEPTED_TYPES, RENDITION_FORMATS, smallest_or_original
from .models import (
    Draft,
    EditingSession,
    Image,
    Page,
    PageSection,
    Publication,
    Publishable,
    ReviewNote,
)
from .roles import can_publish
from .seo import absolute_url


def linked_from(obj):
    """The content items whose links (many-to-many, or a key that empties) point at `obj`."""
    for relation in obj._meta.related_objects:
        field = relation.remote_field
        links = relation.many_to_many or (
            relation.many_to_one and field.remote_field.on_delete is models.SET_NULL
        )
        if links and not relation.related_model._meta.auto_created:
            yield from relation.related_model._default_manager.filter(**{field.name: obj})


def links_to(model):
    """The relations by which published content links to items of `model`: (model, field)."""
    return [
        (relation.related_model, relation.remote_field)
        for relation in model._meta.related_objects
        if issubclass(relation.related_model, Publication)
        and not relation.related_model._meta.auto_created
        and relation.remote_field.name != "+"
    ]


# How many of the items that use one, per relation, its change form lists.
USES_LISTED = 10


class PublicationStateFilter(admin.SimpleListFilter):
    """Where items stand: their publication state, draft changes and review."""

    title = _("state")
    parameter_name = "state"
    # Beside the publication states; these need WorkflowAdmin's annotations.
    WORK = {
        "changes": _("Published, with draft changes"),
        Draft.Review.IN_REVIEW: Draft.Review.IN_REVIEW.label,
        Draft.Review.CHANGES_REQUESTED: Draft.Review.CHANGES_REQUESTED.label,
    }

    def lookups(self, request, model_admin):
        return [*Publication.State.choices, *self.WORK.items()]

    def queryset(self, request, queryset):
        value = self.value()
        if value in Publication.State.values:
            return queryset.in_state(value)
        if value == "changes":
            return queryset.filter(has_draft_changes=True)
        if value in Draft.Review.values:
            return queryset.filter(review_state=value)
        return queryset


class _Discard(Exception):
    """Ends a restore's transaction without keeping anything, with the page to show."""

    def __init__(self, response):
        self.response = response


class HistoryAdmin(CompareVersionAdmin):
    """
    History with compare, restore and recover, in place of django-reversion's
    views: who may is decided before anything is written, a version is found
    only through its own item and model, and restoring it changes that item
    alone. Without the publish permission, what is restored is a draft.
    """

    def may_publish(self, request):
        return True

    def compare_view(self, request, object_id, extra_context=None):
        if self.get_object(request, unquote(object_id)) is None:
            raise Http404
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        return super().compare_view(request, object_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        versions = Version.objects.get_for_object(obj)
        version = get_object_or_404(versions, pk=version_id)
        context = {"title": _("Restore %(name)s") % {"name": version.object_repr}, "revert": True}
        template = self.revision_form_template or self._reversion_get_template_list(
            "revision_form.html"
        )
        return self._restore_view(request, version, template, {**context, **(extra_context or {})})

    def recover_view(self, request, version_id, extra_context=None):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        version = get_object_or_404(Version.objects.get_for_model(self.model), pk=version_id)
        if self.model._default_manager.filter(pk=version.object_id).exists():
            raise Http404  # not deleted: restore it from its own history instead
        context = {"title": _("Recover %(name)s") % {"name": version.object_repr}, "recover": True}
        template = self.recover_form_template or self._reversion_get_template_list(
            "recover_form.html"
        )
        return self._restore_view(request, version, template, {**context, **(extra_context or {})})

    def owned_relations(self):
        """The (model, foreign key) of each inline: the rows an item owns, restored with it."""
        return [
            (
                inline.model,
                next(
                    field.name
                    for field in inline.model._meta.concrete_fields
                    if field.many_to_one
                    and field.related_model == self.model
                    and inline.fk_name in (None, field.name)
                ),
            )
            for inline in self.inlines
        ]

    def keeps_live(self, request, current):
        """Whether a restore into `current` is kept as draft changes, the live item as it is."""
        return False

    def _restore_view(self, request, version, template, context):
        """The item as `version` holds it, in its change form; only a save keeps it."""
        if "_saveasnew" in request.POST:
            # The restored item would stay as written, unchecked, beside the copy.
            return HttpResponseBadRequest(
                _("A version is restored into its own item: “Save as new” does not apply.")
            )
        current = self.model._default_manager.filter(pk=version.object_id).first()
        as_changes = self.keeps_live(request, current)
        as_draft = not self.may_publish(request) and not as_changes
        # Showing a version must not set off what saving does.
        muted = request.method == "GET"
        signals = workflow.WRITE_SIGNALS if muted else []
        request.editorial_rehearsal = as_changes
        kept = None
        try:
            with transaction.atomic(), mute_signals(*signals):
                obj, left_out = restore(version, as_draft=as_draft, owned=self.owned_relations())
                with self.create_revision(request):
                    response = self.changeform_view(
                        request, quote(str(obj.pk)), request.path, context
                    )
                    if request.method == "POST" and response.status_code == 302:
                        reversion.set_comment(
                            _("Restored the version saved on %(date)s")
                            % {"date": localize(template_localtime(version.revision.date_created))}
                        )
                    else:
                        if response.status_code == 200:
                            response.template_name = template
                            self._explain_restore(request, obj, as_draft, as_changes, left_out)
                            response.render()
                        raise _Discard(response)
                if as_changes:
                    # What the save wrote is kept as draft changes; the item stays as it was.
                    kept = workflow.captured(obj)
                    raise _Discard(response)
        except RevertError as error:
            messages.error(request, str(error))
            return redirect(self._changelist_url())
        except _Discard as discard:
            if kept is None:
                return discard.response
        if kept is not None:
            workflow.keep_changes(obj, kept, request.user)
            messages.info(
                request,
                _(
                    "It was restored as draft changes: the public sees it unchanged until a "
                    "publisher publishes them."
                ),
            )
            return redirect(self._change_url(obj))
        if as_draft and isinstance(obj, Publication):
            messages.info(request, _("It was restored as a draft: a publisher publishes it."))
        return response

    def _explain_restore(self, request, obj, as_draft, as_changes, left_out):
        if as_draft and isinstance(obj, Publication):
            messages.info(request, _("Saving restores it as a draft: a publisher publishes it."))
        if as_changes:
            messages.info(
                request,
                _("Saving keeps it as draft changes: a publisher publishes them."),
            )
        if left_out:
            messages.warning(
                request,
                _("Links to items deleted since are left out: %(fields)s.")
                % {"fields": ", ".join(left_out)},
            )

    def _changelist_url(self):
        opts = self.model._meta
        return reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_changelist")

    def _change_url(self, obj):
        opts = self.model._meta
        return reverse(
            f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change",
            args=[quote(obj.pk)],
        )


# The buttons of the change form, by the name they send.
INTENTS = [
    "publish",
    "unpublish",
    "discard",
    "submit",
    "request_changes",
    "revoke_preview_links",
    "save_draft",
]
# How long an opened form counts as open, for the notice that a colleague has it.
EDITING_WINDOW = timedelta(minutes=30)


class WorkflowAdmin(ChecksAdminMixin, HistoryAdmin):
    """
    The editorial workflow on the change form (see editorial/workflow.py): its
    buttons, draft changes to live items, review with comments, a refusal of
    forms opened before someone else's change, and who else has the form open.
    Editors change everything as drafts; what the public sees is written only
    by those with the model's publish permission.
    """

    change_form_template = "admin/editorial/change_form.html"

    def has_publish_permission(self, request, obj=None):
        return can_publish(request.user, self.model)

    def may_publish(self, request):
        return self.has_publish_permission(request)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (not workflow.is_live(obj) or self.has_publish_permission(request))

    def keeps_live(self, request, current):
        return workflow.is_live(current) and not self.may_publish(request)

    def has_preview_permission(self, request, obj=None):
        return False  # items with a page of their own have preview links (EditorialAdmin)

    def get_queryset(self, request):
        drafts = Draft.objects.filter(
            content_type=ContentType.objects.get_for_model(self.model), object_id=OuterRef("pk")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                has_draft_changes=Exists(drafts.filter(changes__isnull=False)),
                review_state=Subquery(drafts.values("review")[:1]),
            )
        )

    @admin.display(description=_("state"))
    def workflow_state(self, obj):
        """Where the item stands, from the change list's annotations."""
        return workflow.state_label(obj, obj.has_draft_changes, obj.review_state)

    def intent(self, request):
        """Which button was pressed: one of INTENTS, "save_draft" for any other save."""
        if request.method != "POST":
            return None
        return next((name for name in INTENTS if f"_{name}" in request.POST), "save_draft")

    # The change form

    def add_view(self, request, form_url="", extra_context=None):
        request.editorial_intent = self.intent(request)
        return super().add_view(request, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        intent = request.editorial_intent = self.intent(request)
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            # An item that does not exist: the admin says so.
            return super().change_view(request, object_id, form_url, extra_context)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        if intent in ("publish", "unpublish", "request_changes") and not self.may_publish(request):
            raise PermissionDenied
        draft = workflow.draft_of(obj)
        if intent == "discard":
            return self.discard(request, obj, draft)
        if intent == "revoke_preview_links":
            if not self.has_preview_permission(request, obj):
                raise PermissionDenied
            self.revoke_preview_links(request, self.model._default_manager.filter(pk=obj.pk))
            return redirect(self._change_url(obj))
        if intent == "request_changes":
            return self.request_changes(request, obj, draft)
        if intent == "publish" and self.approves_own_submission(request, draft):
            messages.error(
                request, _("You submitted it for review: another publisher approves it.")
            )
            return redirect(self._change_url(obj))
        request.editorial_stale = self.stale(request, obj)
        # A live item keeps what the public sees unless it is published or unpublished.
        rehearsal = request.editorial_rehearsal = intent in (
            "save_draft",
            "submit",
        ) and workflow.is_live(obj)
        context = {**(extra_context or {}), **self.workflow_context(request, obj, draft)}
        kept = None
        with transaction.atomic():
            workflow.write_changes(draft, self.owned_relations())
            # The history's revision of a save is written when this returns.
            response = super().change_view(request, object_id, form_url, context)
            saved = request.method == "POST" and response.status_code == 302
            if saved and rehearsal:
                kept = workflow.captured(obj)
            if hasattr(response, "render"):
                response.render()  # while the database holds what the form shows
            if not saved or rehearsal:
                transaction.set_rollback(True)
        if request.method == "GET":
            self.seen(request, obj)
        if not saved:
            return response
        return self.after_save(request, obj, intent, kept)

    def after_save(self, request, obj, intent, kept):
        """What a saved form leads to, by the button pressed."""
        obj = self.model._default_manager.get(pk=obj.pk)
        if kept is not None:
            draft = workflow.keep_changes(obj, kept, request.user)
            done = _("Your changes are saved as a draft; the public sees the item unchanged.")
        else:
            draft = workflow.draft_of(obj)
            done = _("Your changes are saved.")
        if intent == "submit":
            self.submit(request, obj, draft)
            done = _("Your changes are submitted for review; the publishers are told.")
        elif intent in ("publish", "unpublish"):
            workflow.Draft.objects.for_item(obj).delete()
            action = (
                ReviewNote.Action.PUBLISHED
                if intent == "publish"
                else ReviewNote.Action.UNPUBLISHED
            )
            workflow.note(obj, request.user, action)
            done = self.publication_message(obj, intent)
        EditingSession.objects.for_item(obj).filter(user=request.user).delete()
        messages.success(request, done)
        if intent == "publish":
            self.report_checks(request, obj)
        if "_popup" in request.POST:
            return redirect(self._change_url(obj))
        return redirect(self._change_url(obj))

    def publication_message(self, obj, intent):
        if intent == "unpublish":
            return _("It is unpublished: the public no longer sees it.")
        if isinstance(obj, Publication) and obj.state == Publication.State.SCHEDULED:
            return _("It is scheduled: the public sees it from %(when)s.") % {
                "when": localize(template_localtime(obj.publish_from))
            }
        return _("It is published: the public sees it as it is now.")

    def response_add(self, request, obj, post_url_continue=None):
        if "_popup" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        intent = getattr(request, "editorial_intent", None)
        if intent in ("publish", "unpublish"):
            workflow.note(obj, request.user, ReviewNote.Action.PUBLISHED)
            messages.success(request, self.publication_message(obj, intent))
            self.report_checks(request, obj)
        elif intent == "submit":
            self.submit(request, obj, None)
            messages.success(request, _("It is saved and submitted for review."))
        else:
            messages.success(request, _("It is saved as a draft."))
        return redirect(self._change_url(obj))

    def response_change(self, request, obj):
        # What follows a save is decided in after_save(), once the transaction is done.
        return redirect(self._change_url(obj))

    def save_model(self, request, obj, form, change):
        intent = getattr(request, "editorial_intent", None)
        if isinstance(obj, Publication) and intent == "publish":
            if obj.publish_from and obj.publish_from > timezone.now():
                obj.status = Publication.Status.PUBLISHED  # scheduled
            else:
                obj.publish_now()
        elif isinstance(obj, Publication) and intent == "unpublish":
            obj.unpublish()
        rehearsal = getattr(request, "editorial_rehearsal", False)
        if not rehearsal and not self.may_publish(request) and self.writes_live(obj, change):
            # The last gate, whatever route a request takes.
            raise PermissionDenied
        if isinstance(obj, Publication):
            if not change:
                obj.created_by = request.user
            obj.changed_by = request.user
        super().save_model(request, obj, form, change)

    def writes_live(self, obj, change):
        """Whether saving `obj` changes what the public sees."""
        if isinstance(obj, Publication):
            stored = self.model._default_manager.filter(pk=obj.pk).first() if change else None
            return obj.status == Publication.Status.PUBLISHED or workflow.is_live(stored)
        return change

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        stale = getattr(request, "editorial_stale", None)
        if not stale:
            return form

        class StaleForm(form):
            def clean(self):
                raise forms.ValidationError(stale)

        return StaleForm

    # Review

    def approves_own_submission(self, request, draft):
        return bool(draft and draft.in_review and draft.submitted_by_id == request.user.pk)

    def submit(self, request, obj, draft):
        comment = request.POST.get("_comment", "").strip()
        workflow.Draft.objects.update_or_create(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            defaults={
                "review": workflow.Draft.Review.IN_REVIEW,
                "submitted_by": request.user,
                "submitted_at": timezone.now(),
                "author": draft.author if draft and draft.author_id else request.user,
            },
        )
        reviewed = workflow.note(obj, request.user, ReviewNote.Action.SUBMITTED, comment)
        tasks.enqueue_review_email(reviewed)

    def request_changes(self, request, obj, draft):
        comment = request.POST.get("_comment", "").strip()
        if not (draft and draft.in_review):
            messages.error(request, _("It is not in review."))
        elif not comment:
            messages.error(request, _("Say what should change: the comment is sent to the author."))
        else:
            draft.review = workflow.Draft.Review.CHANGES_REQUESTED
            draft.save(update_fields=["review", "changed_at"])
            asked = workflow.note(obj, request.user, ReviewNote.Action.CHANGES_REQUESTED, comment)
            tasks.enqueue_review_email(asked)
            messages.success(request, _("The author is asked for the changes, with your comment."))
        return redirect(self._change_url(obj))

    def discard(self, request, obj, draft):
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        if draft is None or draft.changes_id is None:
            messages.error(request, _("There are no draft changes to discard."))
        else:
            draft.delete()
            workflow.note(obj, request.user, ReviewNote.Action.DISCARDED)
            messages.success(
                request, _("The draft changes are discarded; the item is as the public sees it.")
            )
        return redirect(self._change_url(obj))

    # Two people, one item

    def stale(self, request, obj):
        """
        Why a save must not go through: the form was opened before someone else's
        change to the item, which it would overwrite. None when it may.
        """
        opened = request.POST.get("_opened") if request.method == "POST" else None
        if not opened or opened == workflow.editing_token(obj):
            return None
        try:
            opened_version = int(opened.split("-")[0])
        except ValueError:
            opened_version = 0
        versions = Version.objects.get_for_object(obj)
        since = versions.filter(pk__gt=opened_version).select_related("revision__user")
        names = sorted({str(version.revision.user or _("someone")) for version in since})
        before = versions.filter(pk__lte=opened_version).first()
        now = workflow.changes_version(workflow.draft_of(obj)) or versions.first()
        changed = self.changed_fields(before, now)
        who = ", ".join(names) or _("Someone")
        what = _(" (%(fields)s)") % {"fields": ", ".join(changed)} if changed else ""
        return _(
            "%(who)s changed this item after you opened it%(what)s. Nothing is saved: "
            "check their changes below, then save again to keep yours."
        ) % {"who": who, "what": what}

    def changed_fields(self, before, now):
        """The names of the editable fields whose values differ between two versions."""
        if before is None or now is None:
            return []
        old, new = before.field_dict, now.field_dict
        fields = {field.name: field for field in self.model._meta.get_fields()}
        fields |= {field.attname: field for field in self.model._meta.concrete_fields}
        return [
            str(fields[name].verbose_name)
            for name in new
            if name in fields and fields[name].editable and old.get(name) != new.get(name)
        ]

    def seen(self, request, obj):
        EditingSession.objects.update_or_create(
            user=request.user,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            defaults={"seen_at": timezone.now()},
        )

    def workflow_context(self, request, obj, draft):
        since = timezone.now() - EDITING_WINDOW
        others = (
            EditingSession.objects.for_item(obj)
            .filter(seen_at__gte=since)
            .exclude(user=request.user)
            .select_related("user")
        )
        live = workflow.live_version(obj)
        changes = workflow.changes_version(draft)
        compare_url = None
        if live and changes:
            compare_url = "{}?version_id1={}&version_id2={}".format(
                reverse(
                    f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_compare",
                    args=[quote(obj.pk)],
                ),
                live.pk,
                changes.pk,
            )
        return {
            "workflow": {
                "live": workflow.is_live(obj),
                "draft": draft,
                "has_changes": bool(draft and draft.changes_id),
                "may_publish": self.may_publish(request),
                "own_submission": self.approves_own_submission(request, draft),
                "notes": ReviewNote.objects.for_item(obj).select_related("user"),
                "others": others,
                "token": workflow.editing_token(obj),
                "compare_url": compare_url,
                "publication": isinstance(obj, Publication),
                "preview_links": self.has_preview_permission(request, obj),
                "state": workflow.state_label(
                    obj, bool(draft and draft.changes_id), draft and draft.review
                ),
                "scheduled": isinstance(obj, Publication)
                and obj.publish_from is not None
                and obj.publish_from > timezone.now(),
            }
        }

    # The live preview (editorial/preview.py), for items with a public page

    @property
    def has_live_preview(self):
        """Whether the items have a page of their own: an item's, or a fixed page's texts."""
        return issubclass(self.model, (Publishable, Page))

    def get_urls(self):
        if not self.has_live_preview:
            return super().get_urls()
        opts = self.opts
        view = csp_override(preview.PREVIEW_CSP)(self.admin_site.admin_view(self.live_preview))
        return [
            path(
                "add/live-preview/",
                view,
                name=f"{opts.app_label}_{opts.model_name}_add_live_preview",
            ),
            path(
                "<path:object_id>/live-preview/",
                view,
                name=f"{opts.app_label}_{opts.model_name}_live_preview",
            ),
            *super().get_urls(),
        ]

    def live_preview(self, request, object_id=None):
        return preview.live_preview(self, request, object_id)

    def live_preview_url(self, obj):
        opts = self.opts
        if obj is None:
            return reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_add_live_preview"
            )
        return reverse(
            f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_live_preview",
            args=[quote(obj.pk)],
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if self.has_live_preview and (change or self.has_add_permission(request)):
            context["live_preview_url"] = self.live_preview_url(obj if change else None)
        # Adding: the buttons and a comment for the submission.
        context.setdefault(
            "workflow",
            {
                "may_publish": self.may_publish(request),
                "publication": issubclass(self.model, Publication),
                "notes": [],
            },
        )
        return super().render_change_form(request, context, add, change, form_url, obj)


class EditorialAdmin(ImageChooserMixin, WorkflowAdmin):
    """
    What every content admin shares: publication state, publish and unpublish,
    preview links, audit fields, and history with compare, restore and recover.
    Editors change drafts only; publishing needs the publish permission.
    """

    publication_fields = ["status", "publish_from", "publish_until"]
    audit_fields = ["created_at", "created_by", "changed_at", "changed_by"]
    actions = ["publish", "unpublish", "revoke_preview_links"]
    list_per_page = 50

    @property
    def has_page(self):
        """Whether the items have a page of their own, with a preview link."""
        return issubclass(self.model, Publishable)

    # Relations to content and countries: pickers (editorial/pickers.py)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, CountryField):
            return pickers.country_picker(db_field, **kwargs)
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        widget = getattr(formfield, "widget", None)
        if isinstance(widget, RelatedFieldWidgetWrapper) and isinstance(
            widget.widget, pickers.Picker
        ):
            formfield.widget = widget.widget  # a picker adds by name, not in a pop-up
        return formfield

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if self.picks(db_field, kwargs):
            return self.picker(db_field, request, **kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if self.picks(db_field, kwargs):
            return self.picker(db_field, request, **kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def picks(self, db_field, kwargs):
        """Whether a relation is to content that editors look up by name."""
        related = self.admin_site._registry.get(db_field.related_model)
        return (
            "widget" not in kwargs and isinstance(related, WorkflowAdmin) and related.search_fields
        )

    def picker(self, db_field, request, **kwargs):
        related = self.admin_site.get_model_admin(db_field.related_model)

        def search(term):
            queryset = related.get_queryset(request).complex_filter(db_field.get_limit_choices_to())
            queryset, distinct = related.get_search_results(request, queryset, term)
            return queryset.distinct() if distinct else queryset

        queryset = self.get_field_queryset(None, db_field, request)
        if queryset is not None:
            kwargs.setdefault("queryset", queryset)
        return pickers.model_picker(db_field, self.admin_site, search, **kwargs)

    def get_list_display(self, request):
        return [*super().get_list_display(request), "publication_state", "changed_at"]

    def get_list_filter(self, request):
        return [PublicationStateFilter, *super().get_list_filter(request)]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        taken = {"preview_link", *self.publication_fields, *self.audit_fields}
        content = [
            (name, {**options, "fields": [f for f in options["fields"] if f not in taken]})
            for name, options in fieldsets
        ]
        used = (
            [(_("Where it is used"), {"fields": ["used_by"]})]
            if obj and links_to(self.model)
            else []
        )
        return [
            *content,
            *used,
            (
                _("Publication"),
                {
                    "fields": [
                        *self.publication_fields,
                        *(["preview_link"] if obj and self.has_page else []),
                    ]
                },
            ),
            (_("Record"), {"fields": self.audit_fields, "classes": ["collapse"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        # The state changes by the buttons; publishers set the publication window.
        fields = [*super().get_readonly_fields(request, obj), "status", "preview_link", "used_by"]
        fields += self.audit_fields
        if not self.has_publish_permission(request):
            fields += self.publication_fields
        return list(dict.fromkeys(fields))

    @admin.display(description=_("state"), ordering="status")
    def publication_state(self, obj):
        return format_html(
            '<span class="publication publication--{}">{}</span>',
            obj.state,
            self.workflow_state(obj),
        )

    @admin.display(description=_("preview link"))
    def preview_link(self, obj):
        # The form may hold unsaved, even invalid, changes: link what is saved.
        saved = obj and obj.pk and self.model._default_manager.filter(pk=obj.pk).first()
        if not saved:
            return "-"
        obj = saved
        days = settings.PREVIEW_LINK_MAX_AGE // 86400
        return format_html(
            '<input type="url" class="vURLField preview-link" readonly value="{}" '
            'aria-label="{}"> <button type="button" class="button copy-preview-link">{}</button>'
            '<div class="help">{}</div>',
            absolute_url(obj.preview_url()),
            _("Preview link"),
            _("Copy"),
            _("Anyone with this link can see the item as it is now, for %(days)d days.")
            % {"days": days},
        )

    @admin.display(description=_("linked from"))
    def used_by(self, obj):
        """What links to the item, by relation: the first few of each, with their states."""
        groups = []
        for model, field in links_to(self.model):
            items = model._default_manager.filter(**{field.name: obj})
            count = items.count()
            if not count:
                continue
            listed = format_html_join(
                "",
                '<li>{} <span class="publication publication--{}">{}</span></li>',
                (
                    (self._link(item, kind=False), item.state, item.State(item.state).label)
                    for item in items[:USES_LISTED]
                ),
            )
            more = (
                format_html("<li>{}</li>", _("and %(count)d more") % {"count": count - USES_LISTED})
                if count > USES_LISTED
                else ""
            )
            groups.append(
                format_html(
                    '<div class="used-by"><h3>{} ({}) · {}</h3><ul>{}{}</ul></div>',
                    capfirst(model._meta.verbose_name_plural),
                    field.verbose_name,
                    count,
                    listed,
                    more,
                )
            )
        if not groups:
            return _("Nothing on the site links to it yet.")
        intro = format_html(
            '<p class="help">{}</p>',
            _(
                "Unpublished, it no longer shows on these items' pages; while they link to it, "
                "it cannot be deleted."
            ),
        )
        return intro + mark_safe("".join(groups))

    # Permissions

    def has_preview_permission(self, request, obj=None):
        """Ending preview links: for items with a page, by those who may change them."""
        return self.has_page and self.has_change_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        if not all(self.has_delete_permission(request, obj) for obj in objs):
            perms_needed.add(_("published %(items)s") % {"items": self.opts.verbose_name_plural})
        # Deleting would quietly drop these links, and recovering would not bring them back.
        protected = [*protected, *(self._link(item) for obj in objs for item in linked_from(obj))]
        return deleted, model_count, perms_needed, protected

    def _link(self, obj, kind=True):
        """A link to the item's change form, after its type unless `kind` is false."""
        opts = obj._meta
        label = f"{capfirst(opts.verbose_name)}: " if kind else ""
        try:
            url = reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change",
                args=[quote(obj.pk)],
            )
        except NoReverseMatch:
            return f"{label}{obj}"
        return format_html('{}<a href="{}">{}</a>', label, url, obj)

    # Actions

    def change_each(self, request, queryset, change, comment, action=None):
        """
        Apply `change` to each item and save it, as one revision in the history.
        With an `action` (publishing, unpublishing), an item's draft changes are
        applied first and its draft ends, so that no work is lost.
        """
        owned = self.owned_relations()
        with transaction.atomic(), reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(comment)
            for obj in queryset:
                if action:
                    draft = workflow.draft_of(obj)
                    if workflow.write_changes(draft, owned):
                        obj = self.model._default_manager.get(pk=obj.pk)
                    workflow.Draft.objects.for_item(obj).delete()
                    workflow.note(obj, request.user, action)
                change(obj)
                obj.changed_by = request.user
                obj.save()
        return len(queryset)

    @admin.action(
        description=_("Publish now"),
        description_plural=_("Publish the selected items now"),
        permissions=["publish"],
    )
    def publish(self, request, queryset):
        count = self.change_each(
            request, queryset, Publication.publish_now, _("Published"), ReviewNote.Action.PUBLISHED
        )
        self.message_user(
            request,
            ngettext("%d item is published.", "%d items are published.", count) % count,
            messages.SUCCESS,
        )
        self.report_checks_of(request, queryset)

    @admin.action(
        description=_("End its preview links"),
        description_plural=_("End the preview links of the selected items"),
        permissions=["preview"],
    )
    def revoke_preview_links(self, request, queryset):
        count = self.change_each(
            request, queryset, Publishable.revoke_preview_links, _("Preview links ended")
        )
        self.message_user(
            request,
            ngettext(
                "The preview links of %d item no longer work.",
                "The preview links of %d items no longer work.",
                count,
            )
            % count,
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Unpublish"),
        description_plural=_("Unpublish the selected items"),
        permissions=["publish"],
    )
    def unpublish(self, request, queryset):
        live = queryset.exclude(status=Publication.Status.DRAFT)
        count = self.change_each(
            request, live, Publication.unpublish, _("Unpublished"), ReviewNote.Action.UNPUBLISHED
        )
        self.message_user(
            request,
            ngettext("%d item is now a draft.", "%d items are now drafts.", count) % count,
            messages.SUCCESS,
        )


class ImageFileInput(AdminFileWidget):
    """The file input with a label of its own, and only the accepted formats offered."""

    use_fieldset = False

    def __init__(self, attrs=None):
        super().__init__({"accept": ",".join(ACCEPTED_TYPES), **(attrs or {})})


@admin.register(Image)
class ImageAdmin(HistoryAdmin):
    def has_change_permission(self, request, obj=None):
        # A new image is anyone's to upload; one that the public sees is a publisher's to change.
        return super().has_change_permission(request, obj) and self._may_touch(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_touch(request, obj)

    def _may_touch(self, request, obj):
        if obj is None or can_publish(request.user, Image):
            return True
        return not any(workflow.is_live(item) for item in obj.uses())

    def may_publish(self, request):
        return True  # restoring an image the editor may change keeps it as it was

    list_display = [
        "__str__",
        "thumbnail",
        "decorative",
        "width",
        "height",
        "renditions_column",
        "created_at",
    ]
    list_filter = ["decorative", "created_at"]
    search_fields = ["alt_text", "credit", "file"]
    readonly_fields = ["focal_point_picker", "width", "height", "renditions_made", "where_used"]
    fields = [
        "file",
        "renditions_made",
        "alt_text",
        "decorative",
        "focal_point_picker",
        "focal_x",
        "focal_y",
        "credit",
        "where_used",
    ]
    formfield_overrides = {models.ImageField: {"widget": ImageFileInput}}
    actions = ["delete_selected"]

    class Media:
        css = {"all": ["editorial/chooser.css"]}  # where an image is used

    def get_urls(self):
        chooser = ImageChooserView.as_view(model_admin=self)
        return [
            path("choose/", self.admin_site.admin_view(chooser), name="editorial_image_choose"),
            *super().get_urls(),
        ]

    @admin.display(description=_("where it is used"))
    def where_used(self, obj):
        uses = uses_of([obj.pk], self.admin_site).get(obj.pk) if obj.pk else None
        return render_to_string("admin/editorial/image/includes/uses.html", {"uses": uses})

    def render_delete_form(self, request, context):
        # Deleting empties the image of the items that show it: the confirmation names them.
        image = context["object"]
        context["image_uses"] = uses_of([image.pk], self.admin_site).get(image.pk, [])
        return super().render_delete_form(request, context)

    @admin.action(permissions=["delete"], description=django_delete_selected.short_description)
    def delete_selected(self, request, queryset):
        """Django's action, whose confirmation also names the items that show the images."""
        response = django_delete_selected(self, request, queryset)
        if isinstance(response, TemplateResponse):
            uses = uses_of(queryset, self.admin_site)
            response.context_data["image_uses"] = [
                (image, uses[image.pk]) for image in queryset if image.pk in uses
            ]
        return response

    @admin.display(description=_("preview"))
    def thumbnail(self, obj):
        if obj.renditions_state == Image.RenditionsState.FAILED:
            return "-"  # a file that could not be read
        _width, _height, url = smallest_or_original(obj, "square")
        return format_html(
            '<img src="{}" width="80" height="80" alt="" class="editorial-thumbnail">', url
        )

    @admin.display(description=_("renditions"))
    def renditions_column(self, obj):
        state = obj.renditions_state
        if state == Image.RenditionsState.READY:
            return self.rendition_count(obj)
        return state.label

    @admin.display(description=_("renditions"))
    def renditions_made(self, obj):
        """How many renditions pages have to choose from, or why they show the original."""
        if not obj.pk:
            return _("Made once the image is saved.")
        state = obj.renditions_state
        if state == Image.RenditionsState.PENDING:
            return _("Being made; pages show the original until they are ready.")
        if state == Image.RenditionsState.FAILED:
            return _(
                "Could not be made from this file; pages show the original. "
                "Save the image again to retry, or upload another file."
            )
        count = self.rendition_count(obj)
        return ngettext("%d file, ready", "%d files, ready", count) % count

    @staticmethod
    def rendition_count(obj):
        return sum(
            len(files)
            for entry in obj.renditions.values()
            for key, files in entry.items()
            if key in RENDITION_FORMATS
        )

    @admin.display(description=_("focal point"))
    def focal_point_picker(self, obj):
        if not obj.pk:
            return _("Save the image first; then click on it here to set the focal point.")
        width, height, url = smallest_or_original(obj, "original")
        return format_html(
            '<div class="focal-picker"><img src="{}" width="{}" height="{}" alt=""></div>'
            '<div class="help">{}</div>',
            url,
            width,
            height,
            _("Click on the subject to set the focal point; square crops keep it in view."),
        )


class PageSectionInline(admin.StackedInline):
    model = PageSection
    extra = 0
    prepopulated_fields = {"anchor": ["heading"]}


@admin.register(Page)
class PageAdmin(WorkflowAdmin):
    """The texts of the site's fixed pages: every page an app names has one, made for it."""

    list_display = ["__str__", "key", "workflow_state", "changed_at"]
    search_fields = ["key", "title", "intro", "sections__heading", "sections__body"]
    fields = ["key", "title", "intro", "description"]
    readonly_fields = ["key"]
    inlines = [PageSectionInline]

    def has_add_permission(self, request):
        # The pages come with the site; their texts are what editors change.
        return False
