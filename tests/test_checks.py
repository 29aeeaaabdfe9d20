"""
Content checks before publishing: each check on what it should and should not
find, the Checks panel of the change form and the message after publishing,
and the content health report over everything published, with its counts.
"""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from playwright.sync_api import expect

from editorial import health
from editorial.checks import NOTE, WARNING, Checker, Part, check, shouting
from editorial.models import HealthReport, Image, Page, PageSection, SlugRedirect
from editorial.readability import FORMULAS, band
from events.models import NewsItem
from people.models import Person, Team
from programmes.models import ExchangeOption
from tests import factories as make
from tests.checkers import axe_violations, html_problems
from tests.html import form_data, soup, squash
from tests.staff import as_user, change_url

pytestmark = pytest.mark.django_db

# Texts of more than 100 words, for the readability score.
EASY = (
    "We help you go abroad. You can learn at a school far from home. It is fun, and you meet "
    "new friends. Ask us how to start. "
) * 4
DIFFICULT = (
    "Our exchange programmes give medical students the chance to follow clinical rotations "
    "abroad. Students choose a destination with their coordinator. They apply before the "
    "international deadline. The partner university decides on admission. "
) * 4


def news(body="", **fields):
    """An unsaved news item: the checks read what a form holds, saved or not."""
    return NewsItem(title=fields.pop("title", "Exchange week"), body=body, **fields)


def image(alt_text="Students at the summer school in Leiden", **fields):
    file = fields.pop("file", "images/2026/12/IMG_2041.jpg")
    return Image(file=file, alt_text=alt_text, **fields)


def findings(obj, code=None, rows=()):
    return [
        finding
        for finding in check(obj, rows)
        if finding.severity == WARNING and code in (None, finding.code)
    ]


def codes(obj, rows=()):
    return [finding.code for finding in findings(obj, rows=rows)]


def words(count):
    """A sentence's words: "Word word word…", so that a full stop before it ends a sentence."""
    return " ".join(["Word", *["word"] * (count - 1)])


def test_a_clean_item_has_no_findings():
    item = news(
        "<h2>Dates</h2><p>The exchange week starts in May.</p><h3>Costs</h3>"
        '<p>See <a href="/people/">the people who help you</a> or '
        '<a href="https://www.example.org/apply">the application form</a>.</p>',
        summary="A week of exchange.",
        image=image(),
    )

    assert findings(item) == []


# Images


@pytest.mark.parametrize(
    ("alt_text", "decorative", "expected"),
    [
        ("", False, ["alt-missing"]),
        ("   ", False, ["alt-missing"]),
        ("", True, []),
        ("IMG_2041.jpg", True, []),  # decorative: its description is never read
        ("IMG_2041.jpg", False, ["alt-file-name"]),
        ("IMG_2041", False, ["alt-file-name"]),
        ("DSC_0013", False, ["alt-file-name"]),
        ("summer school.png", False, ["alt-file-name"]),
        ("Image of students in the library", False, ["alt-redundant"]),
        ("A photo showing the campus", False, ["alt-redundant"]),
        ("picture", False, ["alt-redundant"]),
        ("Image processing lab with two researchers", False, []),
        ("Photographer Ana Silva at work", False, []),
        ("x" * 251, False, ["alt-too-long"]),
        ("x" * 250, False, []),
        ("Students at the summer school in Leiden", False, []),
    ],
)
def test_images_need_a_real_description(alt_text, decorative, expected):
    item = news(image=image(alt_text, decorative=decorative))

    found = findings(item)

    assert [finding.code for finding in found] == expected
    assert all(finding.target == "id_image" and finding.label == "Image" for finding in found)


def test_a_file_name_as_description_says_which_image_and_what_to_do():
    (finding,) = findings(news(image=image("IMG_2041.jpg")))

    assert "“IMG_2041.jpg”, a file name" in finding.message
    assert "Describe what the image shows" in finding.message


def test_an_image_description_that_is_its_own_file_name_is_no_description():
    item = news(image=image("portrait-ellis", file="images/2026/12/portrait-ellis.jpg"))

    assert codes(item) == ["alt-file-name"]


# Headings


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<h2>A</h2><p>x</p><h3>B</h3><h4>C</h4><h2>D</h2><h3>E</h3>", []),
        ("<p>No headings at all.</p>", []),
        ("<h3>A</h3><p>x</p>", ["heading-start"]),
        ("<h4>A</h4><p>x</p><h3>B</h3>", ["heading-start"]),
        ("<h2>A</h2><h4>B</h4>", ["heading-skip"]),
        ("<h2>A</h2><h3>B</h3><h2>C</h2><h4>D</h4>", ["heading-skip"]),
        ("<h1>A</h1><p>x</p>", ["heading-start"]),  # the page's title is the only level 1
        ("<h2></h2><p>x</p>", ["heading-empty"]),
    ],
)
def test_headings_start_at_the_pages_level_and_skip_none(body, expected):
    assert codes(news(body)) == expected


def test_a_heading_finding_names_the_heading_and_the_level_to_use():
    (finding,) = findings(news("<h2>Dates</h2><h4>Costs</h4>"))

    assert finding.message == (
        "The heading “Costs” is at level 4 after a level-2 heading: it skips level 3. "
        "Make it a level-3 heading."
    )
    assert (finding.label, finding.target) == ("Text", "id_body")


def test_a_text_shown_under_a_section_heading_starts_one_level_lower():
    # "How to apply" is shown under the page's own level-2 heading of that name.
    below = ExchangeOption(title="An option", how_to_apply="<h2>Documents</h2><p>x</p>")
    right = ExchangeOption(title="An option", how_to_apply="<h3>Documents</h3><p>x</p>")
    (finding,) = findings(below)

    assert finding.code == "heading-start"
    assert "Make it a level-3 heading" in finding.message
    assert finding.target == "id_how_to_apply"
    assert findings(right) == []


def test_page_sections_are_checked_as_the_form_shows_them():
    page = Page(key="about", title="About")
    rows = [
        Part(PageSection(heading="Mission", body="<h3>Why</h3>"), "sections-0", "Section 1"),
        Part(
            PageSection(heading="VISION FOR THE FUTURE", body="<h2>How</h2>"),
            "sections-1",
            "Section 2",
        ),
    ]

    found = findings(page, rows=rows)

    assert [(finding.code, finding.label, finding.target) for finding in found] == [
        ("capitals", "Section 2: Heading", "id_sections-1-heading"),
        ("heading-start", "Section 2: Text", "id_sections-1-body"),
    ]


# Links


@pytest.mark.parametrize(
    "text", ["click here", "Click here!", "here", "Read more", "read more…", "more", "Lees meer"]
)
def test_links_that_say_nothing_of_where_they_lead(text):
    item = news(f'<p>For the form, <a href="https://example.org/form">{text}</a>.</p>')

    assert codes(item) == ["link-text"]


@pytest.mark.parametrize(
    "text", ["the application form", "Read more about housing", "Here and there"]
)
def test_links_that_say_where_they_lead(text):
    assert codes(news(f'<p><a href="https://example.org/form">{text}</a></p>')) == []


def test_links_without_words_or_an_address():
    item = news('<p><a href="https://example.org/form"> </a> and <a>the form</a></p>')

    found = findings(item)

    assert [finding.code for finding in found] == ["link-empty", "link-empty"]
    assert "https://example.org/form has no text" in found[0].message
    assert "“the form” has no address" in found[1].message


def test_links_to_http_addresses_in_the_text_and_in_address_fields():
    person = Person(
        name="Ana",
        bio='<p><a href="http://example.org/">Ana’s lab</a> and <a href="https://example.org/">'
        "her group</a></p>",
        website="http://ana.example.org/",
        linkedin="https://www.linkedin.com/in/ana",
    )

    found = findings(person)

    assert [(finding.code, finding.target) for finding in found] == [
        ("link-http", "id_bio"),
        ("link-http", "id_website"),
    ]
    assert "Use its https: address" in found[0].message


def test_links_to_the_sites_own_pages_that_no_longer_answer(settings):
    settings.SITE_URL = "https://global.example.org"
    live = make.news_item("published", title="Live news", slug="live-news")
    make.news_item("draft", title="Draft news", slug="draft-news")
    make.news_item("expired", title="Old news", slug="old-news")
    renamed = make.news_item("published", title="Renamed", slug="renamed")
    SlugRedirect.record(renamed, "first-name")
    gone = make.news_item("draft", slug="deleted-news")
    gone.delete()
    body = (
        '<p><a href="/news/live-news/">a</a> <a href="/news/live-news">b</a> '
        '<a href="https://global.example.org/news/live-news/?x=1#top">c</a> '
        '<a href="https://global.example.org/news/draft-news/">Draft, in full</a> '
        '<a href="/news/first-name/">d</a> <a href="/people/">e</a> <a href="#dates">f</a> '
        '<a href="https://other.example.org/news/draft-news/">g</a> '
        '<a href="mailto:global@example.org">h</a> <a href="/media/images/x.pdf">i</a> '
        '<a href="/news/draft-news/">Draft</a> <a href="/news/old-news/">Old</a> '
        '<a href="/news/deleted-news/">Deleted</a> <a href="/no-such-page/">Nowhere</a></p>'
    )

    found = findings(news(body))

    assert [finding.code for finding in found] == ["link-broken"] * 5
    messages = " ".join(finding.message for finding in found)
    assert "leads to “Draft news” (/news/draft-news/), which is not published" in messages
    assert "leads to “Old news” (/news/old-news/), which is not published" in messages
    assert "/news/deleted-news/, which is no page of the site" in messages
    assert "/no-such-page/, which is no page of the site" in messages
    assert live.is_published()


def test_links_to_the_sites_pages_are_looked_up_once_per_type_for_many_items():
    for number in range(20):
        make.news_item("published", slug=f"news-{number}")
        make.person("published", name=f"Person {number}", slug=f"person-{number}")

    def queries(count):
        checker = Checker()
        for number in range(count):
            checker.check(
                news(
                    f'<p><a href="/news/news-{number}/">news</a> '
                    f'<a href="/people/person-{number}/">person</a> '
                    f'<a href="/news/missing-{number}/">gone</a></p>'
                )
            )
        with CaptureQueriesContext(connection) as captured:
            checker.finish()
        return len(captured)

    assert queries(2) == queries(20)


# Words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("APPLY BEFORE 1 MARCH", ["APPLY BEFORE 1 MARCH"]),
        ("Note: DO NOT BE LATE, please.", ["DO NOT BE LATE,"]),
        ("LUMC and NWO fund the EU MSCA fellowship", []),
        ("Two words IN CAPITALS only", []),
        ("The LUMC Global team", []),
    ],
)
def test_runs_of_three_words_in_capitals_are_shouting(text, expected):
    assert shouting(text) == expected


def test_text_in_capitals_in_titles_and_in_rich_text():
    (title,) = findings(news(title="SUMMER SCHOOL IN LEIDEN"))
    (body,) = findings(news("<p>Please APPLY BEFORE FRIDAY and BRING YOUR PASSPORT.</p>"))

    assert (title.code, title.target) == ("capitals", "id_title")
    assert body.message.startswith(
        "“APPLY BEFORE FRIDAY” and 1 more passage are written in capitals"
    )
    assert findings(news(title="LUMC Global in Leiden")) == []


def test_very_long_sentences():
    long = news(f"<p>{words(31)}. {words(10)}.</p>")
    limit = news(f"<p>{words(30)}. {words(30)}.</p>")
    listed = news(f"<ul><li>{words(35)}</li></ul>")

    (finding,) = findings(long)

    assert finding.code == "long-sentence"
    assert finding.message.startswith("A sentence has 31 words")
    assert findings(limit) == []
    assert codes(listed) == ["long-sentence"]


def test_sentences_are_split_at_their_ends_not_at_abbreviations():
    text = f"{words(20)}, e.g. {words(20).lower()}. New sentence here."

    assert codes(news(f"<p>{text}</p>")) == ["long-sentence"]
    assert codes(news(f"<p>{words(20)}. Then {words(20)}.</p>")) == []


def test_a_line_break_ends_a_line_of_text_and_a_line_in_the_html_does_not():
    lines = f"<p>{words(20)}<br>{words(20)}</p>"
    source = f"<p>{words(20)}\n{words(20).lower()}</p>"

    assert codes(news(lines)) == []
    assert codes(news(source)) == ["long-sentence"]


def test_very_long_paragraphs():
    sentences = " ".join(f"{words(9)}." for _ in range(17))  # 170 words in short sentences
    short = " ".join(f"{words(9)}." for _ in range(15))  # 150

    assert "long-paragraph" in codes(news(f"<p>{sentences}</p>"))
    assert "long-paragraph" not in codes(news(f"<p>{short}</p><p>{short}</p>"))
    assert "long-paragraph" in codes(ExchangeOption(title="An option", housing=sentences))


# Readability


def test_flesch_reading_ease_follows_its_formula():
    english, dutch = FORMULAS["en"], FORMULAS["nl"]

    # One sentence of six one-syllable words: 206.835 - 1.015 * 6 - 84.6 * 1.
    assert english.score(["The cat sat on the mat."]) == 116
    # Douma: 206.835 - 0.93 * 6 - 77 * 1.
    assert dutch.score(["De kat zat op de mat."]) == 124
    assert english.syllables("collaboration") == 5
    assert dutch.syllables("ziekenhuis") == 3
    assert [band(score) for score in (95, 85, 75, 65, 55, 35, 10)] == [
        "very easy",
        "easy",
        "fairly easy",
        "plain",
        "fairly difficult",
        "difficult",
        "very difficult",
    ]


def test_a_difficult_text_warns_with_its_score_and_the_rule():
    (finding,) = findings(news(f"<p>{DIFFICULT}</p>"))

    assert finding.code == "readability"
    assert finding.message == (
        "Flesch reading ease 35: difficult; aim for 50 or more. Shorter sentences and shorter "
        "words help."
    )


def test_an_easy_text_gets_its_score_as_a_note_not_a_warning():
    found = check(news(f"<p>{EASY}</p>"))

    assert [(finding.code, finding.severity) for finding in found] == [("readability", NOTE)]
    assert found[0].message == "Flesch reading ease 115: very easy."


def test_short_texts_get_no_readability_score():
    short = " ".join(DIFFICULT.split()[:99])

    assert check(news(f"<p>{short}</p>")) == []


def test_readability_uses_the_formula_of_the_content_language():
    finding = Checker("nl").check(news(f"<p>{EASY}</p>"))[0]

    assert finding.message.startswith("Flesch–Douma")
    assert Checker("fr").check(news(f"<p>{EASY}</p>")) == []


# The change form


STORY_BODY = (
    "<h2>Dates</h2><p>The week starts in May.</p><h4>Costs</h4>"
    f'<p>{DIFFICULT}</p><p>For the form, <a href="https://example.org/form">click here</a>.</p>'
)


@pytest.fixture
def story(media_root):
    """A news item with four things to fix, as in the issue."""
    photo = make.image(alt_text="IMG_2041.jpg")
    return make.news_item("draft", title="Exchange week", image=photo, body=STORY_BODY)


def panel(response):
    section = soup(response).select_one("section#checks")
    return [
        (item.select_one("a")["href"], squash(item.get_text(" ")))
        for item in section.select("li.checks__finding")
    ]


def test_the_checks_panel_says_what_to_fix_before_publishing(story, publisher):
    response = as_user(publisher).get(change_url(story))

    found = panel(response)
    assert [href for href, _text in found] == ["#id_image", "#id_body", "#id_body", "#id_body"]
    text = " ".join(words for _href, words in found)
    assert "“IMG_2041.jpg”, a file name" in text
    assert "skips level 3" in text
    assert "A link says “click here”" in text
    assert "Flesch reading ease 41: difficult" in text
    page = soup(response)
    assert page.select_one("#checks h2").get_text() == "Checks"
    summary = page.select_one("#checks-summary")
    assert squash(summary.get_text()) == "4 checks warn — see Checks"
    assert summary.select_one("a")["href"] == "#checks"
    publish = page.select_one('button[name="_publish"]')
    assert publish["aria-describedby"] == "checks-summary"
    assert "206.835" in page.select_one("#checks .help").get_text()


def test_publishing_anyway_works_and_lists_the_warnings(story, publisher):
    client = as_user(publisher)
    data = form_data(client.get(change_url(story)))

    response = client.post(change_url(story), {**data, "_publish": "1"}, follow=True)

    story.refresh_from_db()
    assert story.is_published()
    messages = [squash(item.get_text()) for item in soup(response).select(".messagelist li")]
    assert messages[0] == "It is published: the public sees it as it is now."
    assert messages[1] == (
        "The checks warn about 4 things (see Checks on the form): Image: Images described by a "
        "file name; Text: Headings that skip a level; Text: Links that say “click here” or "
        "“read more”; Text: Texts that read as difficult."
    )


def test_an_item_added_and_published_at_once_gets_the_warnings_too(publisher):
    client = as_user(publisher)
    data = form_data(client.get("/admin/events/newsitem/add/"))
    data.update(
        title="NEW SUMMER SCHOOL OPENS",
        slug="",
        body="<p>Apply now.</p>",
        date=timezone.localdate().isoformat(),
    )

    response = client.post("/admin/events/newsitem/add/", {**data, "_publish": "1"}, follow=True)

    item = NewsItem.objects.get(title="NEW SUMMER SCHOOL OPENS")
    assert item.is_published()
    assert "Title: Text in capitals" in response.text


def test_publishing_from_the_list_names_the_items_the_checks_warn_about(publisher):
    shouting = make.news_item("draft", title="SUMMER SCHOOL IN LEIDEN")
    clean = make.news_item("draft", title="Exchange week")

    response = as_user(publisher).post(
        "/admin/events/newsitem/",
        {"action": "publish", "_selected_action": [shouting.pk, clean.pk]},
        follow=True,
    )

    assert NewsItem.objects.published().count() == 2
    (warning,) = soup(response).select(".messagelist .warning")
    assert squash(warning.get_text()) == (
        "The checks warn about 1 of them: “SUMMER SCHOOL IN LEIDEN”. Its form says what."
    )


def test_a_clean_item_says_no_problems_found(publisher):
    item = make.news_item("draft", title="Exchange week", body="<p>The week starts in May.</p>")

    response = as_user(publisher).get(change_url(item))

    assert soup(response).select_one("#checks .checks__none").get_text() == "No problems found."
    assert squash(soup(response).select_one("#checks-summary").get_text()) == (
        "Checks: no problems found."
    )
    response = as_user(publisher).post(
        change_url(item), {**form_data(response), "_publish": "1"}, follow=True
    )
    assert soup(response).select(".messagelist .warning") == []


def test_the_panel_checks_the_draft_changes_the_form_shows(editor, publisher):
    item = make.news_item("published", title="Exchange week", body="<p>The week starts in May.</p>")
    client = as_user(editor)
    data = form_data(client.get(change_url(item)))
    body = '<p>The week starts in May. <a href="https://example.org/">Read more</a></p>'
    client.post(change_url(item), {**data, "body": body, "_save_draft": "1"})

    response = as_user(publisher).get(change_url(item))

    assert "with draft changes" in response.text
    assert [text for _href, text in panel(response)] == [
        "Text : A link says “Read more”, which says nothing about where it leads to someone "
        "going from link to link with a screen reader. Make its words say where it leads, "
        "for example “the application form”."
    ]
    item.refresh_from_db()
    assert "Read more" not in item.body


def test_the_panel_checks_what_a_form_with_errors_holds(publisher):
    item = make.news_item("draft", title="Exchange week")
    client = as_user(publisher)
    data = form_data(client.get(change_url(item)))

    response = client.post(
        change_url(item), {**data, "title": "", "body": "<h3>Costs</h3>", "_save_draft": "1"}
    )

    assert response.status_code == 200
    assert [href for href, _text in panel(response)] == ["#id_body"]


def test_the_panel_links_page_sections_to_their_fields(publisher):
    page = Page.objects.get(key="about")
    PageSection.objects.create(page=page, heading="Mission", anchor="mission", body="<h2>Why</h2>")

    response = as_user(publisher).get(change_url(page))

    assert [href for href, _text in panel(response)] == ["#id_sections-0-body"]
    assert soup(response).select_one("#id_sections-0-body") is not None


# Content health


def test_the_health_report_counts_each_problem_over_published_content(media_root, publisher):
    file_name = make.image(alt_text="IMG_2041.jpg")
    make.news_item("published", title="One", image=file_name, body="<h3>Costs</h3>")
    make.news_item(
        "published",
        title="Two",
        image=file_name,
        body='<p><a href="https://a.example.org/">click here</a> '
        '<a href="https://b.example.org/">here</a></p>',
    )
    make.person("published", name="Ana", website="http://ana.example.org/")
    make.news_item("published", title="Clean", body="<h2>Dates</h2><p>In May.</p>")
    # Not read by the public: not counted.
    make.news_item("draft", title="DRAFT IN CAPITALS HERE", body="<h4>x</h4>")
    make.news_item("expired", title="EXPIRED IN CAPITALS HERE")
    make.news_item("scheduled", title="SCHEDULED IN CAPITALS HERE")
    page = Page.objects.get(key="about")
    PageSection.objects.create(page=page, heading="Mission", anchor="mission", body="<h2>Why</h2>")

    response = as_user(publisher).get("/admin/content-health/")

    assert response.status_code == 200
    report = HealthReport.objects.get()
    assert report.counts == {
        "alt-file-name": {"findings": 2, "items": 2},
        "heading-start": {"findings": 2, "items": 2},
        "link-text": {"findings": 2, "items": 1},
        "link-http": {"findings": 1, "items": 1},
    }
    assert report.items_checked == 4 + Page.objects.count() + Team.objects.count()
    rows = soup(response).select(".content-health__counts tbody tr")
    assert [squash(row.get_text(" ")) for row in rows] == [
        "Images described by a file name 2 2",
        "Headings at the wrong level for the page 2 2",
        "Links that say “click here” or “read more” 2 1",
        "Links to http: addresses 1 1",
    ]
    headings = soup(response).select("#heading-start tbody tr td:first-child a")
    assert sorted(link.get_text() for link in headings) == ["About", "One"]
    links = {link.get_text(): link["href"] for link in soup(response).select("tbody td a")}
    assert links["Ana"] == change_url(Person.objects.get(name="Ana"))


def test_the_dashboard_shows_the_last_reports_counts(publisher):
    client = as_user(publisher)
    block = soup(client.get("/admin/")).select_one("#block-health")
    assert "has not been checked yet" in block.get_text()

    make.person("published", name="Ana", website="http://ana.example.org/")
    make.person("published", name="Bo", website="http://bo.example.org/")
    health.run()
    block = soup(client.get("/admin/")).select_one("#block-health")

    assert block.select_one(".dashboard__count").get_text() == "(2)"
    item = block.select_one("li")
    assert item.select_one("a")["href"] == "/admin/content-health/#link-http"
    assert squash(item.get_text(" ")) == "Links to http: addresses 2 in 2 items"
    assert block.select_one("time")


def test_the_dashboard_reads_the_stored_report_whatever_the_amount_of_content(publisher):
    client = as_user(publisher)
    make.person("published", name="Ana", website="http://ana.example.org/")
    health.run()
    client.get("/admin/")
    with CaptureQueriesContext(connection) as small:
        client.get("/admin/")
    for number in range(40):
        make.person("published", name=f"P{number}", website=f"http://{number}.example.org/")
    health.run()
    with CaptureQueriesContext(connection) as large:
        client.get("/admin/")

    assert len(large) == len(small)
    block = soup(client.get("/admin/")).select_one("#block-health")
    assert block.select_one(".dashboard__count").get_text() == "(41)"


def test_the_report_costs_a_few_queries_per_type_however_many_items(publisher):
    def fill(start, count):
        for number in range(start, start + count):
            make.news_item(
                "published",
                slug=f"n-{number}",
                body=f'<p><a href="/news/n-{number}/">n</a> '
                f'<a href="/people/p-{number}/">p</a></p>',
            )
            make.person("published", name=f"P {number}", slug=f"p-{number}")

    fill(0, 3)
    health.run()
    with CaptureQueriesContext(connection) as small:
        health.run()
    fill(3, 30)
    with CaptureQueriesContext(connection) as large:
        health.run()

    assert len(large) == len(small)
    assert HealthReport.objects.get().counts == {}


def test_publishing_brings_the_stored_report_up_to_date(
    publisher, django_capture_on_commit_callbacks
):
    item = make.news_item(
        "draft", title="Exchange week", body="<p>Apply <a href='https://x.org'>here</a></p>"
    )
    client = as_user(publisher)
    data = form_data(client.get(change_url(item)))

    with django_capture_on_commit_callbacks(execute=True):
        client.post(change_url(item), {**data, "_publish": "1"})

    report = HealthReport.objects.get()
    assert report.counts == {"link-text": {"findings": 1, "items": 1}}
    checked_at = report.checked_at

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/events/newsitem/", {"action": "unpublish", "_selected_action": [item.pk]}
        )

    report = HealthReport.objects.get()
    assert report.checked_at > checked_at
    assert report.counts == {}


def test_a_run_asked_for_before_the_last_one_is_skipped():
    health.run()
    before = HealthReport.objects.get().checked_at

    health.check_content_health.call((before - timedelta(seconds=1)).isoformat())

    assert HealthReport.objects.get().checked_at == before


def test_the_report_is_for_staff_only(editor):
    assert Client().get("/admin/content-health/").status_code == 302
    assert as_user(editor).get("/admin/content-health/").status_code == 200


def test_the_screens_of_the_checks_are_valid_html(media_root, publisher):
    # People, whose form is valid HTML as Django makes it (a date field's hidden
    # initial value is not, which news items and events have).
    story = make.person(
        "draft",
        name="Ana Silva",
        photo=make.image(alt_text="IMG_2041.jpg"),
        bio=STORY_BODY,
        website="http://ana.example.org/",
    )
    make.news_item("published", title="Live", body=STORY_BODY, image=story.photo)
    client = as_user(publisher)
    health.run()
    documents = {
        "change form with checks": client.get(change_url(story)).text,
        "content health report": client.get("/admin/content-health/").text,
        "dashboard with content health": client.get("/admin/").text,
        "clean change form": client.get(change_url(make.person("draft"))).text,
    }

    assert html_problems(documents) == {}


# In a browser


def signed_in_page(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context()
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    return context.new_page()


@pytest.mark.browser
@pytest.mark.usefixtures("media_root")
def test_a_publisher_goes_from_a_check_to_its_field_and_publishes_anyway_by_keyboard(
    live_server, transactional_db, browser, publisher
):
    # Its first heading is at level 3 (not one that skips a level, which axe would also see
    # in the editor, among the form's own headings).
    story = make.person(
        "draft",
        name="Ana Silva",
        photo=make.image(alt_text="IMG_2041.jpg"),
        bio=STORY_BODY.replace("<h2>Dates</h2>", "").replace("h4>", "h3>"),
    )
    page = signed_in_page(browser, live_server, publisher)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(live_server.url + change_url(story))
    checks_panel = page.get_by_role("region", name="Checks")
    expect(checks_panel.get_by_role("listitem")).to_have_count(4)
    assert axe_violations(page) == []

    # The summary beside Publish describes the button, and leads to the panel.
    publish = page.get_by_role("button", name="Publish", exact=True)
    expect(publish).to_have_accessible_description("4 checks warn — see Checks")
    page.get_by_role("link", name="4 checks warn — see Checks").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#checks$"))

    # A finding's link puts the focus in the rich-text editor of its field.
    checks_panel.get_by_role("link", name="Biography").first.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("textbox", name="Biography:")).to_be_focused()
    checks_panel.get_by_role("link", name="Photo").focus()
    page.keyboard.press("Enter")
    chooser = page.locator(".field-photo").get_by_role("button", name="Choose another")
    expect(chooser).to_be_focused()

    publish.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".messagelist")).to_contain_text("It is published")
    expect(page.locator(".messagelist .warning")).to_contain_text("The checks warn about 4 things")
    assert axe_violations(page) == []
    assert errors == []
    page.context.close()


@pytest.mark.browser
@pytest.mark.usefixtures("media_root")
def test_the_content_health_screens_have_no_accessibility_violations(
    live_server, transactional_db, browser, editor
):
    make.person("published", name="Ana", photo=make.image(alt_text="IMG_2041.jpg"), bio=STORY_BODY)
    page = signed_in_page(browser, live_server, editor)

    page.goto(f"{live_server.url}/admin/content-health/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Content health")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Images described by a file name").first.click()
    expect(page).to_have_url(re.compile("#alt-file-name$"))

    page.goto(f"{live_server.url}/admin/")
    health_block = page.locator("#block-health")
    expect(health_block.get_by_role("link", name="Texts that read as difficult")).to_be_visible()
    assert axe_violations(page) == []
    health_block.get_by_role("link", name="Open the report (checks again)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Content health")
    page.context.close()
