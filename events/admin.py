from django.contrib import admin

from editorial.admin import EditorialAdmin

from .models import Event, NewsItem


@admin.register(Event)
class EventAdmin(EditorialAdmin):
    list_display = ["title", "kind", "start", "attendance", "event_status"]
    list_filter = ["kind", "attendance", "event_status", "themes"]
    search_fields = ["title", "summary", "body", "venue", "city"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "start"
    # Short lists as checkboxes; partners stay a multiple select.
    checkbox_fields = ["speakers", "contacts", "themes", "programmes"]
    fieldsets = [
        (None, {"fields": ["kind", "title", "slug", "summary", "body", "image"]}),
        (None, {"fields": ["start", "end", "all_day", "date_precision", "event_status"]}),
        (None, {"fields": ["attendance", "venue", "city", "country", "online_url"]}),
        (
            None,
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
            None,
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
    checkbox_fields = ["people", "themes", "programmes"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "date", "date_precision", "summary", "body", "image"]}),
        (None, {"fields": ["event", "people", "partners", "themes", "programmes"]}),
    ]
