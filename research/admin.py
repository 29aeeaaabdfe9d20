from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from editorial.admin import EditorialAdmin

from .models import (
    Alliance,
    InterdisciplinaryProgramme,
    KeyFigure,
    PartnerInstitution,
    Project,
    ResearchProfile,
    ResearchTheme,
    ScienceAreaCluster,
)


@admin.register(ResearchTheme)
class ResearchThemeAdmin(EditorialAdmin):
    list_display = ["title", "subtitle", "position"]
    search_fields = ["title", "subtitle", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    fields = ["title", "slug", "subtitle", "summary", "body", "image", "contacts", "position"]


@admin.register(ResearchProfile)
class ResearchProfileAdmin(EditorialAdmin):
    list_display = ["title", "position"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    fields = ["title", "slug", "summary", "position"]


@admin.register(PartnerInstitution)
class PartnerInstitutionAdmin(EditorialAdmin):
    list_display = ["name", "short_name", "kind", "city", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "short_name", "city"]
    prepopulated_fields = {"slug": ["name"]}
    fields = [
        "name",
        "slug",
        "short_name",
        "kind",
        "city",
        "country",
        "website",
        "logo",
        "description",
    ]


@admin.register(Alliance)
class AllianceAdmin(EditorialAdmin):
    list_display = ["name", "short_name", "size", "position"]
    search_fields = ["name", "short_name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    fields = [
        "name",
        "slug",
        "short_name",
        "size",
        "description",
        "lumc_role",
        "website",
        "members",
        "position",
    ]


@admin.register(ScienceAreaCluster)
class ScienceAreaClusterAdmin(EditorialAdmin):
    list_display = ["title", "position"]
    search_fields = ["title"]
    fields = ["title", "position"]


@admin.register(InterdisciplinaryProgramme)
class InterdisciplinaryProgrammeAdmin(EditorialAdmin):
    list_display = ["title", "short_name", "start_year", "position"]
    search_fields = ["title", "short_name"]
    fields = ["title", "short_name", "start_year", "position"]


@admin.register(Project)
class ProjectAdmin(EditorialAdmin):
    list_display = ["title", "kind", "progress", "start_year"]
    list_filter = ["kind", "progress", "themes"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["kind", "title", "slug", "summary", "body", "image"]}),
        (_("Progress"), {"fields": ["progress", "start_year", "end_year", "website"]}),
        (
            _("Partners, themes and supervisors"),
            {"fields": ["partner_countries", "partners", "themes", "supervisors"]},
        ),
    ]


@admin.register(KeyFigure)
class KeyFigureAdmin(EditorialAdmin):
    list_display = ["value", "label", "year", "source", "on_home", "position"]
    list_filter = ["on_home"]
    search_fields = ["label", "value", "source"]
    fields = ["value", "label", "year", "source", "source_url", "on_home", "position"]
