"""What only a real browser shows: accessibility, keyboard use, layout, the policy at work."""

import csv
import io
import re

import pytest
from django.test import Client
from PIL import Image as PillowImage
from playwright.sync_api import expect

from people.models import Person
from programmes.models import ExchangeOption
from tests.checkers import axe_violations
from tests.factories import full_profile, person
from tests.pages import ADMIN_PAGES, PUBLIC_PAGES

pytestmark = pytest.mark.browser

WIDTHS = {"phone": 320, "desktop": 1280}


@pytest.fixture
def watched_page(page):
    """A page that records what went wrong: blocked or missing resources, script errors."""
    page.problems = []

    def on_console(message):
        # A missing resource is reported below, with its address.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            page.problems.append(message.text)

    def on_response(response):
        if response.status >= 400 and not response.request.is_navigation_request():
            page.problems.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("response", on_response)
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    return page


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("path", [*PUBLIC_PAGES, "/no-such-page/"])
def test_pages_have_no_accessibility_violations_and_fit_the_screen(
    demo_site, watched_page, path, width
):
    page = watched_page
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(demo_site + path)

    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.problems == []


def test_forms_with_errors_have_no_accessibility_violations(demo_site, page):
    page.goto(demo_site + "/contact/")
    page.get_by_role("button", name="Send message").click()

    expect(page.get_by_role("alert")).to_contain_text("Please correct the following")
    assert axe_violations(page) == []


def test_the_stylesheet_is_applied(demo_site, page):
    page.goto(demo_site + "/")

    nav_background = page.locator(".site-nav").evaluate("e => getComputedStyle(e).backgroundColor")
    assert nav_background == "rgb(11, 58, 102)"


def test_the_skip_link_is_the_first_stop_and_moves_to_the_content(demo_site, page):
    page.goto(demo_site + "/about/")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    assert skip.bounding_box()["y"] >= 0  # shown on screen once focused
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_keyboard_focus_is_clearly_visible(demo_site, page):
    page.goto(demo_site + "/")

    for _stop in range(3):
        page.keyboard.press("Tab")
    focused = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [document.activeElement.textContent.trim(), s.outlineStyle, s.outlineWidth]; })()"
    )
    assert focused == ["Programmes and exchange", "solid", "3px"]


def test_a_visitor_sends_a_message_with_the_keyboard_only(site, page, mailoutbox):
    page.goto(site + "/contact/")

    page.get_by_label("Your name").focus()
    page.keyboard.type("Ana Souza")
    page.keyboard.press("Tab")
    page.keyboard.type("ana@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type("Joint PhD")
    page.keyboard.press("Tab")
    page.keyboard.type("Who can we talk to?")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Send message")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thank you, your message has been sent"
    )
    assert [email.subject for email in mailoutbox] == ["[LUMC Global] Joint PhD"]


def test_the_footer_box_leads_to_the_sign_up_form(demo_site, page):
    page.goto(demo_site + "/")

    page.get_by_label("Email address", exact=True).fill("reader@example.org")
    page.get_by_role("button", name="Subscribe").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Newsletter")
    expect(page.get_by_label("Your email address")).to_have_value("reader@example.org")


def test_print_shows_the_content_without_navigation(demo_site, page):
    page.goto(demo_site + "/about/")
    page.emulate_media(media="print")

    expect(page.locator(".site-nav")).to_be_hidden()
    expect(page.locator("footer form")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


@pytest.mark.usefixtures("media_root")
def test_a_full_profile_and_a_preview_have_no_accessibility_violations(site, watched_page):
    page = watched_page
    for url in [full_profile().get_absolute_url(), person("draft", name="Draft").preview_url()]:
        for width in WIDTHS.values():
            page.set_viewport_size({"width": width, "height": 800})
            page.goto(site + url)
            assert axe_violations(page) == [], url
            assert page.evaluate("document.documentElement.scrollWidth") <= width
    expect(page.locator(".preview-banner")).to_contain_text("Preview: not published")
    assert page.problems == []


def signed_in(page, site, client, user):
    """`page`, signed in to the admin as `user`."""
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site}]
    )
    return page


@pytest.fixture
def staff_page(site, page, client, superuser):
    return signed_in(page, site, client, superuser)


@pytest.mark.usefixtures("media_root")
@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_the_admin_screens_for_people_have_no_accessibility_violations(site, staff_page, path):
    person = full_profile()
    url = site + path.format(person=person.pk)
    staff_page.goto(url)

    assert staff_page.url == url
    assert staff_page.locator("#content h1").count() == 1
    assert axe_violations(staff_page) == []


@pytest.fixture
def editor_page(site, page, client, editor):
    return signed_in(page, site, client, editor)


@pytest.mark.usefixtures("media_root")
def test_an_editor_adds_a_team_member_with_a_photo_and_a_bio(site, editor_page, tmp_path):
    page = editor_page
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    photo = tmp_path / "portrait.jpg"
    PillowImage.new("RGB", (900, 700), "#336699").save(photo)
    page.goto(site + "/admin/people/person/add/")
    page.get_by_label("Name:", exact=True).fill("Nora Visser")
    page.get_by_role("combobox", name="Add a team").fill("global")
    page.get_by_role("option", name="LUMC Global team").click()
    page.get_by_role("button", name="Choose image").click()
    chooser = page.get_by_role("dialog", name="Choose an image")
    chooser.get_by_label("Image file:").set_input_files(photo)
    chooser.get_by_label("Alternative text:").fill("Nora Visser in the garden")
    chooser.get_by_role("button", name="Upload").click()
    expect(page.locator("input[name=photo]")).to_have_value(re.compile(r"\d+"))
    page.get_by_label("Quote:", exact=True).fill("Exchange changes lives")
    page.get_by_role("textbox", name="Biography:").click()
    page.keyboard.type("Nora advises students on exchange.")
    page.get_by_role("button", name="Save draft", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text("It is saved as a draft.")
    nora = Person.objects.get(name="Nora Visser")
    assert nora.status == "draft"
    assert nora.photo.alt_text == "Nora Visser in the garden"
    assert nora.bio == "<p>Nora advises students on exchange.</p>"
    page.goto(site + nora.preview_url())
    expect(page.locator(".preview-banner")).to_be_visible()
    expect(page.get_by_role("img", name="Nora Visser in the garden")).to_be_visible()
    assert problems == []


@pytest.mark.parametrize("model", ["alliance", "project", "researchtheme", "partnerinstitution"])
def test_the_research_admin_forms_have_no_accessibility_violations(site, staff_page, model):
    staff_page.goto(f"{site}/admin/research/{model}/")
    change_url = staff_page.locator("#result_list tbody a").first.get_attribute("href")
    staff_page.goto(site + change_url)

    expect(staff_page.locator("#content h1")).to_contain_text("Change")
    assert axe_violations(staff_page) == []


def test_a_student_uses_the_finder_with_the_keyboard_only(demo_site, watched_page):
    page = watched_page
    page.goto(demo_site + "/exchange/")

    # My programme and year
    page.get_by_label("My programme", exact=True).focus()
    page.keyboard.type("Biomedical")
    page.keyboard.press("Tab")
    page.keyboard.type("bachelor")
    page.keyboard.press("Tab")
    page.keyboard.type("year 2")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Show what fits")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".finder__results .notice")).to_contain_text(
        "What fits Biomedical Sciences, bachelor, year 2"
    )
    expect(page.locator("#results-title")).to_have_text("3 options")

    # A filter updates the results in place, keeps the address shareable and the focus
    course = page.get_by_role("checkbox", name=re.compile(r"^Course \(\d+\)$"))
    course.focus()
    page.keyboard.press("Space")
    expect(page.locator("#results-title")).to_have_text("1 option")
    expect(page).to_have_url(re.compile(r"kind=course"))
    expect(page.get_by_role("checkbox", name=re.compile(r"^Course"))).to_be_focused()
    expect(page.locator("#finder-status")).to_have_text("1 option")
    assert axe_violations(page) == []
    page.keyboard.press("Space")
    expect(page.locator("#results-title")).to_have_text("3 options")

    # Compare two options
    for checkbox in page.get_by_role("checkbox", name="Compare").all()[:2]:
        checkbox.focus()
        page.keyboard.press("Space")
    page.get_by_role("button", name=re.compile("Compare the ticked options")).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Compare exchange options")
    expect(page.locator("table.compare thead th")).to_have_count(2)

    # A shortlist kept in the browser, after a reload
    page.go_back()
    first = page.locator("[data-shortlist]").first
    slug = first.get_attribute("data-shortlist")
    first.focus()
    page.keyboard.press("Enter")
    expect(first).to_have_attribute("aria-pressed", "true")
    page.reload()
    expect(page.locator(f'[data-shortlist="{slug}"]')).to_have_text("Remove from shortlist")
    page.goto(demo_site + "/exchange/shortlist/")
    expect(page).to_have_url(re.compile(f"option={slug}"))
    expect(page.locator(".results article")).to_have_count(1)
    assert page.problems == []


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_the_finder_with_filters_open_has_no_accessibility_violations(demo_site, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(
        demo_site + "/exchange/?level=master&kind=research-internship&country=own&sort=duration"
    )

    expect(page.locator("#results-title")).to_contain_text("option")
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_finder_works_without_javascript(demo_site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(demo_site + "/exchange/")

    page.get_by_role("checkbox", name=re.compile(r"^Summer school")).check()
    page.get_by_role("button", name="Show results").click()

    expect(page).to_have_url(re.compile(r"kind=summer-school"))
    expect(page.locator("#results-title")).to_have_text("1 option")
    context.close()


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_a_paused_sign_in_is_explained_accessibly(site, watched_page, editor, width):
    page = watched_page
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(site + "/admin/login/")
    for attempt in range(5):
        page.get_by_label("Username:").fill("editor")
        page.get_by_label("Password:").fill(f"wrong-{attempt}")
        page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Signing in is paused")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Back to the log-in page").click()
    page.get_by_label("Username:").fill("editor")
    page.get_by_label("Password:").fill("pw")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Signing in is paused")
    assert page.problems == []


def staff_context(browser, site, user):
    """A browser window of its own, signed in to the admin as `user`."""
    client = Client()
    client.force_login(user)
    context = browser.new_context()
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site}]
    )
    return context.new_page()


def press_button(page, name):
    """Press a button of the form with the keyboard."""
    page.get_by_role("button", name=name, exact=True).focus()
    page.keyboard.press("Enter")


def test_a_change_to_a_live_option_goes_through_review(site, browser, editor, publisher):
    option = ExchangeOption.objects.published().get(
        slug="half-minor-abroad-biomedical-sciences-bachelor"
    )
    url = f"{site}/admin/programmes/exchangeoption/{option.pk}/change/"
    public = browser.new_page()
    writer = staff_context(browser, site, editor)
    reviewer = staff_context(browser, site, publisher)

    # The editor corrects the housing text and submits it, with the keyboard.
    writer.goto(url)
    writer.get_by_label("Housing:").focus()
    writer.keyboard.press("Control+A")
    writer.keyboard.type("Rooms through the partner's housing office.")
    writer.get_by_label("Comment for review", exact=False).focus()
    writer.keyboard.type("Housing text from the partner")
    press_button(writer, "Submit for review")
    expect(writer.locator(".messagelist")).to_contain_text("submitted for review")
    expect(writer.locator(".workflow-status")).to_contain_text("with draft changes · In review")
    assert axe_violations(writer) == []
    public.goto(site + option.get_absolute_url())
    expect(public.locator("main")).not_to_contain_text("partner's housing office")

    # The publisher finds it on the dashboard and asks for a change.
    reviewer.goto(f"{site}/admin/")
    assert axe_violations(reviewer) == []
    reviewer.locator("#block-review").get_by_role("link", name=option.title).click()
    expect(reviewer.get_by_label("Housing:")).to_have_value(
        "Rooms through the partner's housing office."
    )
    assert axe_violations(reviewer) == []
    reviewer.get_by_label("Comment for review", exact=False).fill("Add the deposit, please")
    press_button(reviewer, "Request changes")
    expect(reviewer.locator(".messagelist")).to_contain_text("The author is asked")

    # The editor reads the comment on the form, fixes it and submits again.
    writer.goto(url)
    expect(writer.locator(".review__thread")).to_contain_text("Add the deposit, please")
    writer.get_by_label("Housing:").focus()
    writer.keyboard.press("End")
    writer.keyboard.type(" A deposit of one month's rent.")
    press_button(writer, "Submit for review")
    expect(writer.locator(".messagelist")).to_contain_text("submitted for review")

    # The publisher publishes; the public page changes at once.
    reviewer.goto(url)
    press_button(reviewer, "Publish")
    expect(reviewer.locator(".messagelist")).to_contain_text("It is published")
    public.goto(site + option.get_absolute_url())
    expect(public.locator("main")).to_contain_text("A deposit of one month's rent.")
    for page in (public, writer, reviewer):
        page.context.close()


def test_the_catalogue_import_explains_itself_accessibly(site, browser, publisher, tmp_path):
    rows = list(csv.DictReader(io.StringIO(Client().get("/exchange/catalogue.csv").text)))
    rows[0]["places"] = "7"
    page = staff_context(browser, site, publisher)

    for name, bad in [("bad.csv", {"kind": "pony"}), ("good.csv", {})]:
        rows[1].update(bad or {"kind": rows[2]["kind"]})
        path = tmp_path / name
        with path.open("w", newline="") as file:
            writer = csv.DictWriter(file, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        page.goto(f"{site}/admin/programmes/exchangeoption/import/")
        page.get_by_label("File to import").set_input_files(path)
        page.get_by_label("Format").select_option(label="csv")
        press_button(page, "Check the file")
        expect(page.locator("table.import-changes")).to_be_visible()
        assert axe_violations(page) == []
    expect(page.get_by_role("button", name="Confirm import")).to_be_visible()
    page.context.close()
