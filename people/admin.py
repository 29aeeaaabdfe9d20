from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from editorial.admin import EditorialAdmin, WorkflowAdmin

from .models import Person, Team


@admin.register(Team)
class TeamAdmin(WorkflowAdmin):
    list_display = ["name", "position", "workflow_state"]
    search_fields = ["name"]


@admin.register(Person)
class PersonAdmin(EditorialAdmin):
    list_display = ["name", "role", "team", "position"]
    list_filter = ["team"]
    list_select_related = ["team"]
    search_fields = ["name", "role", "quote", "topics", "regions"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "role", "team", "position"]}),
        (_("On the page"), {"fields": ["photo", "quote", "bio"]}),
        (
            _("Contact and expertise"),
            {"fields": ["email", "languages", "topics", "regions", "orcid", "linkedin", "website"]},
        ),
    ]
