from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.tmp_storages import TempFolderStorage

from editorial.admin import EditorialAdmin
from editorial.roles import can_publish

from .models import REVIEW_AFTER_DAYS, ExchangeOption, Programme
from .resources import FORMATS, ExchangeOptionResource


@admin.register(Programme)
class ProgrammeAdmin(EditorialAdmin):
    list_display = ["title", "offers_bachelor", "offers_master", "position"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    fields = [
        "title",
        "slug",
        "offers_bachelor",
        "offers_master",
        "summary",
        "body",
        "website",
        "position",
    ]


class ReviewFilter(admin.SimpleListFilter):
    title = _("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("due", _("past its review date")), ("current", _("checked within a year"))]

    def queryset(self, request, queryset):
        overdue = queryset.past_review()
        if self.value() == "due":
            return overdue
        if self.value() == "current":
            return queryset.exclude(pk__in=overdue.values("pk"))
        return queryset


class UploadAsSent(TempFolderStorage):
    """The uploaded file between preview and import, read back as it was sent."""

    def _open(self, mode="r"):
        if self.name and "b" not in mode:
            # Text mode would turn a cell's "\r\n" into "\n", and the import would change it.
            return open(self.get_full_path(), mode, encoding=self.encoding, newline="")
        return super()._open(mode)


class Boxes(forms.CheckboxSelectMultiple):
    """Ticked boxes whose group the help text describes (it has an id of its own)."""

    def id_for_label(self, id_, index=None):
        return id_ if index is None else super().id_for_label(id_, index)


class ExchangeOptionForm(forms.ModelForm):
    """The three year boxes as one group, with its own label."""

    years = forms.TypedMultipleChoiceField(
        label=_("Years of study"),
        choices=[(year, _("Year %(year)d") % {"year": year}) for year in (1, 2, 3)],
        coerce=int,
        required=False,
        widget=Boxes,
        help_text=_("The years of the programme in which students can go; none ticked: any year."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("years", self.instance.years)

    def clean(self):
        cleaned = super().clean()
        for year in (1, 2, 3):
            setattr(self.instance, f"in_year_{year}", year in cleaned.get("years", []))
        return cleaned


@admin.register(ExchangeOption)
class ExchangeOptionAdmin(ImportExportMixin, EditorialAdmin):
    resource_classes = [ExchangeOptionResource]
    import_formats = export_formats = FORMATS
    tmp_storage_class = UploadAsSent
    import_template_name = "admin/programmes/exchangeoption/import.html"
    list_display = ["title", "kind", "programme", "level", "deadline", "last_checked", "review_due"]
    list_filter = [ReviewFilter, "kind", "programme", "level", "language", "owner"]
    list_select_related = ["programme"]
    form = ExchangeOptionForm
    search_fields = ["title", "summary", "description"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "summary", "description"]}),
        (
            _("Who can go"),
            {"fields": ["programme", "level", "years", "semester"]},
        ),
        (
            _("Where and how long"),
            {
                "fields": [
                    "destinations",
                    "destination_countries",
                    "find_your_own",
                    "min_weeks",
                    "max_weeks",
                    "duration_as_written",
                    "language",
                    "language_requirement",
                    "ects",
                    "places",
                ]
            },
        ),
        (_("Applying"), {"fields": ["deadline", "rolling", "how_to_apply", "contact"]}),
        (_("Practical information"), {"fields": ["housing", "visa", "insurance", "accessibility"]}),
        (_("Upkeep"), {"fields": ["owner", "last_checked"]}),
    ]

    @admin.display(boolean=True, description=_("review due"))
    def review_due(self, obj):
        today = timezone.localdate()
        return obj.last_checked is None or obj.last_checked < today - timedelta(
            days=REVIEW_AFTER_DAYS
        )

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            # The import was rolled back: say so, instead of "Import finished".
            messages.error(
                request,
                _(
                    "Nothing was imported: a row became invalid after the preview. "
                    "Import the file again to see which."
                ),
            )
            return HttpResponseRedirect(reverse("admin:programmes_exchangeoption_import"))
        return super().process_result(result, request)

    def has_import_permission(self, request):
        # An import can change published options, so it needs the publish permission.
        return super().has_import_permission(request) and can_publish(request.user, self.model)
