"""The editor tools in Chromium, with the keyboard only: pickers and the live preview."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from events.models import Event, NewsItem
from tests import factories as make
from tests.checkers import axe_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def editor_window(browser, site, editor):
    """A window signed in to the admin as an editor, that records script errors and CSP reports."""
    client = Client()
    client.force_login(editor)
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site}]
    )
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    page.on(
        "console",
        lambda message: message.type == "error" and page.problems.append(message.text),
    )
    yield page
    context.close()


def test_an_editor_links_people_and_a_country_by_typing_a_few_letters(site, editor_window):
    page = editor_window
    ada = make.person(name="Ada Lovelace")
    grace = make.person(name="Grace Hopper")
    for number in range(30):
        make.person(name=f"Ada Colleague {number:02}", slug=f"ada-{number}")
    news = make.news_item("draft", title="Partners met")
    news.people.add(grace)
    page.goto(f"{site}/admin/events/newsitem/{news.pk}/change/")

    people = page.get_by_role("combobox", name="Add a person")
    people.focus()
    page.keyboard.type("lovel")
    suggestions = page.get_by_role("listbox", name="Suggestions")
    expect(suggestions.get_by_role("option", name="Ada Lovelace")).to_be_visible()
    expect(people).to_have_attribute("aria-expanded", "true")
    assert axe_violations(page) == []
    page.keyboard.press("ArrowDown")
    expect(people).to_have_attribute("aria-activedescendant", "id_people_listbox_0")
    page.keyboard.press("Enter")
    expect(page.get_by_role("checkbox", name="Ada Lovelace")).to_be_checked()
    expect(page.locator(".field-people .picker__status")).to_have_text("Ada Lovelace is added.")
    expect(people).to_have_value("")

    # More than a page of suggestions: the last option asks for the next page.
    people.focus()
    page.keyboard.type("ada col")
    expect(suggestions.get_by_role("option")).to_have_count(21)
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    expect(suggestions.get_by_role("option", name="Ada Colleague 29")).to_be_attached()
    page.keyboard.press("Escape")
    expect(people).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Escape")
    expect(people).to_have_value("")

    # Removing is unticking, by the keyboard as well.
    page.get_by_role("checkbox", name="Grace Hopper").focus()
    page.keyboard.press("Space")
    expect(page.get_by_role("checkbox", name="Grace Hopper")).not_to_be_checked()

    page.get_by_role("button", name="Save draft", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.locator(".messagelist")).to_contain_text("saved")
    assert list(NewsItem.objects.get(pk=news.pk).people.all()) == [ada]
    assert axe_violations(page) == []

    event = make.event("draft")
    page.goto(f"{site}/admin/events/event/{event.pk}/change/")
    country = page.get_by_role("combobox", name="Add a country")
    country.focus()
    page.keyboard.type("swed")
    expect(page.get_by_role("option", name="Sweden")).to_be_visible()
    page.keyboard.press("Enter")  # the only suggestion
    expect(page.get_by_role("checkbox", name="Sweden")).to_be_checked()
    page.get_by_role("button", name="Save draft", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.locator(".messagelist")).to_contain_text("saved")
    assert Event.objects.get(pk=event.pk).country.code == "SE"
    assert page.problems == []


def test_the_live_preview_follows_what_the_editor_types(site, editor_window):
    page = editor_window
    event = make.event(title="Symposium on exchange", summary="Live summary")
    page.goto(f"{site}/admin/events/event/{event.pk}/change/")

    toggle = page.get_by_role("button", name="Live preview")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    frame = page.frame_locator('iframe[name="live-preview-frame"]')
    expect(frame.locator("h1")).to_have_text("Symposium on exchange")
    expect(frame.locator(".preview-banner")).to_contain_text("not saved")

    page.get_by_label("Title:", exact=True).focus()
    page.keyboard.press("End")
    page.keyboard.type(" in Zanzibar")
    expect(frame.locator("h1")).to_have_text("Symposium on exchange in Zanzibar")
    expect(page.get_by_role("status").filter(has_text="The preview shows")).to_be_attached()

    phone = page.get_by_role("radio", name="Phone")
    phone.focus()
    page.keyboard.press("Space")
    width = page.locator('iframe[name="live-preview-frame"]').evaluate("frame => frame.clientWidth")
    assert width == 375
    assert axe_violations(page) == []

    page.get_by_role("button", name="Close the preview").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#live-preview")).to_be_hidden()
    expect(toggle).to_be_focused()
    assert Event.objects.get(pk=event.pk).title == "Symposium on exchange"
    assert page.problems == []
