"""
The image chooser and where each image is used: the widget on every form with
an image, the chooser's search, filters, paging and upload (held to the image
rules), its permissions and its cost, and the usage list on the image's page
and before it is deleted.
"""

import io
import json
from unittest import mock

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image as PillowImage
from reversion.models import Version

from editorial import images
from editorial.chooser import ImageChooserWidget
from editorial.models import Image
from events.models import Event, NewsItem
from people.models import Person
from research.models import PartnerInstitution, Project, ResearchTheme
from tests import factories as make
from tests.checkers import inline_code
from tests.html import form_data, soup, text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

CHOOSE = "/admin/editorial/image/choose/"
ALT_REQUIRED = "Describe the image, or tick “decorative” if it adds nothing."
NOT_AN_IMAGE = "This is not a JPEG, PNG, WebP or AVIF image."

# Every key to an image, and the factory of its model.
IMAGE_FIELDS = {
    (Person, "photo"): make.person,
    (ResearchTheme, "image"): make.theme,
    (PartnerInstitution, "logo"): make.partner,
    (Project, "image"): make.project,
    (Event, "image"): make.event,
    (NewsItem, "image"): make.news_item,
}


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


def partial(client, part, path=CHOOSE, **params):
    return client.get(path, params, headers={"X-Partial": part})


def jpeg(width=800, height=600, name="photo.jpg"):
    output = io.BytesIO()
    PillowImage.new("RGB", (width, height), "#3366aa").save(output, "JPEG")
    return SimpleUploadedFile(name, output.getvalue(), content_type="image/jpeg")


def stored(count, **fields):
    """`count` images in the database without files: enough for lists and counts."""
    return Image.objects.bulk_create(
        Image(
            file=f"images/stored-{number}.jpg",
            alt_text=f"Stored image {number}",
            width=800,
            height=600,
            **fields,
        )
        for number in range(count)
    )


def shown(response):
    """The ids of the images a chooser answer lists, in order."""
    return [int(button["data-choice"]) for button in soup(response).select("[data-choice]")]


def count_text(response):
    return " ".join(soup(response).select_one("[data-count]").get_text().split())


def upload(client, file, partial_name="upload", **fields):
    data = {"file": file, "alt_text": "Students in the garden", "credit": "", **fields}
    if data.pop("decorative", False):
        data["decorative"] = "on"
    headers = {"X-Partial": partial_name} if partial_name else {}
    with make.committed():
        return client.post(CHOOSE, data, headers=headers)


# The widget on every form with an image ---------------------------------------------


def test_every_key_to_an_image_is_listed_here():
    assert {(model, field.name) for model, field in Image.relations()} == set(IMAGE_FIELDS)


@pytest.mark.parametrize(("model", "field"), IMAGE_FIELDS)
def test_every_image_field_is_a_chooser_that_works_without_javascript(admin_client, model, field):
    opts = model._meta
    response = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))

    page = soup(response)
    chooser = page.select_one(f".field-{field} [data-image-chooser]")
    assert chooser["data-chooser-url"] == CHOOSE
    number = chooser.select_one(f'input[name="{field}"]')
    assert number["type"] == "text"
    assert page.select_one(f'label[for="{number["id"]}"]').get_text() == "Image number:"
    assert chooser.select_one(f'a[href="{CHOOSE}"]')["target"] == "_blank"
    # The script shows the buttons, which without it would do nothing.
    assert chooser.select_one("[data-buttons]").has_attr("hidden")
    assert "No image chosen." in text(str(chooser))
    # No list of every image, and no add or change links in pop-up windows.
    assert not page.select(f'select[name="{field}"]')
    assert not page.select(f"#add_id_{field}, #change_id_{field}")
    # The field's label names the group of thumbnail, number and buttons.
    assert (
        page.select_one(f".field-{field} fieldset legend")
        .get_text()
        .startswith(str(opts.get_field(field).verbose_name).capitalize())
    )
    assert "editorial/chooser.js" in response.text


def test_the_chosen_image_shows_as_a_thumbnail_with_its_alt_text(admin_client):
    photo = make.image(alt_text="Nora in the garden")
    person = make.person("draft", photo=photo)

    response = admin_client.get(reverse("admin:people_person_change", args=[person.pk]))

    chooser = soup(response).select_one(".field-photo [data-image-chooser]")
    assert chooser.select_one('input[name="photo"]')["value"] == str(photo.pk)
    thumbnail = chooser.select_one("[data-chosen] img")
    assert thumbnail["src"] == images.smallest_or_original(photo, "square")[2]
    assert thumbnail["alt"] == ""  # the alt text is beside it, in words
    assert chooser.select_one(".image-chooser__label").get_text() == "Nora in the garden"
    assert " ".join(chooser.select_one("[data-choose]").get_text().split()) == "Choose another"
    assert not chooser.select_one("[data-remove]").has_attr("hidden")


def test_a_decorative_image_is_called_so_in_the_form(admin_client):
    photo = make.image(alt_text="", decorative=True)
    person = make.person("draft", photo=photo)

    response = admin_client.get(reverse("admin:people_person_change", args=[person.pk]))

    label = soup(response).select_one(".field-photo .image-chooser__label")
    assert label.get_text() == "Decorative image"


def test_the_form_saves_the_number_it_was_given(admin_client):
    person = make.person("draft", name="Nora Visser")
    photo = make.image()
    url = reverse("admin:people_person_change", args=[person.pk])
    data = form_data(admin_client.get(url))

    response = admin_client.post(url, {**data, "photo": str(photo.pk), "_save_draft": "1"})

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.photo == photo
    response = admin_client.post(url, {**form_data(admin_client.get(url)), "photo": ""})
    person.refresh_from_db()
    assert person.photo is None


def test_a_number_of_no_image_is_refused_and_shown_again(admin_client):
    person = make.person("draft")
    url = reverse("admin:people_person_change", args=[person.pk])

    response = admin_client.post(url, {**form_data(admin_client.get(url)), "photo": "999999"})

    assert response.status_code == 200
    assert "Select a valid choice" in text(response)
    chooser = soup(response).select_one(".field-photo [data-image-chooser]")
    assert chooser.select_one('input[name="photo"]')["value"] == "999999"
    assert "No image chosen." in text(str(chooser))


def test_staff_who_may_not_see_images_type_the_number_without_a_chooser(db):
    user = make.staff_member("reader")
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_person", "change_person", "add_person"])
    )
    response = as_user(user).get(reverse("admin:people_person_add"))

    chooser = soup(response).select_one(".field-photo [data-image-chooser]")
    assert not chooser.has_attr("data-chooser-url")
    assert not chooser.select("[data-buttons], a")
    assert chooser.select_one('input[name="photo"]')


def test_the_widget_has_no_inline_code():
    widget = ImageChooserWidget(chooser_url=CHOOSE)
    photo = make.image()

    html = widget.render("photo", photo.pk, {"id": "id_photo"})

    assert inline_code(html) == []
    assert 'data-chooser-url="/admin/editorial/image/choose/"' in html


# Browsing: search, filters, paging -------------------------------------------------------


def test_the_chooser_lists_the_newest_images_first_with_their_alt_text(admin_client):
    older, newer = make.image(alt_text="Older"), make.image(alt_text="Newer")

    response = partial(admin_client, "chooser")

    assert response.status_code == 200
    assert shown(response) == [newer.pk, older.pk]
    assert count_text(response) == "2 images"
    first = soup(response).select_one("[data-choice]")
    assert first["data-label"] == "Newer"
    assert first["data-thumbnail"] == images.smallest_or_original(newer, "square")[2]
    assert first.select_one("img")["alt"] == ""
    assert first.get_text(strip=True) == "Newer"
    about = soup(response).select_one(f"#{first['aria-describedby']}").get_text()
    assert "800 \N{MULTIPLICATION SIGN} 600, landscape" in about
    assert "Not used yet" in about
    assert soup(response).select_one("#image-chooser-title").get_text() == "Choose an image"
    assert response.headers["Vary"].count("X-Partial") == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("garden", ["garden"]),
        ("GARDEN", ["garden"]),
        ("Hollander", ["credit"]),
        ("tulip-field", ["file"]),
        ("students garden", ["garden"]),
        ("students nothing", []),
        ("", ["file", "credit", "garden"]),
        ("garden " * 50, ["file", "credit", "garden"]),  # too long to be a search: ignored
    ],
)
def test_the_search_looks_at_alt_text_credit_and_file_name(admin_client, query, expected):
    made = {
        "garden": make.image(alt_text="Students in the garden"),
        "credit": make.image(alt_text="A lab", credit="Photo: Anne Hollander"),
        "file": Image.objects.create(file=jpeg(name="tulip-field.jpg"), alt_text="Flowers"),
    }

    response = partial(admin_client, "results", q=query)

    assert shown(response) == [made[name].pk for name in expected]


@pytest.mark.parametrize(
    ("orientation", "expected"),
    [
        ("landscape", ["wide"]),
        ("portrait", ["tall"]),
        ("square", ["square"]),
        ("", ["square", "tall", "wide"]),
        ("sideways", ["square", "tall", "wide"]),  # a value it does not know is ignored
    ],
)
def test_the_orientation_filter_reads_width_and_height(admin_client, orientation, expected):
    made = {
        "wide": make.image(800, 600, alt_text="Wide"),
        "tall": make.image(600, 800, alt_text="Tall"),
        "square": make.image(500, 500, alt_text="Square"),
    }

    response = partial(admin_client, "results", orientation=orientation)

    assert response.status_code == 200
    assert shown(response) == [made[name].pk for name in expected]


def test_not_used_yet_leaves_out_images_that_any_item_shows(admin_client):
    used = {}
    for (model, field), factory in IMAGE_FIELDS.items():
        image = make.image(alt_text=f"On a {model._meta.model_name}")
        factory("draft", **{field: image})
        used[model] = image
    unused = make.image(alt_text="Nobody's")

    response = partial(admin_client, "results", unused="on")

    assert shown(response) == [unused.pk]
    assert count_text(response) == "1 image"
    whole = partial(admin_client, "results")
    assert len(shown(whole)) == len(IMAGE_FIELDS) + 1
    about = text(whole)
    assert about.count("In use") == len(IMAGE_FIELDS)
    assert about.count("Not used yet") == 1


def test_filters_combine(admin_client):
    wanted = make.image(600, 800, alt_text="Campus at night")
    make.image(800, 600, alt_text="Campus by day")
    make.person(photo=make.image(600, 800, alt_text="Campus portrait"))

    response = partial(admin_client, "results", q="campus", orientation="portrait", unused="on")

    assert shown(response) == [wanted.pk]


def test_nothing_found_says_what_to_do(admin_client):
    make.image(alt_text="A lab")

    assert "No image matches" in text(partial(admin_client, "results", q="ocean"))
    Image.objects.all().delete()
    assert "There are no images yet" in text(partial(admin_client, "results"))


def test_the_chooser_pages_24_images_at_a_time_keeping_the_filters(admin_client):
    stored(30)
    stored(3, credit="Elsewhere")

    first = partial(admin_client, "results", q="stored")
    second = partial(admin_client, "results", q="stored", page="2")

    assert len(shown(first)) == 24
    assert len(shown(second)) == 9
    assert set(shown(first)).isdisjoint(shown(second))
    assert count_text(first) == "33 images, page 1 of 2"
    nav = soup(first).select_one("nav.chooser__pages")
    assert nav["aria-label"] == "Pages of images"
    links = {link.get_text(strip=True): link["href"] for link in nav.select("a")}
    assert links["2"] == "?q=stored&page=2"
    assert links["Next"] == "?q=stored&page=2"
    assert nav.select_one('a[aria-current="page"]').get_text() == "1"
    assert shown(partial(admin_client, "results", q="stored", page="99")) == shown(second)
    assert shown(partial(admin_client, "results", q="stored", page="x")) == shown(first)


# Session, user, and for editors their permissions; then the count and the page of images.
CHOOSER_QUERIES = {"superuser": 4, "editor": 6}


@pytest.mark.parametrize("role", CHOOSER_QUERIES)
def test_the_chooser_costs_the_same_queries_for_10_or_1000_images(
    request, django_assert_num_queries, role
):
    client = as_user(request.getfixturevalue(role))
    used = stored(10)
    make.person(photo=used[0])
    for size in (10, 1000):
        stored(size - Image.objects.count())
        for part in ("chooser", "results", None):
            with django_assert_num_queries(CHOOSER_QUERIES[role]):
                response = partial(client, part, q="stored", unused="on", page="2")
            assert response.status_code == 200

    assert count_text(response) == "999 images, page 2 of 42"
    assert len(shown(partial(client, "results", q="stored", unused="on", page="2"))) == 24


def test_a_form_with_an_image_costs_the_same_queries_for_10_or_1000_images(admin_client):
    person = make.person("draft", photo=stored(1)[0])
    url = reverse("admin:people_person_change", args=[person.pk])
    admin_client.get(url)
    with CaptureQueriesContext(connection) as few:
        admin_client.get(url)
    stored(1000)
    with CaptureQueriesContext(connection) as many:
        response = admin_client.get(url)

    assert len(many) == len(few)
    assert len(soup(response).select(".field-photo img, .field-photo option")) <= 1


# The chooser as a page, for forms filled in without JavaScript --------------------------


def test_the_chooser_page_gives_each_image_its_number(admin_client):
    image = make.image(alt_text="Students in the garden")

    response = admin_client.get(CHOOSE)

    assert response.status_code == 200
    page = soup(response)
    assert page.select_one("#content h1").get_text() == "Choose an image"
    assert f"Number {image.pk}" in text(response)
    assert not page.select("[data-choice], [data-close]")
    assert inline_code(response.text) == []


def test_an_upload_on_the_chooser_page_says_its_number(admin_client):
    response = upload(admin_client, jpeg(), partial_name=None)

    image = Image.objects.get()
    assert response.status_code == 302
    page = admin_client.get(response["Location"])
    assert f"its number is {image.pk}" in text(page)


def test_a_refused_upload_on_the_chooser_page_shows_the_errors(admin_client):
    response = upload(admin_client, jpeg(), partial_name=None, alt_text="")

    assert response.status_code == 200
    assert ALT_REQUIRED in text(response)
    assert not Image.objects.exists()


# Uploading in the chooser ---------------------------------------------------------------


@pytest.mark.django_db(transaction=True)  # the renditions are made on the request's commit
def test_an_upload_is_saved_and_chosen(admin_client, superuser):
    response = upload(admin_client, jpeg(1200, 900), credit="Photo: LUMC")

    assert response.status_code == 201
    image = Image.objects.get()
    assert (image.alt_text, image.credit, image.width, image.height) == (
        "Students in the garden",
        "Photo: LUMC",
        1200,
        900,
    )
    assert image.renditions["square"]["JPEG"]
    assert json.loads(response.content) == {
        "id": image.pk,
        "thumbnail": images.smallest_or_original(image, "square")[2],
        "label": "Students in the garden",
        "file_name": image.file.name.rsplit("/", 1)[-1],
        "width": 1200,
        "height": 900,
        "orientation": "Landscape",
        "in_use": None,
    }
    # As an upload in the image admin: in the history and the log.
    assert Version.objects.get_for_object(image).count() == 1
    assert LogEntry.objects.get(object_id=str(image.pk)).is_addition()


def test_with_a_task_queue_an_upload_is_chosen_with_its_original_as_thumbnail(
    admin_client, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    response = upload(admin_client, jpeg(1200, 900))

    assert response.status_code == 201
    image = Image.objects.get()
    assert image.renditions == {}, "made by the worker, later"
    assert json.loads(response.content)["thumbnail"] == image.file.url
    chosen = ImageChooserWidget().render("image", image.pk)
    assert f'src="{image.file.url}"' in chosen


def test_a_decorative_upload_needs_no_alt_text(admin_client):
    response = upload(admin_client, jpeg(), alt_text="", decorative=True)

    assert response.status_code == 201
    assert json.loads(response.content)["label"] == "Decorative image"
    assert Image.objects.get().decorative


def refused(response, field, message):
    """The upload form again, in the dialog, with `message` at `field`, and nothing saved."""
    assert response.status_code == 400
    section = soup(response).select_one("[data-chooser-upload]")
    assert section is not None
    assert section.select_one("#image-upload-errors")
    errors = section.select_one(f"#image-upload-{field}_error")
    assert message in errors.get_text()
    assert section.select_one(f"#image-upload-{field}")["aria-invalid"] == "true"
    assert not Image.objects.exists()


def test_an_upload_without_alt_text_is_refused_in_the_dialog(admin_client):
    response = upload(admin_client, jpeg(), alt_text="  ")

    refused(response, "alt_text", ALT_REQUIRED)
    assert soup(response).select_one("#image-upload-alt_text")["value"] == "  "


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("photo.jpg", b"Just some text, not a photo at all.\n" * 20),
        ("anim.gif", b"GIF89a" + b"\x00" * 40),
    ],
)
def test_an_upload_that_is_no_accepted_image_is_refused_in_the_dialog(admin_client, name, content):
    response = upload(admin_client, SimpleUploadedFile(name, content, content_type="image/png"))

    refused(response, "file", NOT_AN_IMAGE)


def test_an_upload_over_the_size_limit_is_refused_in_the_dialog(admin_client):
    with mock.patch.object(images, "MAX_BYTES", 1000):
        response = upload(admin_client, jpeg(800, 600))

    refused(response, "file", "images may be at most 1000")


def test_an_upload_without_a_file_is_refused_in_the_dialog(admin_client):
    response = admin_client.post(CHOOSE, {"alt_text": "Nothing"}, headers={"X-Partial": "upload"})

    refused(response, "file", "This field is required.")


def test_the_upload_form_offers_only_the_accepted_formats(admin_client):
    response = partial(admin_client, "chooser")

    form = soup(response).select_one("[data-chooser-upload] form")
    assert form["enctype"] == "multipart/form-data"
    assert form.select_one('input[type="file"]')["accept"] == ",".join(images.ACCEPTED_TYPES)
    labels = [label.get_text() for label in form.select("label")]
    assert labels == ["Image file:", "Alternative text:", "Decorative", "Credit:"]
    assert form.select_one("input[name=csrfmiddlewaretoken]")


# Permissions ----------------------------------------------------------------------------


def test_signing_in_comes_first(client):
    response = client.get(CHOOSE)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_browsing_needs_the_view_permission_on_images(db):
    client = as_user(make.staff_member("outsider"))

    assert partial(client, "chooser").status_code == 403
    assert upload(client, jpeg()).status_code == 403
    assert not Image.objects.exists()


def test_uploading_needs_the_add_permission_on_images(db):
    user = make.staff_member("viewer")
    user.user_permissions.add(Permission.objects.get(codename="view_image"))
    client = as_user(user)
    make.image()

    response = partial(client, "chooser")
    assert response.status_code == 200
    assert len(shown(response)) == 1
    assert not soup(response).select("[data-chooser-upload]")
    assert upload(client, jpeg()).status_code == 403
    assert Image.objects.count() == 1


def test_editors_browse_and_upload(editor):
    client = as_user(editor)

    assert partial(client, "chooser").status_code == 200
    assert upload(client, jpeg()).status_code == 201


def test_the_chooser_has_no_inline_code(admin_client):
    make.image()
    for part in ("chooser", "results", "upload"):
        assert inline_code(partial(admin_client, part).text) == [], part
    assert inline_code(upload(admin_client, jpeg(), alt_text="").text) == []


# Where each image is used ----------------------------------------------------------------


def test_the_image_page_lists_where_it_is_used(admin_client):
    photo = make.image(alt_text="Shared photo")
    nora = make.person("published", name="Nora Visser", photo=photo)
    news = make.news_item("draft", title="Nora joins", image=photo)
    make.event("published", title="Unrelated", image=make.image())

    response = admin_client.get(reverse("admin:editorial_image_change", args=[photo.pk]))

    uses = soup(response).select_one(".field-where_used .image-uses")
    lines = [" ".join(item.get_text().split()) for item in uses.select("li")]
    assert sorted(lines) == [
        "News item: Nora joins (image) Draft",
        "Person: Nora Visser (photo) Published",
    ]
    links = {link.get_text(): link["href"] for link in uses.select("a")}
    assert links == {
        "Nora Visser": reverse("admin:people_person_change", args=[nora.pk]),
        "Nora joins": reverse("admin:events_newsitem_change", args=[news.pk]),
    }


def test_an_unused_image_says_so(admin_client):
    photo = make.image()

    response = admin_client.get(reverse("admin:editorial_image_change", args=[photo.pk]))

    assert "Not used yet: no item shows this image." in text(response)
    assert admin_client.get(reverse("admin:editorial_image_add")).status_code == 200


def test_the_usage_list_costs_one_query_per_kind_of_item(
    admin_client, django_assert_max_num_queries
):
    photo = make.image()
    for number in range(20):
        make.person(name=f"Person {number}", photo=photo)

    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(reverse("admin:editorial_image_change", args=[photo.pk]))

    assert text(response).count("Person: Person") == 20
    person_queries = [q for q in queries if 'FROM "people_person"' in q["sql"]]
    assert len(person_queries) == 1


def test_deleting_a_used_image_warns_with_the_items_that_show_it(admin_client):
    photo = make.image(alt_text="Shared photo")
    nora = make.person("published", name="Nora Visser", photo=photo)
    url = reverse("admin:editorial_image_delete", args=[photo.pk])

    response = admin_client.get(url)

    warning = soup(response).select_one(".image-uses-warning")
    assert "These items show this image" in warning.get_text()
    assert "Person: Nora Visser (photo) Published" in text(str(warning))
    assert soup(response).select_one('input[type="submit"]')  # still allowed
    admin_client.post(url, {"post": "yes"})
    nora.refresh_from_db()
    assert nora.photo is None
    assert not Image.objects.exists()


def test_deleting_an_unused_image_has_no_warning(admin_client):
    photo = make.image()

    response = admin_client.get(reverse("admin:editorial_image_delete", args=[photo.pk]))

    assert not soup(response).select(".image-uses-warning")
    assert "Are you sure" in text(response)


def test_deleting_images_in_bulk_warns_with_the_items_that_show_them(admin_client):
    shared, lonely, logo = (
        make.image(alt_text="Shared"),
        make.image(alt_text="Lonely"),
        make.image(alt_text="Logo"),
    )
    make.person(name="Nora Visser", photo=shared)
    make.news_item("draft", title="Nora joins", image=shared)
    make.partner(name="Karolinska", logo=logo)
    changelist = reverse("admin:editorial_image_changelist")
    data = {"action": "delete_selected", "_selected_action": [shared.pk, lonely.pk, logo.pk]}

    response = admin_client.post(changelist, data)

    warning = soup(response).select_one(".image-uses-warning")
    words = text(str(warning))
    assert (
        "Shared Person: Nora Visser (photo) Published News item: Nora joins (image) Draft" in words
    )
    assert "Logo Partner institution: Karolinska (logo) Published" in words
    assert "Lonely" not in words
    assert "Are you sure you want to delete the selected images?" in text(response)
    admin_client.post(changelist, {**data, "post": "yes"})
    assert not Image.objects.exists()


def test_editors_may_not_delete_an_image_a_published_item_shows(editor):
    photo = make.image()
    make.person("published", photo=photo)

    response = as_user(editor).get(reverse("admin:editorial_image_delete", args=[photo.pk]))

    assert response.status_code == 403
