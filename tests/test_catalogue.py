"""
The exchange catalogue as rows: the open data at /exchange/catalogue.csv and
.json, and the International Office's CSV export and import in the admin
(django-import-export), where a rejected import changes nothing and an import
never publishes anything.
"""

import csv
import html
import io
import json
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from import_export.formats import base_formats
from import_export.forms import SelectableFieldsExportForm
from reversion.models import Revision, Version

from editorial.models import Publishable
from people.models import Person
from programmes.models import REVIEW_AFTER_DAYS, ExchangeOption, Level, Programme
from programmes.resources import ExchangeOptionResource
from research.models import PartnerInstitution
from tests import factories as make
from tests.checkers import html_problems
from tests.html import soup

pytestmark = pytest.mark.usefixtures("demo_content")

# The columns of the catalogue, in their order: the resource's documented list.
COLUMNS = [
    "slug", "title", "kind", "summary", "description", "programme", "level",
    "in_year_1", "in_year_2", "in_year_3", "semester", "min_weeks", "max_weeks",
    "duration_as_written", "destinations", "destination_countries", "find_your_own",
    "language", "additional_requirements", "ects", "places", "application_deadline",
    "rolling_admission", "application_info", "housing_info", "visa_info",
    "insurance_info", "accessibility_info", "contact", "last_checked",
]  # fmt: skip
# The Erasmus Without Paper factsheet's names, and the model fields they carry.
EWP_COLUMNS = {
    "application_info": "how_to_apply",
    "housing_info": "housing",
    "visa_info": "visa",
    "insurance_info": "insurance",
    "accessibility_info": "accessibility",
    "additional_requirements": "language_requirement",
}

KAROLINSKA_COURSES = "courses-at-karolinska-institutet-biomedical-sciences-bachelor"
CLINICAL_ROTATIONS = "clinical-rotations-medicine-master"
VITALITY_INTERNSHIP = "research-internship-vitality-and-ageing-master"
FRONTIERS = "frontiers-of-science-fos-courses-biomedical-sciences-master"


# Helpers


def admin_url(view):
    return reverse(f"admin:programmes_exchangeoption_{view}")


def model_admin():
    return admin.site.get_model_admin(ExchangeOption)


def format_choice(formats, kind):
    """The form's value for a format: the index of its class in the admin's list."""
    return str([issubclass(fmt, kind) for fmt in formats].index(True))


def csv_choice(formats):
    """The form's value for CSV: the index of the format in the admin's list."""
    return format_choice(formats, base_formats.CSV)


def parse_csv(text):
    """(header, rows as dicts) of CSV text, read with the standard library."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = list(reader)
    return reader.fieldnames, rows


def write_csv(header, rows):
    output = io.StringIO(newline="")
    writer = csv.DictWriter(output, fieldnames=header, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return output.getvalue()


def by_slug(rows):
    return {row["slug"]: row for row in rows}


def snapshot():
    """Every option's stored values, its destinations included, keyed by slug."""
    links = {}
    for option_id, partner_id in ExchangeOption.destinations.through.objects.values_list(
        "exchangeoption_id", "partnerinstitution_id"
    ):
        links.setdefault(option_id, []).append(partner_id)
    return {
        values["slug"]: {**values, "destinations": sorted(links.get(values["id"], []))}
        for values in ExchangeOption.objects.values()
    }


def hidden_inputs(page, form_action):
    """The hidden fields of the form on `page` that posts to `form_action`."""
    form = re.search(
        rf'<form action="{re.escape(form_action)}" method="POST">(.*?)</form>', page, re.S
    )
    assert form, f"no form posting to {form_action}"
    return {
        html.unescape(name): html.unescape(value)
        for name, value in re.findall(
            r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form.group(1)
        )
    }


def export_from_admin(client, kind=base_formats.CSV):
    """Export every option as CSV (or `kind`), as the export form of the admin posts it."""
    form_page = client.get(admin_url("export"))
    assert form_page.status_code == 200
    page = form_page.text
    field_boxes = re.findall(r'<input type="checkbox" name="(exchangeoptionresource_\w+)"', page)
    assert field_boxes == [
        SelectableFieldsExportForm.create_boolean_field_name(ExchangeOptionResource, name)
        for name in ExchangeOptionResource().get_export_order()
    ]
    choice = format_choice(model_admin().get_export_formats(), kind)
    assert f'<option value="{choice}">{kind().get_title()}</option>' in page
    response = client.post(
        admin_url("export"),
        {"resource": "0", "format": choice, **dict.fromkeys(field_boxes, "on")},
    )
    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] == kind.CONTENT_TYPE
    assert response["Content-Disposition"].startswith("attachment;")
    return response.content.decode("utf-8")


def upload(client, text, name="catalogue.csv", kind=base_formats.CSV):
    """The first step of an import: the file is read and tried out (a dry run)."""
    return client.post(
        admin_url("import"),
        {
            "resource": "0",
            "format": format_choice(model_admin().get_import_formats(), kind),
            "import_file": SimpleUploadedFile(name, text.encode("utf-8"), kind.CONTENT_TYPE),
        },
    )


def confirm(client, preview):
    """The second step: post the confirm form the preview shows, as the button does."""
    fields = hidden_inputs(preview.text, admin_url("process_import"))
    assert set(fields) >= {"import_file_name", "original_file_name", "format", "resource"}
    return client.post(admin_url("process_import"), {**fields, "confirm": "Confirm import"})


def import_through_admin(client, text, name="catalogue.csv", kind=base_formats.CSV):
    preview = upload(client, text, name, kind)
    assert preview.status_code == 200
    assert "confirm_form" in preview.context, preview.text
    response = confirm(client, preview)
    assert response.status_code == 302
    assert response["Location"] == admin_url("changelist")
    return preview, response


def refused_lines(result):
    """The line numbers of the rows an import refused, for errors or failed validation."""
    return sorted(
        [number for number, _errors in result.row_errors()]
        + [row.number for row in result.invalid_rows]
    )


def preview_types(preview):
    """What the import would do with each row: new, update, skip, ..."""
    return [row.import_type for row in preview.context["result"].valid_rows()]


# Data


@pytest.fixture
def catalogue(demo_content):
    """The demo catalogue, one option filled in everywhere, and options not (yet) public."""
    option = ExchangeOption.objects.get(slug=KAROLINSKA_COURSES)
    option.title = "Courses at Karolinska Institutet — “Stockholm”, Sweden"
    option.description = "<p>Take <strong>courses</strong> in Stockholm.</p>"
    option.destination_countries = ["SE", "DK"]
    option.destinations.add(PartnerInstitution.objects.get(slug="ku-leuven"))
    option.min_weeks, option.max_weeks = 10, 20
    option.duration_as_written = "10 to 20 weeks"
    option.language_requirement = "English B2"
    option.ects = Decimal("7.5")
    option.places = 4
    option.deadline = date(2031, 3, 1)
    option.how_to_apply = "<p>Apply through the International Office.</p>"
    option.housing = 'Rooms via "KI Housing", Stockholm;\nbook early.'
    option.visa = "Not needed within the EU."
    option.insurance = "Take out travel insurance, e.g. with AON."
    option.accessibility = "Ask the disability office; all buildings are step-free."
    option.contact = Person.objects.published().first()
    option.last_checked = timezone.localdate() - timedelta(days=30)
    option.save()
    return {
        state: make.option(
            state, title=f"An option that is {state}", kind=ExchangeOption.Kind.COURSE
        )
        for state in ["draft", "scheduled", "expired"]
    }


# 1. Open data


def test_the_open_data_has_stable_addresses():
    assert reverse("programmes:catalogue_csv") == "/exchange/catalogue.csv"
    assert reverse("programmes:catalogue_json") == "/exchange/catalogue.json"


def test_the_csv_lists_exactly_the_published_options(client, catalogue):
    response = client.get("/exchange/catalogue.csv")

    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] == "text/csv"
    assert 'filename="lumc-exchange-options.csv"' in response["Content-Disposition"]
    header, rows = parse_csv(response.content.decode("utf-8"))
    assert header == COLUMNS
    published = sorted(
        option.slug for option in ExchangeOption.objects.all() if option.is_published()
    )
    assert [row["slug"] for row in rows] == published
    assert len(rows) == 16
    for hidden in catalogue.values():
        assert hidden.slug not in {row["slug"] for row in rows}
        assert hidden.title not in response.content.decode("utf-8")


def test_the_json_lists_the_same_options_in_the_same_columns(client, catalogue):
    csv_response = client.get("/exchange/catalogue.csv")
    response = client.get("/exchange/catalogue.json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    records = json.loads(response.content)
    assert isinstance(records, list)
    assert all(list(record) == COLUMNS for record in records)
    _header, rows = parse_csv(csv_response.content.decode("utf-8"))
    assert records == rows
    assert {record["slug"] for record in records}.isdisjoint(
        option.slug for option in catalogue.values()
    )


def test_the_open_data_carries_every_field_under_its_ewp_name(client, catalogue):
    _header, rows = parse_csv(client.get("/exchange/catalogue.csv").content.decode("utf-8"))
    row = by_slug(rows)[KAROLINSKA_COURSES]
    option = ExchangeOption.objects.get(slug=KAROLINSKA_COURSES)

    for column, field in EWP_COLUMNS.items():
        assert row[column] == getattr(option, field) != ""
    assert row["title"] == "Courses at Karolinska Institutet — “Stockholm”, Sweden"
    assert row["housing_info"] == 'Rooms via "KI Housing", Stockholm;\nbook early.'
    assert row["application_deadline"] == "2031-03-01"
    assert row["rolling_admission"] == "0"
    assert row["ects"] == "7.5"
    assert row["places"] == "4"
    assert row["programme"] == "biomedical-sciences"
    assert row["level"] == "bachelor"
    assert row["contact"] == option.contact.slug
    assert row["last_checked"] == option.last_checked.isoformat()


def test_destinations_are_partner_slugs_and_countries_iso_codes(client, catalogue):
    _header, rows = parse_csv(client.get("/exchange/catalogue.csv").content.decode("utf-8"))
    rows = by_slug(rows)

    frontiers = rows[FRONTIERS]["destinations"]
    assert sorted(frontiers.split(";")) == ["heidelberg-university", "karolinska-institutet"]
    karolinska = rows[KAROLINSKA_COURSES]
    assert sorted(karolinska["destinations"].split(";")) == ["karolinska-institutet", "ku-leuven"]
    assert karolinska["destination_countries"] == "DK;SE"
    half_minor = rows["half-minor-abroad-biomedical-sciences-bachelor"]
    assert half_minor["destination_countries"] == "CU;FR;GB;ID"
    assert half_minor["destinations"] == ""
    assert rows["lumc-summer-schools"]["destination_countries"] == "NL"


def test_the_open_data_names_no_partner_that_is_not_public(client, publisher, catalogue):
    secret = make.partner(
        "draft",
        name="Secret Partner University",
        kind=PartnerInstitution.Kind.UNIVERSITY,
        country="JP",
    )
    option = ExchangeOption.objects.get(slug=CLINICAL_ROTATIONS)
    option.destinations.add(secret, PartnerInstitution.objects.get(slug="karolinska-institutet"))

    csv_text = client.get("/exchange/catalogue.csv").content.decode("utf-8")
    json_text = client.get("/exchange/catalogue.json").content.decode("utf-8")

    # The option's own page shows only published partners; the open data may not say more.
    assert secret.slug not in client.get(option.get_absolute_url()).text
    assert by_slug(parse_csv(csv_text)[1])[CLINICAL_ROTATIONS]["destinations"] == (
        "karolinska-institutet"
    )
    assert secret.slug not in csv_text
    assert secret.slug not in json_text
    # The admin's export keeps it, so that a round trip does not drop it.
    client.force_login(publisher)
    exported = by_slug(parse_csv(export_from_admin(client))[1])
    assert sorted(exported[CLINICAL_ROTATIONS]["destinations"].split(";")) == [
        "karolinska-institutet",
        secret.slug,
    ]


def test_the_open_data_and_the_finder_name_no_draft_programme_or_contact(client, catalogue):
    option = ExchangeOption.objects.get(slug=KAROLINSKA_COURSES)
    programme, contact = option.programme, option.contact
    assert programme.title in client.get("/exchange/").text
    Programme.objects.filter(pk=programme.pk).update(status=Publishable.Status.DRAFT)
    Person.objects.filter(pk=contact.pk).update(status=Publishable.Status.DRAFT)

    row = by_slug(parse_csv(client.get("/exchange/catalogue.csv").content.decode())[1])[
        KAROLINSKA_COURSES
    ]
    (record,) = [
        record
        for record in json.loads(client.get("/exchange/catalogue.json").content)
        if record["slug"] == KAROLINSKA_COURSES
    ]

    assert row["programme"] == row["contact"] == ""
    assert record["programme"] == record["contact"] == ""
    finder = client.get("/exchange/").text
    assert programme.title not in finder
    assert ExchangeOption.objects.get(pk=option.pk).fits().startswith("bachelor, year 2")


# 2. The round trip through the admin


@pytest.mark.parametrize(
    ("column", "value"), [("title", "Clinical rotations in Suriname"), ("places", "12")]
)
def test_an_edited_export_imports_one_change_and_exports_as_edited(
    client, publisher, catalogue, column, value
):
    client.force_login(publisher)
    exported = export_from_admin(client)
    header, rows = parse_csv(exported)
    assert header == COLUMNS
    assert len(rows) == ExchangeOption.objects.count() == 19
    edited_rows = [dict(row) for row in rows]
    edited = next(row for row in edited_rows if row["slug"] == CLINICAL_ROTATIONS)
    assert edited[column] != value

    def was_value(name):
        return next(row for row in rows if row["slug"] == CLINICAL_ROTATIONS)[name]

    edited[column] = value
    edited_csv = write_csv(header, edited_rows)
    before = snapshot()

    preview = upload(client, edited_csv)

    assert preview.status_code == 200
    assert "What the import changes" in preview.text
    assert sorted(preview_types(preview)) == sorted(["update"] + ["skip"] * (len(rows) - 1))
    # The table leaves out the rows without a change.
    (update,) = soup(preview).select("table.import-changes tbody tr")
    line = 2 + [row["slug"] for row in edited_rows].index(CLINICAL_ROTATIONS)
    assert update.td.get_text(strip=True) == str(line)
    assert [dt.get_text(strip=True) for dt in update.select("dt")] == [column]
    assert update.select_one("ins").get_text(strip=True) == value
    old = update.select_one("del")
    assert (old.get_text(strip=True) if old else "") == was_value(column)
    assert snapshot() == before, "the first step wrote to the database"

    response = confirm(client, preview)

    assert response.status_code == 302
    after = snapshot()
    assert set(after) == set(before)
    changed = after.pop(CLINICAL_ROTATIONS)
    was = before.pop(CLINICAL_ROTATIONS)
    assert after == before
    assert str(changed[column]) == value
    assert changed["changed_by_id"] == publisher.pk
    assert {key for key in changed if changed[key] != was[key]} <= {
        column,
        "changed_at",
        "changed_by_id",
    }
    messages = [str(message) for message in client.get(admin_url("changelist")).context["messages"]]
    assert messages == [
        f"Import finished: 0 new, 1 updated, 0 deleted and {len(rows) - 1} skipped "
        "exchange options."
    ]

    header_again, rows_again = parse_csv(export_from_admin(client))
    assert header_again == header
    assert by_slug(rows_again) == by_slug(edited_rows)
    assert len(rows_again) == len(edited_rows)


def test_an_unedited_export_imports_as_no_change_at_all(client, publisher, catalogue):
    client.force_login(publisher)
    exported = export_from_admin(client)
    before = snapshot()

    preview, _response = import_through_admin(client, exported)

    assert set(preview_types(preview)) == {"skip"}
    assert snapshot() == before
    assert export_from_admin(client) == exported
    _header, rows = parse_csv(exported)
    assert len(rows) == 19


def test_the_admin_export_has_the_open_data_columns_and_values(client, publisher, catalogue):
    client.force_login(publisher)
    header, rows = parse_csv(export_from_admin(client))
    _open_header, open_rows = parse_csv(
        client.get("/exchange/catalogue.csv").content.decode("utf-8")
    )

    assert header == COLUMNS
    # The admin exports drafts too; what is public is exported the same way.
    exported = by_slug(rows)
    assert {slug: exported[slug] for slug in by_slug(open_rows)} == by_slug(open_rows)
    assert {option.slug for option in catalogue.values()} <= set(exported)


# 3. A rejected import changes nothing


def bad_cells(case):
    """The cells that make a row bad, and what the import page says about it."""
    return {
        "unknown kind": ({"kind": "pony"}, "Value 'pony' is not a valid choice."),
        "unknown programme": (
            {"programme": "veterinary-science"},
            "There is no degree programme with the slug “veterinary-science”.",
        ),
        "max below min": (
            {"min_weeks": "20", "max_weeks": "10"},
            "The longest duration is shorter than the shortest.",
        ),
        "level the programme lacks": (
            {"level": "bachelor"},
            "Vitality and Ageing has no bachelor.",
        ),
        "unknown country": (
            {"destination_countries": "SE;UK"},
            "Value 'UK' is not a valid choice.",
        ),
        "unknown destination": (
            {"destinations": "karolinska-institutet;atlantis-university"},
            "Unknown partner institutions: atlantis-university",
        ),
    }[case]


BAD_CASES = [
    "unknown kind",
    "unknown programme",
    "max below min",
    "level the programme lacks",
    "unknown country",
    "unknown destination",
]


def mixed_csv(client, case):
    """
    The exported catalogue with good changes (a new title, new places, a new
    option) and one bad row; returns the text and the bad row's line number.
    """
    header, rows = parse_csv(export_from_admin(client))
    rows = by_slug(rows)
    rows[CLINICAL_ROTATIONS]["title"] = "Clinical rotations in Suriname"
    rows[FRONTIERS]["places"] = "30"
    rows["a-new-option"] = {
        **dict.fromkeys(header, ""),
        "slug": "a-new-option",
        "title": "A new option",
        "kind": "course",
        "language": "en",
        "rolling_admission": "0",
    }
    cells, message = bad_cells(case)
    rows[VITALITY_INTERNSHIP].update(cells)
    ordered = list(rows.values())
    line = 1 + [row["slug"] for row in ordered].index(VITALITY_INTERNSHIP)
    return write_csv(header, ordered), line, cells, message


def problems_shown(response):
    """The problems table of an import page: (line, column, value, problem) per row."""
    return [
        tuple(cell.get_text(strip=True) for cell in row.select("td"))
        for row in soup(response).select("table.import-problems tbody tr")
    ]


@pytest.mark.parametrize("case", BAD_CASES)
def test_an_import_with_a_bad_row_is_refused_and_changes_nothing(
    client, publisher, catalogue, case
):
    client.force_login(publisher)
    text, line, cells, message = mixed_csv(client, case)
    before, count = snapshot(), ExchangeOption.objects.count()

    response = upload(client, text)

    assert response.status_code == 200
    assert "confirm_form" not in response.context
    assert admin_url("process_import") not in response.text
    assert "Confirm import" not in response.text
    result = response.context["result"]
    assert result.has_errors() or result.has_validation_errors()
    assert refused_lines(result) == [line]
    assert "Nothing is imported" in response.text
    (problem,) = problems_shown(response)
    file_line, column, value, text = problem
    assert int(file_line) == line + 1  # the header is line 1
    assert column in cells
    assert value == cells[column]
    assert text == message
    # What the good rows would change is shown too.
    shown = soup(response).select("table.import-changes tbody tr")
    assert [row["class"] for row in shown] == [["update"], ["update"], ["new"]]
    assert snapshot() == before
    assert ExchangeOption.objects.count() == count
    assert not ExchangeOption.objects.filter(slug="a-new-option").exists()


@pytest.mark.parametrize("case", BAD_CASES)
def test_importing_a_bad_row_in_code_writes_nothing(client, publisher, catalogue, case):
    client.force_login(publisher)
    text, line, _cells, _message = mixed_csv(client, case)
    dataset = base_formats.CSV().create_dataset(text)
    before, count = snapshot(), ExchangeOption.objects.count()

    result = ExchangeOptionResource().import_data(dataset, dry_run=False)

    assert refused_lines(result) == [line]
    assert snapshot() == before
    assert ExchangeOption.objects.count() == count


def test_a_row_gone_bad_after_the_preview_makes_the_confirmed_import_write_nothing(
    client, publisher, catalogue
):
    client.force_login(publisher)
    header, rows = parse_csv(export_from_admin(client))
    rows = by_slug(rows)
    rows[CLINICAL_ROTATIONS]["title"] = "Clinical rotations in Suriname"
    rows[VITALITY_INTERNSHIP]["level"] = "master"
    rows[VITALITY_INTERNSHIP]["places"] = "3"
    preview = upload(client, write_csv(header, list(rows.values())))
    assert "confirm_form" in preview.context
    # Meanwhile, Vitality and Ageing stops being a master: the row no longer fits.
    Programme.objects.filter(title="Vitality and Ageing").update(
        offers_bachelor=True, offers_master=False
    )
    before, count = snapshot(), ExchangeOption.objects.count()

    response = confirm(client, preview)

    assert snapshot() == before
    assert ExchangeOption.objects.count() == count
    messages = [str(message) for message in client.get(response["Location"]).context["messages"]]
    assert not any("1 updated" in message for message in messages), messages


# 4. New rows are drafts


def test_new_rows_become_drafts_even_when_the_file_says_published(client, publisher, catalogue):
    client.force_login(publisher)
    header, rows = parse_csv(export_from_admin(client))
    new_rows = [
        {
            **dict.fromkeys(header, ""),
            "slug": "summer-school-in-lund",
            "title": "Summer school in Lund",
            "kind": "summer-school",
            "destination_countries": "SE",
            "language": "en",
            "rolling_admission": "0",
        },
        {
            **dict.fromkeys(header, ""),
            "slug": "elective-in-heidelberg",
            "title": "Elective in Heidelberg",
            "kind": "elective",
            "programme": "medicine",
            "level": "master",
            "destinations": "heidelberg-university",
            "language": "de",
            "rolling_admission": "0",
        },
    ]
    # A column the catalogue does not have cannot publish anything either.
    text = write_csv(
        [*header, "status"],
        [{**row, "status": "published"} for row in [*rows, *new_rows]],
    )
    before = snapshot()

    preview, _response = import_through_admin(client, text)

    assert sorted(preview_types(preview)) == sorted(["new", "new"] + ["skip"] * len(rows))
    after = snapshot()
    assert {slug: after[slug] for slug in before} == before
    made = ExchangeOption.objects.filter(slug__in=[row["slug"] for row in new_rows])
    assert made.count() == 2
    for option in made:
        assert option.status == Publishable.Status.DRAFT
        assert option.state == Publishable.State.DRAFT
        assert option.publish_from is None
    heidelberg = made.get(slug="elective-in-heidelberg")
    assert list(heidelberg.destinations.values_list("slug", flat=True)) == ["heidelberg-university"]
    assert heidelberg.programme.slug == "medicine"
    public = client.get("/exchange/catalogue.csv").content.decode("utf-8")
    assert "summer-school-in-lund" not in public
    assert "elective-in-heidelberg" not in public


def test_new_rows_imported_in_code_are_drafts_too(catalogue):
    header = COLUMNS
    row = {
        **dict.fromkeys(header, ""),
        "slug": "research-in-uppsala",
        "title": "Research in Uppsala",
        "kind": "research-internship",
        "language": "en",
        "rolling_admission": "0",
    }
    dataset = base_formats.CSV().create_dataset(write_csv(header, [row]))

    result = ExchangeOptionResource().import_data(dataset, dry_run=False)

    assert not result.has_errors()
    assert not result.has_validation_errors()
    option = ExchangeOption.objects.get(slug="research-in-uppsala")
    assert option.status == Publishable.Status.DRAFT


# 5. Permissions


def test_an_editor_can_export_but_not_import(client, editor, catalogue):
    client.force_login(editor)

    changelist = client.get(admin_url("changelist"))

    assert changelist.status_code == 200
    assert admin_url("export") in changelist.text
    assert 'class="export_link"' in changelist.text
    assert admin_url("import") not in changelist.text
    assert 'class="import_link"' not in changelist.text
    _header, rows = parse_csv(export_from_admin(client))
    assert len(rows) == ExchangeOption.objects.count()

    before = snapshot()
    assert client.get(admin_url("import")).status_code == 403
    exported = export_from_admin(client)
    assert upload(client, exported.replace("Clinical rotations", "Pony rides")).status_code == 403
    assert (
        client.post(
            admin_url("process_import"),
            {
                "import_file_name": "anything",
                "original_file_name": "catalogue.csv",
                "format": "0",
                "resource": "0",
            },
        ).status_code
        == 403
    )
    assert snapshot() == before


def test_a_publisher_can_import(client, publisher, catalogue):
    client.force_login(publisher)

    changelist = client.get(admin_url("changelist"))
    form = client.get(admin_url("import"))

    assert admin_url("import") in changelist.text
    assert 'class="import_link"' in changelist.text
    assert admin_url("export") in changelist.text
    assert form.status_code == 200
    assert 'name="import_file"' in form.text
    for column in COLUMNS:
        assert column in form.text
    header, rows = parse_csv(export_from_admin(client))
    rows[0]["places"] = "7"
    import_through_admin(client, write_csv(header, rows))
    assert ExchangeOption.objects.get(slug=rows[0]["slug"]).places == 7


def test_every_problem_of_a_row_is_named_with_its_column_and_value(client, publisher, catalogue):
    client.force_login(publisher)
    header, rows = parse_csv(export_from_admin(client))
    bad = {
        "kind": "pony",
        "programme": "veterinary-science",
        "application_deadline": "31-02-2026",
        "destinations": "atlantis-university",
    }
    rows[3].update(bad)
    rows[0]["places"] = "7"

    response = upload(client, write_csv(header, rows))

    problems = problems_shown(response)
    assert {(line, column, value) for line, column, value, _problem in problems} == {
        ("5", column, value) for column, value in bad.items()
    }
    assert len(problems) == len(bad)
    assert soup(response).select("table.import-changes tbody tr.update")
    assert html_problems({"problems": response.text}) == {}
    rows[3] = parse_csv(export_from_admin(client))[1][3]
    preview = upload(client, write_csv(header, rows))
    assert html_problems({"changes": preview.text}) == {}


# 6. The review filter


@pytest.fixture
def checked(db):
    today = timezone.localdate()
    dates = {
        "never checked": None,
        "checked two years ago": today - timedelta(days=730),
        "checked a year and a day ago": today - timedelta(days=REVIEW_AFTER_DAYS + 1),
        "checked a year ago today": today - timedelta(days=REVIEW_AFTER_DAYS),
        "checked last month": today - timedelta(days=30),
        "checked today": today,
    }
    ExchangeOption.objects.all().delete()
    return {
        title: make.option(
            title=title,
            kind=ExchangeOption.Kind.COURSE,
            level=Level.MASTER,
            last_checked=last_checked,
        )
        for title, last_checked in dates.items()
    }


def listed(client, **query):
    response = client.get(admin_url("changelist"), query)
    assert response.status_code == 200
    return response, sorted(option.title for option in response.context["cl"].result_list)


def test_the_review_filter_separates_due_from_current(client, publisher, checked):
    client.force_login(publisher)

    _response, due = listed(client, review="due")
    _response, current = listed(client, review="current")
    _response, every = listed(client)

    assert due == ["checked a year and a day ago", "checked two years ago", "never checked"]
    assert current == ["checked a year ago today", "checked last month", "checked today"]
    assert every == sorted(checked)


def test_the_changelist_shows_whether_review_is_due(client, publisher, checked):
    client.force_login(publisher)

    response, _titles = listed(client)

    assert '<th scope="col" class="column-review_due">' in response.text
    assert "<span>Review due</span>" in response.text
    assert '<a href="?review=due">past its review date</a>' in response.text
    assert '<a href="?review=current">checked within a year</a>' in response.text
    results = response.text[response.text.index('id="result_list"') :]
    shown = {}
    for row in re.findall(r"<tr>(.*?)</tr>", results, re.S):
        title = re.search(r'<th class="field-title"><a [^>]*>([^<]*)</a></th>', row)
        icon = re.search(r'<td class="field-review_due"><img src="[^"]*icon-(yes|no)\.svg"', row)
        if title and icon:
            shown[title.group(1)] = icon.group(1) == "yes"
    assert shown == {
        "never checked": True,
        "checked two years ago": True,
        "checked a year and a day ago": True,
        "checked a year ago today": False,
        "checked last month": False,
        "checked today": False,
    }


# 7. Formulae: what a spreadsheet would run is exported as text, and imported as written

# A value a spreadsheet would take for a formula (OWASP's list), in each plain-text field.
FORMULAE = {
    "title": '=HYPERLINK("https://example.org/","Apply here")',
    "summary": "+31 71 526 9111",
    "duration_as_written": "-6 to 9 months",
    "language_requirement": "@SUM(1+1)*cmd|' /C calc'!A0",
    "housing": "\t=1+1",
    "visa": "\r=1+1",
    "insurance": "'=1+1",
    "accessibility": "''-1",
}
# Values that only look like them, which go out and come back as they are.
LOOKALIKES = {
    "title": "'Quoted' elective",
    "summary": "1 + 1 = 2",
    "duration_as_written": " =not at the start",
    "language_requirement": "English B2 (IELTS 6.5)",
    "housing": "Line one\r\nline two",
    "visa": "'",
    "insurance": "''",
    "accessibility": "a\t=b",
}
FORMULA_START = re.compile(r"[=+\-@\t\r]")
SPREADSHEET_FORMATS = [base_formats.CSV, base_formats.TSV, base_formats.HTML]


def column_of(field):
    return {name: column for column, name in EWP_COLUMNS.items()}.get(field, field)


def read_export(text, kind):
    """The rows of an exported file, as dicts, read without the project's code."""
    if kind is base_formats.JSON:
        return json.loads(text)
    if kind is base_formats.HTML:
        table = soup(text).table
        header = [cell.get_text() for cell in table.find_all("th")]
        return [
            dict(zip(header, [cell.get_text() for cell in row.find_all("td")], strict=True))
            for row in table.find_all("tr")[1:]
        ]
    delimiter = "\t" if kind is base_formats.TSV else ","
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))


@pytest.fixture
def formulae(catalogue):
    """Karolinska's texts all look like formulae; Frontiers' only nearly."""
    ExchangeOption.objects.filter(slug=KAROLINSKA_COURSES).update(**FORMULAE)
    ExchangeOption.objects.filter(slug=FRONTIERS).update(**LOOKALIKES)


def assert_formulae_are_text(rows):
    rows = by_slug(rows)
    for field, value in FORMULAE.items():
        assert rows[KAROLINSKA_COURSES][column_of(field)] == "'" + value, field
    for field, value in LOOKALIKES.items():
        assert rows[FRONTIERS][column_of(field)] == value, field
    starts = [cell for row in rows.values() for cell in row.values() if FORMULA_START.match(cell)]
    assert starts == []


def assert_formulae_as_they_are(rows):
    rows = by_slug(rows)
    for field, value in FORMULAE.items():
        assert rows[KAROLINSKA_COURSES][column_of(field)] == value, field
    for field, value in LOOKALIKES.items():
        assert rows[FRONTIERS][column_of(field)] == value, field


def test_the_open_csv_has_formulae_as_text_and_the_json_as_they_are(client, formulae):
    csv_text = client.get("/exchange/catalogue.csv").content.decode("utf-8")
    records = json.loads(client.get("/exchange/catalogue.json").content)

    assert_formulae_are_text(read_export(csv_text, base_formats.CSV))
    assert_formulae_as_they_are(records)


def test_the_admin_offers_no_spreadsheet_format_that_would_run_formulae(client, publisher):
    offered = model_admin().get_export_formats()
    assert [fmt().get_title() for fmt in offered] == ["csv", "tsv", "json", "html"]
    for kind in SPREADSHEET_FORMATS:
        assert sum(issubclass(fmt, kind) for fmt in offered) == 1


@pytest.mark.parametrize("kind", SPREADSHEET_FORMATS, ids=lambda kind: kind.__name__)
def test_the_admin_exports_formulae_as_text_in_every_spreadsheet_format(
    client, publisher, formulae, kind
):
    client.force_login(publisher)

    assert_formulae_are_text(read_export(export_from_admin(client, kind), kind))


def test_the_admin_exports_formulae_as_they_are_in_json(client, publisher, formulae):
    client.force_login(publisher)

    rows = read_export(export_from_admin(client, base_formats.JSON), base_formats.JSON)

    assert_formulae_as_they_are(rows)


@pytest.mark.parametrize("kind", SPREADSHEET_FORMATS, ids=lambda kind: kind.__name__)
def test_an_export_with_formulae_imports_back_as_no_change(client, publisher, formulae, kind):
    client.force_login(publisher)
    exported = export_from_admin(client, kind)
    before = snapshot()

    preview, _response = import_through_admin(
        client, exported, f"catalogue.{kind().get_extension()}", kind
    )

    assert set(preview_types(preview)) == {"skip"}
    assert snapshot() == before
    assert export_from_admin(client, kind) == exported


def test_formulae_imported_from_an_export_are_stored_as_written(client, publisher, formulae):
    client.force_login(publisher)
    header, rows = parse_csv(export_from_admin(client))
    rows = by_slug(rows)
    # Clinical rotations gets Karolinska's cells as exported, Vitality Frontiers' cells.
    for field in FORMULAE:
        rows[CLINICAL_ROTATIONS][column_of(field)] = rows[KAROLINSKA_COURSES][column_of(field)]
        rows[VITALITY_INTERNSHIP][column_of(field)] = rows[FRONTIERS][column_of(field)]
    # A spreadsheet saves a cell typed as '=1+1 without its apostrophe.
    rows[FRONTIERS]["visa_info"] = "=1+1"

    preview, _response = import_through_admin(client, write_csv(header, list(rows.values())))

    assert sorted(preview_types(preview)) == sorted(["update"] * 3 + ["skip"] * (len(rows) - 3))
    stored = snapshot()
    assert {field: stored[CLINICAL_ROTATIONS][field] for field in FORMULAE} == FORMULAE
    assert {field: stored[VITALITY_INTERNSHIP][field] for field in LOOKALIKES} == LOOKALIKES
    assert stored[FRONTIERS]["visa"] == "=1+1"
    assert stored[KAROLINSKA_COURSES] == {**stored[KAROLINSKA_COURSES], **FORMULAE}


# 8. An import is one revision in the history, by the one who imported it


def new_revisions(since):
    return list(Revision.objects.exclude(pk__in=since))


def test_an_import_is_one_revision_by_the_importer_of_every_option_it_changed(
    client, publisher, catalogue
):
    client.force_login(publisher)
    header, rows = parse_csv(export_from_admin(client))
    rows = by_slug(rows)
    rows[CLINICAL_ROTATIONS]["title"] = "Clinical rotations in Suriname"
    rows["elective-in-heidelberg"] = {
        **dict.fromkeys(header, ""),
        "slug": "elective-in-heidelberg",
        "title": "Elective in Heidelberg",
        "kind": "elective",
        "destinations": "heidelberg-university",
        "language": "de",
        "rolling_admission": "0",
    }
    untouched = ExchangeOption.objects.get(slug=FRONTIERS)
    since = list(Revision.objects.values_list("pk", flat=True))

    import_through_admin(client, write_csv(header, list(rows.values())), "spring-2031.csv")

    (revision,) = new_revisions(since)
    assert revision.user == publisher
    assert revision.comment == "Imported from spring-2031.csv"
    changed = ExchangeOption.objects.get(slug=CLINICAL_ROTATIONS)
    made = ExchangeOption.objects.get(slug="elective-in-heidelberg")
    assert sorted(revision.version_set.values_list("object_id", flat=True)) == sorted(
        [str(changed.pk), str(made.pk)]
    )
    latest = Version.objects.get_for_object(changed).first()
    assert latest.revision == revision
    assert latest.field_dict["title"] == "Clinical rotations in Suriname"
    (first,) = Version.objects.get_for_object(made)
    assert first.revision == revision
    heidelberg = PartnerInstitution.objects.get(slug="heidelberg-university")
    assert first.field_dict["destinations"] == [heidelberg.pk]
    assert changed.changed_by == publisher
    assert made.created_by == made.changed_by == publisher
    assert ExchangeOption.objects.get(pk=untouched.pk).changed_by == untouched.changed_by
    assert Version.objects.get_for_object(untouched).filter(revision=revision).count() == 0


def test_a_preview_and_a_refused_import_leave_no_history(client, publisher, catalogue):
    client.force_login(publisher)
    header, rows = parse_csv(export_from_admin(client))
    rows = by_slug(rows)
    rows[CLINICAL_ROTATIONS]["title"] = "Clinical rotations in Suriname"
    rows[VITALITY_INTERNSHIP]["level"] = "master"
    rows[VITALITY_INTERNSHIP]["places"] = "3"
    since = list(Revision.objects.values_list("pk", flat=True))
    before = snapshot()

    preview = upload(client, write_csv(header, list(rows.values())))

    assert "confirm_form" in preview.context
    assert new_revisions(since) == []
    # Meanwhile, Vitality and Ageing stops being a master: the confirmed import writes nothing.
    Programme.objects.filter(title="Vitality and Ageing").update(
        offers_bachelor=True, offers_master=False
    )
    confirm(client, preview)
    assert new_revisions(since) == []
    assert snapshot() == before
