"""
The exchange catalogue as rows: the admin's CSV import and export, and the open
data at /exchange/catalogue.csv and .json. Where a column has a counterpart in
the Erasmus Without Paper factsheet, it carries that name (application_info,
housing_info, visa_info, insurance_info, accessibility_info, additional_requirements).
In the formats that spreadsheets open, a cell that would run as a formula is
exported with a leading apostrophe, which the import takes off again.
"""

import re

import reversion
import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets
from import_export.formats import base_formats

from people.models import Person
from research.models import PartnerInstitution

from .models import ExchangeOption, Programme

# A cell that a spreadsheet would run as a formula (OWASP: = + - @ tab CR), after any
# apostrophes; escaped ones start with one apostrophe more, which import takes off again.
FORMULA = re.compile(r"'*[=+\-@\t\r]")
ESCAPED_FORMULA = re.compile(r"'+[=+\-@\t\r]")


def as_text(cell):
    """The cell as a spreadsheet shows it as text: a leading apostrophe, as OWASP advises."""
    return f"'{cell}" if isinstance(cell, str) and FORMULA.match(cell) else cell


def as_written(cell):
    """The cell as it was before `as_text`."""
    return cell[1:] if isinstance(cell, str) and ESCAPED_FORMULA.match(cell) else cell


def each_cell(dataset, change):
    return tablib.Dataset(
        *([change(cell) for cell in row] for row in dataset), headers=dataset.headers
    )


class SpreadsheetFormat:
    """A format that spreadsheets open: formulae go out as text and come back as written."""

    def export_data(self, dataset, **kwargs):
        return super().export_data(each_cell(dataset, as_text), **kwargs)

    def create_dataset(self, in_stream, **kwargs):
        return each_cell(super().create_dataset(in_stream, **kwargs), as_written)


class CSV(SpreadsheetFormat, base_formats.CSV):
    pass


class TSV(SpreadsheetFormat, base_formats.TSV):
    pass


class HTML(SpreadsheetFormat, base_formats.HTML):
    pass


# What the admin offers, named so that no spreadsheet format comes in unescaped when
# a package adds one; the library's own escaping only drops a leading "=", for good.
FORMATS = [CSV, TSV, base_formats.JSON, HTML]


class CountriesWidget(widgets.Widget):
    """ISO 3166-1 alpha-2 codes separated by semicolons, e.g. "SE;BE"."""

    def clean(self, value, row=None, **kwargs):
        return [code.strip().upper() for code in str(value or "").split(";") if code.strip()]

    def render(self, value, obj=None, **kwargs):
        return ";".join(country.code for country in value or [])


class PartnersWidget(widgets.ManyToManyWidget):
    """Partner institutions by slug; a slug that names no partner is an error, not a gap."""

    def __init__(self):
        super().__init__(PartnerInstitution, field="slug", separator=";")

    def clean(self, value, row=None, **kwargs):
        partners = super().clean(value, row, **kwargs)
        wanted = {slug.strip() for slug in str(value or "").split(";") if slug.strip()}
        if missing := wanted - {partner.slug for partner in partners}:
            raise ValueError(f"Unknown partner institutions: {', '.join(sorted(missing))}")
        return partners


class SlugWidget(widgets.ForeignKeyWidget):
    """An item named by its slug, which says which slug names nothing."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(
                _("There is no %(kind)s with the slug “%(slug)s”.")
                % {"kind": self.model._meta.verbose_name, "slug": value}
            ) from None


class ReadableDiff(resources.Diff):
    """What an import changes in a row, column by column, to read before anything is written."""

    def __init__(self, resource, instance, new):
        super().__init__(resource, instance, new)
        self.columns = [field.column_name for field in resource.get_import_fields()]

    def as_html(self):
        changes = []
        for column, old, new in zip(self.columns, self.left, self.right, strict=False):
            if self.new and new not in ("", None):
                changes.append({"column": column, "old": "", "new": new})
            elif not self.new and old != new:
                changes.append({"column": column, "old": old, "new": new})
        return changes


def column(attribute, name=None, widget=None, **options):
    return fields.Field(
        attribute=attribute, column_name=name or attribute, widget=widget, **options
    )


class ExchangeOptionResource(resources.ModelResource):
    programme = column("programme", widget=SlugWidget(Programme, field="slug"))
    destinations = column("destinations", widget=PartnersWidget())
    destination_countries = column("destination_countries", widget=CountriesWidget())
    contact = column("contact", widget=SlugWidget(Person, field="slug"))
    application_deadline = column(
        "deadline", "application_deadline", widgets.DateWidget("%Y-%m-%d")
    )
    rolling_admission = column(
        "rolling", "rolling_admission", widgets.BooleanWidget(), default=False
    )
    application_info = column("how_to_apply", "application_info")
    housing_info = column("housing", "housing_info")
    visa_info = column("visa", "visa_info")
    insurance_info = column("insurance", "insurance_info")
    accessibility_info = column("accessibility", "accessibility_info")
    additional_requirements = column("language_requirement", "additional_requirements")
    last_checked = column("last_checked", widget=widgets.DateWidget("%Y-%m-%d"))

    class Meta:
        model = ExchangeOption
        import_id_fields = ["slug"]
        fields = [
            "slug", "title", "kind", "summary", "description", "programme", "level",
            "in_year_1", "in_year_2", "in_year_3", "semester", "min_weeks", "max_weeks",
            "duration_as_written", "destinations", "destination_countries", "find_your_own",
            "language", "additional_requirements", "ects", "places", "application_deadline",
            "rolling_admission", "application_info", "housing_info", "visa_info",
            "insurance_info", "accessibility_info", "contact", "last_checked",
        ]  # fmt: skip
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        use_transactions = True

    def get_diff_class(self):
        return ReadableDiff

    def import_instance(self, instance, row, **kwargs):
        """
        Every cell of the row, and every problem with them at once (the model's
        own checks follow): a cell that names nothing is a problem of that cell.
        """
        errors = {}
        for field in self.get_import_fields():
            try:
                if isinstance(field.widget, widgets.ManyToManyWidget):
                    if field.column_name in row:
                        field.clean(row, **kwargs)  # set once the option is saved
                else:
                    self.import_field(field, instance, row, **kwargs)
            except (ValueError, ValidationError) as error:
                message = error.messages if isinstance(error, ValidationError) else [str(error)]
                errors[field.attribute] = ValidationError(message, code="invalid")
        if errors:
            raise ValidationError(errors)

    def import_row(self, row, instance_loader, **kwargs):
        result = super().import_row(row, instance_loader, **kwargs)
        result.number = kwargs.get("row_number")
        return result

    def import_data(self, dataset, dry_run=False, **kwargs):
        # One bad row, of any kind, and nothing at all is written.
        kwargs.setdefault("rollback_on_validation_errors", True)
        self.saved_options = []
        with transaction.atomic():
            result = super().import_data(dataset, dry_run=dry_run, **kwargs)
            failed = result.has_errors() or result.has_validation_errors()
            if self.saved_options and not (dry_run or failed):
                self.add_to_history(kwargs.get("user"), kwargs.get("file_name"))
        result.problems = self.problems(result, dataset.headers)
        return result

    def problems(self, result, headers):
        """
        Every problem of every bad row, as the file has it: its line (the header
        is line 1), the column, the value in it, and what is wrong.
        """
        columns = {field.attribute: field.column_name for field in self.get_import_fields()}
        found = []
        for row in result.invalid_rows:
            values = dict(zip(headers, row.values, strict=False))
            for attribute, messages in row.error_dict.items():
                column = columns.get(attribute, "")
                for message in messages:
                    found.append(
                        {
                            "line": row.number + 1,
                            "column": column,
                            "value": values.get(column, ""),
                            "problem": message,
                        }
                    )
        for number, errors in result.row_errors():
            for error in errors:
                found.append(
                    {"line": number + 1, "column": "", "value": "", "problem": str(error.error)}
                )
        return sorted(found, key=lambda problem: problem["line"])

    def before_save_instance(self, instance, row, user=None, **kwargs):
        # The admin passes the importing user: the rows they import are their edits.
        if user is not None and user.is_authenticated:
            if instance._state.adding:
                instance.created_by = user
            instance.changed_by = user

    def after_save_instance(self, instance, row, **kwargs):
        self.saved_options.append(instance)

    def add_to_history(self, user, file_name):
        """One revision for the whole import, holding every option it created or changed."""
        with reversion.create_revision():
            if user is not None and user.is_authenticated:
                reversion.set_user(user)
            reversion.set_comment(
                _("Imported from %(file)s") % {"file": file_name} if file_name else _("Imported")
            )
            for option in self.saved_options:
                reversion.add_to_revision(option)


class PublicCatalogueResource(ExchangeOptionResource):
    """The open data: as the admin's export, but naming only published partners."""

    def dehydrate_destinations(self, option):
        return ";".join(partner.slug for partner in option.live_destinations)

    def dehydrate_programme(self, option):
        return option.live_programme.slug if option.live_programme else ""

    def dehydrate_contact(self, option):
        return option.live_contact.slug if option.live_contact else ""
