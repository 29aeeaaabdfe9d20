import reversion
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, reverse
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.timezone import template_localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from reversion.errors import RevertError
from reversion.models import Version
from reversion.utils import mute_signals
from reversion_compare.admin import CompareVersionAdmin

from .history import restore
from .images import ACCEPTED_TYPES
from .models import Image, Page, PageSection, Publication, Publishable
from .roles import can_publish
from .seo import absolute_url

BOTH = [admin.ActionLocation.CHANGE_LIST, admin.ActionLocation.CHANGE_FORM]


def linked_from(obj):
    """The content items whose links (many-to-many, or a key that empties) point at `obj`."""
    for relation in obj._meta.related_objects:
        field = relation.remote_field
        links = relation.many_to_many or (
            relation.many_to_one and field.remote_field.on_delete is models.SET_NULL
        )
        if links and not relation.related_model._meta.auto_created:
            yield from relation.related_model._default_manager.filter(**{field.name: obj})


class PublicationStateFilter(admin.SimpleListFilter):
    title = _("publication")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return Publication.State.choices

    def queryset(self, request, queryset):
        if self.value() in Publication.State.values:
            return queryset.in_state(self.value())
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

    def _restore_view(self, request, version, template, context):
        """The item as `version` holds it, in its change form; only a save keeps it."""
        if "_saveasnew" in request.POST:
            # The restored item would stay as written, unchecked, beside the copy.
            return HttpResponseBadRequest(
                _("A version is restored into its own item: “Save as new” does not apply.")
            )
        as_draft = not self.may_publish(request)
        # Showing a version must not set off what saving does.
        muted = request.method == "GET"
        signals = [pre_save, post_save, pre_delete, post_delete, m2m_changed] if muted else []
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
                            self._explain_restore(request, obj, as_draft, left_out)
                            response.render()
                        raise _Discard(response)
        except RevertError as error:
            messages.error(request, str(error))
            return redirect(self._changelist_url())
        except _Discard as discard:
            return discard.response
        if as_draft and isinstance(obj, Publication):
            messages.info(request, _("It was restored as a draft: a publisher publishes it."))
        return response

    def _explain_restore(self, request, obj, as_draft, left_out):
        if as_draft and isinstance(obj, Publication):
            messages.info(request, _("Saving restores it as a draft: a publisher publishes it."))
        if left_out:
            messages.warning(
                request,
                _("Links to items deleted since are left out: %(fields)s.")
                % {"fields": ", ".join(left_out)},
            )

    def _changelist_url(self):
        opts = self.model._meta
        return reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_changelist")


class EditorialAdmin(HistoryAdmin):
    """
    What every content admin shares: publication state, publish and unpublish,
    preview links, audit fields, and history with compare, restore and recover.
    Editors change drafts only; publishing needs the publish permission.
    """

    publication_fields = ["status", "publish_from", "publish_until"]
    audit_fields = ["created_at", "created_by", "changed_at", "changed_by"]
    actions = ["publish", "unpublish", "revoke_preview_links"]
    list_per_page = 50
    # Many-to-many fields short enough to show as checkboxes; longer ones stay a
    # multiple select. Both are plain form controls that pass the accessibility checks.
    checkbox_fields = ()

    @property
    def has_page(self):
        """Whether the items have a page of their own, with a preview link."""
        return issubclass(self.model, Publishable)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.checkbox_fields:
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

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
        return [
            *content,
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
        fields = [*super().get_readonly_fields(request, obj), "preview_link", *self.audit_fields]
        if not self.has_publish_permission(request):
            fields += self.publication_fields
        return fields

    @admin.display(description=_("publication"), ordering="status")
    def publication_state(self, obj):
        state = obj.state
        return format_html(
            '<span class="publication publication--{}">{}</span>', state, state.label
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

    # Permissions

    def has_publish_permission(self, request, obj=None):
        return can_publish(request.user, self.model)

    def has_preview_permission(self, request, obj=None):
        """Ending preview links: for items with a page, by those who may change them."""
        return self.has_page and self.has_change_permission(request, obj)

    def may_publish(self, request):
        return self.has_publish_permission(request)

    def _may_touch(self, request, obj):
        """Editors may not change or delete what is published, scheduled or expired."""
        if obj is None or obj.status == Publication.Status.DRAFT:
            return True
        return self.has_publish_permission(request)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_touch(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_touch(request, obj)

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        if not all(self._may_touch(request, obj) for obj in objs):
            perms_needed.add(_("published %(items)s") % {"items": self.opts.verbose_name_plural})
        # Deleting would quietly drop these links, and recovering would not bring them back.
        protected = [*protected, *(self._link(item) for obj in objs for item in linked_from(obj))]
        return deleted, model_count, perms_needed, protected

    def _link(self, obj):
        opts = obj._meta
        try:
            url = reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change",
                args=[quote(obj.pk)],
            )
        except NoReverseMatch:
            return f"{capfirst(opts.verbose_name)}: {obj}"
        return format_html('{}: <a href="{}">{}</a>', capfirst(opts.verbose_name), url, obj)

    def save_model(self, request, obj, form, change):
        if obj.status == Publication.Status.PUBLISHED and not self.has_publish_permission(request):
            # The last gate, for anything the form or a restored version tries.
            raise PermissionDenied
        if not change:
            obj.created_by = request.user
        obj.changed_by = request.user
        super().save_model(request, obj, form, change)

    # Actions

    def change_each(self, request, queryset, change, comment):
        """Apply `change` to each item and save it, as one revision in the history."""
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(comment)
            for obj in queryset:
                change(obj)
                obj.changed_by = request.user
                obj.save()
        return len(queryset)

    @admin.action(
        description=_("Publish now"),
        description_plural=_("Publish the selected items now"),
        permissions=["publish"],
        location=BOTH,
    )
    def publish(self, request, queryset):
        count = self.change_each(request, queryset, Publication.publish_now, _("Published"))
        self.message_user(
            request,
            ngettext("%d item is published.", "%d items are published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(
        description=_("End its preview links"),
        description_plural=_("End the preview links of the selected items"),
        permissions=["preview"],
        location=BOTH,
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
        location=BOTH,
    )
    def unpublish(self, request, queryset):
        live = queryset.exclude(status=Publication.Status.DRAFT)
        count = self.change_each(request, live, Publication.unpublish, _("Unpublished"))
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
    list_display = ["__str__", "thumbnail", "decorative", "width", "height", "created_at"]
    list_filter = ["decorative", "created_at"]
    search_fields = ["alt_text", "credit", "file"]
    readonly_fields = ["focal_point_picker", "width", "height"]
    fields = [
        "file",
        "alt_text",
        "decorative",
        "focal_point_picker",
        "focal_x",
        "focal_y",
        "credit",
    ]
    formfield_overrides = {models.ImageField: {"widget": ImageFileInput}}

    @staticmethod
    def rendition(obj, shape):
        """The smallest JPEG rendition of a shape: (width, height, url), or None."""
        entry = (obj.renditions or {}).get(shape, {})
        if not entry.get("JPEG"):
            return None
        width, name = entry["JPEG"][0]
        return width, round(entry["height"] * width / entry["width"]), default_storage.url(name)

    @admin.display(description=_("preview"))
    def thumbnail(self, obj):
        if not (rendition := self.rendition(obj, "square")):
            return "-"
        _width, _height, url = rendition
        return format_html(
            '<img src="{}" width="80" height="80" alt="" class="editorial-thumbnail">', url
        )

    @admin.display(description=_("focal point"))
    def focal_point_picker(self, obj):
        if not (rendition := self.rendition(obj, "original")):
            return _("Save the image first; then click on it here to set the focal point.")
        width, height, url = rendition
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
class PageAdmin(HistoryAdmin):
    """The texts of the site's fixed pages: every page an app names has one, made for it."""

    list_display = ["__str__", "key", "changed_at"]
    search_fields = ["key", "title", "intro", "sections__heading", "sections__body"]
    fields = ["key", "title", "intro", "description"]
    readonly_fields = ["key"]
    inlines = [PageSectionInline]

    def has_add_permission(self, request):
        # The pages come with the site; their texts are what editors change.
        return False
