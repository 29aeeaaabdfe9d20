import reversion
from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from reversion_compare.admin import CompareVersionAdmin

from .images import ACCEPTED_TYPES
from .models import Image, Publishable, TextBlock
from .roles import can_publish
from .seo import absolute_url

BOTH = [admin.ActionLocation.CHANGE_LIST, admin.ActionLocation.CHANGE_FORM]


class PublicationStateFilter(admin.SimpleListFilter):
    title = _("publication")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return Publishable.State.choices

    def queryset(self, request, queryset):
        if self.value() in Publishable.State.values:
            return queryset.in_state(self.value())
        return queryset


class EditorialAdmin(CompareVersionAdmin):
    """
    What every content admin shares: publication state, publish and unpublish,
    preview links, audit fields, and history with compare, restore and recover.
    Editors change drafts only; publishing needs the publish permission.
    """

    publication_fields = ["status", "publish_from", "publish_until"]
    audit_fields = ["created_at", "created_by", "changed_at", "changed_by"]
    actions = ["publish", "unpublish"]
    list_per_page = 50

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
                {"fields": [*self.publication_fields, *(["preview_link"] if obj else [])]},
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

    def _may_touch(self, request, obj):
        """Editors may not change or delete what is published, scheduled or expired."""
        if obj is None or obj.status == Publishable.Status.DRAFT:
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
        return deleted, model_count, perms_needed, protected

    def save_model(self, request, obj, form, change):
        if obj.status == Publishable.Status.PUBLISHED and not self.has_publish_permission(request):
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
        count = self.change_each(request, queryset, Publishable.publish_now, _("Published"))
        self.message_user(
            request,
            ngettext("%d item is published.", "%d items are published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Unpublish"),
        description_plural=_("Unpublish the selected items"),
        permissions=["publish"],
        location=BOTH,
    )
    def unpublish(self, request, queryset):
        live = queryset.exclude(status=Publishable.Status.DRAFT)
        count = self.change_each(request, live, Publishable.unpublish, _("Unpublished"))
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
class ImageAdmin(CompareVersionAdmin):
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


@admin.register(TextBlock)
class TextBlockAdmin(CompareVersionAdmin):
    list_display = ["key", "title", "changed_at"]
    search_fields = ["key", "title", "body"]

    def get_readonly_fields(self, request, obj=None):
        # The place is fixed once made: the page looks the text up by it.
        return ["key"] if obj else []


# Paused sign-ins (settings.AXES_*): deleting an attempt lifts its pause at once.
admin.site.register(AccessAttempt, AccessAttemptAdmin)
