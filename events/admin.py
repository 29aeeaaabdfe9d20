from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from editorial.admin import EditorialAdmin

from .models import Event, NewsItem


@admin.register(Event)
class EventAdmin(EditorialAdmin):
    list_display = ["title", "kind", "start", "attendance", "event_status"]
    list_filter = ["kind", "attendance", "event_status", "themes"]
    search_fields = ["title", "summary", "body", "venue", "city"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "start"
    fieldsets = [
        (None, {"fields": ["kind", "title", "slug", "summary", "body", "image"]}),
        (_("When"), {"fields": ["start", "end", "all_day", "date_precision", "event_status"]}),
        (_("Where"), {"fields": ["attendance", "venue", "city", "country", "online_url"]}),
        (
            _("Registration and materials"),
            {
                "fields": [
                    "registration_url",
                    "registration_deadline",
                    "recording_url",
                    "slides_url",
                ]
            },
        ),
        (
            _("Who takes part, and what it is about"),
            {"fields": ["organisers", "partners", "speakers", "contacts", "themes", "programmes"]},
        ),
    ]


@admin.register(NewsItem)
class NewsItemAdmin(EditorialAdmin):
    list_display = ["title", "date"]
    list_filter = ["themes"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "date"
    fieldsets = [
        (None, {"fields": ["title", "slug", "date", "date_precision", "summary", "body", "image"]}),
        (
            _("What and who it is about"),
            {"fields": ["event", "people", "partners", "themes", "programmes"]},
        ),
    ]
