"""
The image chooser in Chromium: picking, searching, paging and uploading with the
keyboard only, without JavaScript, and the image screens it leads to, each with
no axe-core violation and nothing the Content Security Policy blocks.
"""

import re

import pytest
from django.test import Client
from PIL import Image as PillowImage
from playwright.sync_api import expect

from editorial.models import Image
from people.models import Person
from tests import factories as make
from tests.checkers import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("media_root")]

# Collects what the Content Security Policy blocks, before any of the page's scripts run.
WATCH_POLICY = """
window.blocked = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.blocked.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}`);
});
"""


def staff_context(browser, site, user, **options):
    """A browser window of its own, signed in to the admin as `user`."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(**options)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site}]
    )
    return context.new_page()


@pytest.fixture
def editor_page(live_server, browser, editor):
    page = staff_context(browser, live_server.url, editor)
    page.add_init_script(WATCH_POLICY)
    page.problems = []
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    page.on(
        "response",
        lambda response: (
            response.status >= 400
            and response.status != 400  # a refused upload is answered with its form
            and page.problems.append(f"{response.status} {response.url}")
        ),
    )
    yield page
    page.context.close()


def blocked(page):
    """What the policy blocked, and any style attribute the chooser's parts were given."""
    styled = page.locator(".image-chooser [style], .image-chooser-dialog [style]").count()
    return page.evaluate("window.blocked") + ([f"{styled} style attributes"] if styled else [])


def press(page, locator, key="Enter"):
    locator.focus()
    page.keyboard.press(key)


def test_an_editor_picks_searches_pages_and_uploads_with_the_keyboard(
    live_server, editor_page, tmp_path
):
    page = editor_page
    garden = make.image(alt_text="Students in the garden")
    make.image(600, 800, alt_text="A portrait of Nora")
    Image.objects.bulk_create(
        # Without renditions yet, the chooser shows each original: one file for all.
        Image(file=garden.file.name, alt_text=f"Archive photo {n}", width=20, height=10)
        for n in range(24)
    )
    nora = make.person("draft", name="Nora Visser")
    url = f"{live_server.url}/admin/people/person/{nora.pk}/change/"
    page.goto(url)
    choose = page.get_by_role("button", name="Choose image")
    expect(choose).to_be_visible()
    expect(page.get_by_label("Image number:")).to_be_hidden()
    assert axe_violations(page) == []

    # Search, and pick with the keyboard: the dialog closes and the focus comes back.
    press(page, choose)
    dialog = page.get_by_role("dialog", name="Choose an image")
    expect(dialog).to_be_visible()
    search = dialog.get_by_role("searchbox", name="Search")
    expect(search).to_be_focused()
    expect(dialog.get_by_role("status")).to_have_text("26 images, page 1 of 2")
    assert axe_violations(page) == []
    page.keyboard.type("garden")
    expect(dialog.get_by_role("status")).to_have_text("1 image")
    expect(search).to_be_focused()
    press(page, dialog.get_by_role("button", name="Students in the garden"))
    expect(dialog).to_be_hidden()
    another = page.get_by_role("button", name="Choose another")
    expect(another).to_be_focused()
    photo = page.locator(".field-photo")
    expect(photo.locator(".image-chooser__label")).to_have_text("Students in the garden")
    expect(photo.locator("input[name=photo]")).to_have_value(str(garden.pk))

    # Escape closes the dialog; filters and pages update in place.
    press(page, another)
    expect(dialog).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(another).to_be_focused()
    press(page, another)
    press(page, dialog.get_by_label("Orientation"), "ArrowDown")  # Landscape
    expect(dialog.get_by_role("status")).to_have_text("25 images, page 1 of 2")
    press(page, dialog.get_by_role("checkbox", name="Not used yet"), "Space")
    # The count reads the same before and after: wait until the new results are in.
    expect(dialog.locator("[data-chooser-results]")).not_to_have_attribute("aria-busy", "true")
    expect(dialog.get_by_role("status")).to_have_text("25 images, page 1 of 2")
    press(page, dialog.get_by_role("link", name="Next"))
    expect(dialog.get_by_role("status")).to_have_text("25 images, page 2 of 2")
    expect(dialog.locator("[data-count]")).to_be_focused()
    expect(dialog.locator("[data-choice]")).to_have_count(1)
    assert axe_violations(page) == []

    # An upload without alt text is refused in the dialog; with it, it is chosen.
    picture = tmp_path / "lab.jpg"
    PillowImage.new("RGB", (900, 600), "#336699").save(picture)
    dialog.get_by_label("Image file:").set_input_files(picture)
    press(page, dialog.get_by_role("button", name="Upload"))
    expect(dialog.locator("#image-upload-errors")).to_be_focused()
    expect(dialog).to_contain_text("Describe the image, or tick “decorative”")
    assert axe_violations(page) == []
    dialog.get_by_label("Image file:").set_input_files(picture)
    dialog.get_by_label("Alternative text:").focus()
    page.keyboard.type("Nora at work in the lab")
    press(page, dialog.get_by_role("button", name="Upload"))
    expect(dialog).to_be_hidden()
    expect(photo.locator(".image-chooser__label")).to_have_text("Nora at work in the lab")
    expect(another).to_be_focused()
    uploaded = Image.objects.get(alt_text="Nora at work in the lab")
    expect(photo.locator("img")).to_have_attribute("src", re.compile(rf"/{uploaded.pk}/square-"))

    press(page, page.get_by_role("button", name="Save draft", exact=True))
    expect(page.locator(".messagelist")).to_contain_text("saved")
    assert Person.objects.get(pk=nora.pk).photo == uploaded
    expect(page.locator(".field-photo .image-chooser__label")).to_have_text(
        "Nora at work in the lab"
    )

    # Remove empties the field.
    press(page, page.get_by_role("button", name="Remove"))
    expect(page.get_by_role("button", name="Choose image")).to_be_focused()
    expect(photo).to_contain_text("No image chosen.")
    press(page, page.get_by_role("button", name="Save draft", exact=True))
    expect(page.locator(".messagelist")).to_contain_text("saved")
    assert Person.objects.get(pk=nora.pk).photo is None
    assert blocked(page) == []
    assert page.problems == []


def test_without_javascript_the_number_is_typed(live_server, browser, editor):
    photo = make.image(alt_text="Students in the garden")
    nora = make.person("draft", name="Nora Visser")
    page = staff_context(browser, live_server.url, editor, java_script_enabled=False)
    page.goto(f"{live_server.url}/admin/people/person/{nora.pk}/change/")

    expect(page.get_by_role("button", name="Choose image")).to_be_hidden()
    with page.expect_popup() as opened:
        page.get_by_role("link", name=re.compile("Find an image’s number")).click()
    chooser = opened.value
    expect(chooser.get_by_role("heading", level=1)).to_have_text("Choose an image")
    expect(chooser.locator("#content")).to_contain_text(f"Number {photo.pk}")
    page.get_by_label("Image number:").fill(str(photo.pk))
    page.get_by_role("button", name="Save draft", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text("saved")
    assert Person.objects.get(pk=nora.pk).photo == photo
    page.context.close()


def test_the_image_screens_say_where_an_image_is_used_accessibly(live_server, browser, publisher):
    photo = make.image(alt_text="Shared photo")
    make.person("published", name="Nora Visser", photo=photo)
    make.news_item("draft", title="Nora joins", image=photo)
    page = staff_context(browser, live_server.url, publisher)
    page.add_init_script(WATCH_POLICY)
    base = f"{live_server.url}/admin/editorial/image"

    page.goto(f"{base}/choose/?q=photo")
    expect(page.locator("#content")).to_contain_text(f"Number {photo.pk}")
    assert axe_violations(page) == []

    page.goto(f"{base}/{photo.pk}/change/")
    uses = page.locator(".field-where_used")
    expect(uses.get_by_role("link", name="Nora Visser")).to_be_visible()
    expect(uses).to_contain_text("Published")
    assert axe_violations(page) == []

    page.goto(f"{base}/{photo.pk}/delete/")
    expect(page.get_by_role("note")).to_contain_text("These items show this image")
    assert axe_violations(page) == []

    page.goto(f"{base}/")
    page.get_by_role("checkbox", name=re.compile("Select this object")).first.check()
    page.get_by_label("Action:").select_option("delete_selected")
    page.get_by_role("button", name="Run", exact=True).click()
    expect(page.get_by_role("note")).to_contain_text("Items show these images")
    assert axe_violations(page) == []
    assert blocked(page) == []
    page.context.close()
