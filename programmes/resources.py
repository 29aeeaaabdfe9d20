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


def column(attribute, name=None, widget=None, **options):
    return fields.Field(
        attribute=attribute, column_name=name or attribute, widget=widget, **options
    )


class ExchangeOptionResource(resources.ModelResource):
    programme = column("programme", widget=widgets.ForeignKeyWidget(Programme, field="slug"))
    destinations = column("destinations", widget=PartnersWidget())
    destination_countries = column("destination_countries", widget=CountriesWidget())
    contact = column("contact", widget=widgets.ForeignKeyWidget(Person, field="slug"))
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

    def import_data(self, dataset, **kwargs):
        # One bad row, of any kind, and nothing at all is written.
        kwargs.setdefault("rollback_on_validation_errors", True)
        return super().import_data(dataset, **kwargs)


class PublicCatalogueResource(ExchangeOptionResource):
    """The open data: as the admin's export, but naming only published partners."""

    def dehydrate_destinations(self, option):
        return ";".join(partner.slug for partner in option.live_destinations())

    def dehydrate_programme(self, option):
        return option.live_programme.slug if option.live_programme else ""

    def dehydrate_contact(self, option):
        return option.live_contact.slug if option.live_contact else ""
