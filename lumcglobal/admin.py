from functools import partial

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from editorial.admin import EditorialAdmin

from .models import ContactMessage, SocialLink, Subscriber
from .tasks import notify_staff_of_contact_message


@admin.register(SocialLink)
class SocialLinkAdmin(EditorialAdmin):
    list_display = ["name", "url", "position"]
    fields = ["name", "url", "position"]


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    list_display = ["subject", "name", "email", "created_at", "handled", "staff_notified"]
    list_filter = ["handled", ("notified_at", admin.EmptyFieldListFilter), "created_at"]
    search_fields = ["name", "email", "subject", "message"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "name",
        "email",
        "subject",
        "message",
        "consent",
        "created_at",
        "notified_at",
        "notify_attempts",
        "notify_error",
    ]
    fieldsets = [
        (None, {"fields": ["name", "email", "subject", "message", "consent", "created_at"]}),
        (_("Follow-up"), {"fields": ["handled"]}),
        (
            _("Staff notification"),
            {
                "fields": ["notified_at", "notify_attempts", "notify_error"],
                "classes": ["collapse"],
            },
        ),
    ]
    actions = ["mark_handled", "notify_again"]

    def has_add_permission(self, request):
        # Messages come from visitors only.
        return False

    @admin.display(boolean=True, description=_("staff notified"), ordering="notified_at")
    def staff_notified(self, obj):
        return obj.notified_at is not None

    @admin.action(description=_("Mark as handled"), permissions=["change"])
    def mark_handled(self, request, queryset):
        count = queryset.update(handled=True)
        self.message_user(
            request,
            ngettext("%d message marked as handled.", "%d messages marked as handled.", count)
            % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Send the staff notification again"), permissions=["change"])
    def notify_again(self, request, queryset):
        pending = list(queryset.filter(notified_at=None).values_list("pk", flat=True))
        for pk in pending:
            transaction.on_commit(partial(notify_staff_of_contact_message.enqueue, pk))
        self.message_user(
            request,
            ngettext(
                "Notification queued for %d message.",
                "Notification queued for %d messages.",
                len(pending),
            )
            % len(pending),
            messages.SUCCESS,
        )


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "status", "created_at", "confirmed_at", "unsubscribed_at"]
    list_filter = ["status", "created_at"]
    search_fields = ["email"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "email",
        "status",
        "created_at",
        "requested_at",
        "confirmed_at",
        "unsubscribed_at",
    ]
    actions = ["unsubscribe"]

    def has_add_permission(self, request):
        # People subscribe themselves and confirm by email (double opt-in).
        return False

    @admin.action(description=_("Unsubscribe"), permissions=["change"])
    def unsubscribe(self, request, queryset):
        subscribers = list(queryset.exclude(status=Subscriber.Status.UNSUBSCRIBED))
        for subscriber in subscribers:
            subscriber.unsubscribe()
        self.message_user(
            request,
            ngettext(
                "%d subscriber unsubscribed.", "%d subscribers unsubscribed.", len(subscribers)
            )
            % len(subscribers),
            messages.SUCCESS,
        )


# Paused sign-ins (settings.AXES_*): deleting an attempt lifts its pause at once.
admin.site.register(AccessAttempt, AccessAttemptAdmin)
