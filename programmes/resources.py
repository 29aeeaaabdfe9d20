"""
The exchange catalogue as rows: the admin's CSV import and export, and the open
data at /exchange/catalogue.csv and .json. Where a column has a counterpart in
the Erasmus Without Paper factsheet, it carries that name (application_info,
housing_info, visa_info, insurance_info, accessibility_info, additional_requirements).
"""

from import_export import fields, resources, widgets

from people.models import Person
from research.models import PartnerInstitution

from .models import ExchangeOption, Programme


class CountriesWidget(widgets.Widget):
    """ISO 3166-1 alpha-2 codes separated by semicolons, e.g. "SE;BE"."""

    def clean(self, value, row=None, **kwargs):
        return [code.strip().upper() for code in str(value or "").split(";") if code.strip()]

    def render(self, value, obj=None, **kwargs):
        return ";".join(country.code for country in value or [])


def column(attribute, name=None, widget=None):
    return fields.Field(attribute=attribute, column_name=name or attribute, widget=widget)


class ExchangeOptionResource(resources.ModelResource):
    programme = column("programme", widget=widgets.ForeignKeyWidget(Programme, field="slug"))
    destinations = column(
        "destinations",
        widget=widgets.ManyToManyWidget(PartnerInstitution, field="slug", separator=";"),
    )
    destination_countries = column("destination_countries", widget=CountriesWidget())
    contact = column("contact", widget=widgets.ForeignKeyWidget(Person, field="slug"))
    application_deadline = column(
        "deadline", "application_deadline", widgets.DateWidget("%Y-%m-%d")
    )
    rolling_admission = column("rolling", "rolling_admission", widgets.BooleanWidget())
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
