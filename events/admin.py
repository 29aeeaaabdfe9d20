from django import forms
from django.contrib import admin

from editorial.admin import EditorialAdmin

from .models import Event, NewsItem

# Short lists (people, themes, programmes) as checkboxes; partners as a multiple select.
SHORT_LISTS = {"speakers", "contacts", "themes", "programmes", "people"}


class RelationsMixin:
    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in SHORT_LISTS:
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Event)
class EventAdmin(RelationsMixin, EditorialAdmin):
    list_display = ["title", "kind", "start", "attendance", "event_status"]
    list_filter = ["kind", "attendance", "event_status", "themes"]
    search_fields = ["title", "summary", "body", "venue", "city"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "start"
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
class NewsItemAdmin(RelationsMixin, EditorialAdmin):
    list_display = ["title", "date"]
    list_filter = ["themes"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "date"
    fieldsets = [
        (None, {"fields": ["title", "slug", "date", "date_precision", "summary", "body", "image"]}),
        (None, {"fields": ["event", "people", "partners", "themes", "programmes"]}),
    ]
