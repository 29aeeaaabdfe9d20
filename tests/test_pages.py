from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.utils import timezone

from editorial.models import Page, PageSection
from events.models import Event, NewsItem
from lumcglobal.demo import LUMC_PROFILE, MISSION_AND_VISION
from research.models import KeyFigure
from tests.factories import event, key_figure, news_item
from tests.html import json_ld, soup, text
from tests.pages import PUBLIC_PAGES

pytestmark = pytest.mark.usefixtures("demo_content")


def paragraphs(words):
    return [" ".join(paragraph.split()) for paragraph in words.split("\n\n")]


@pytest.mark.parametrize(("path", "heading"), PUBLIC_PAGES.items())
def test_every_page_answers_with_its_heading_and_metadata(client, path, heading):
    response = client.get(path)

    assert response.status_code == 200
    html = soup(response)
    assert html.html["lang"] == "en"
    assert html.h1.get_text(strip=True) == heading
    assert len(html.find_all("main")) == 1
    assert "LUMC Global" in html.title.string
    # Filters and lists in the query string are views of one page.
    page_url = settings.SITE_URL + urlsplit(path).path
    assert html.find("link", rel="canonical")["href"] == page_url
    assert html.find("meta", property="og:url")["content"] == page_url
    assert html.find("meta", property="og:image")["content"].startswith(settings.SITE_URL)
    assert html.find("meta", attrs={"name": "description"})["content"]
    assert html.find("a", class_="skip-link")["href"] == "#main"


@pytest.mark.parametrize("path", [path for path in PUBLIC_PAGES if path != "/"])
def test_pages_below_home_have_breadcrumbs_in_html_and_json_ld(client, path):
    response = client.get(path)

    crumbs = soup(response).select("nav.breadcrumbs li a")
    assert crumbs[0]["href"] == "/"
    assert crumbs[-1]["href"] == urlsplit(path).path
    assert crumbs[-1]["aria-current"] == "page"
    (trail,) = json_ld(response, "BreadcrumbList")
    items = trail["itemListElement"]
    assert [item["position"] for item in items] == list(range(1, len(crumbs) + 1))
    assert [item["item"] for item in items] == [settings.SITE_URL + a["href"] for a in crumbs]


def test_navigation_links_only_to_pages_that_exist(client):
    nav = soup(client.get("/")).select("nav.site-nav a")

    assert [a.get_text(strip=True) for a in nav] == [
        "Programmes and exchange",
        "Events",
        "News",
        "Research",
        "People",
        "About",
        "Contact",
        "Search",
    ]
    for link in nav:
        assert client.get(link["href"]).status_code == 200


def test_navigation_marks_the_current_section(client):
    nav = soup(client.get("/about/")).select("nav.site-nav a")

    assert [a.get_text(strip=True) for a in nav if a.get("aria-current")] == ["About"]


def test_home_shows_mission_vision_study_abroad_and_key_figures(client):
    response = client.get("/")
    page = text(response)

    for paragraph in paragraphs(MISSION_AND_VISION):
        assert paragraph in page
    assert "Mission & Vision" in page
    assert "Studying abroad" in page
    figures = soup(response).select(".figure")
    assert len(figures) == KeyFigure.objects.count() == 7
    ranking = figures[0].get_text(" ", strip=True)
    assert "6th" in ranking
    assert "Shanghai Ranking (ARWU), 2014 and 2015" in ranking


def test_home_leads_students_to_the_exchange_finder(client):
    html = soup(client.get("/"))

    assert html.find("a", string="Find an exchange option")["href"] == "/exchange/"
    assert html.find("a", string="Ask about studying abroad") is None


def test_home_has_graceful_empty_events_and_news(client):
    NewsItem.objects.all().delete()
    Event.objects.all().delete()
    html = soup(client.get("/"))

    assert "No events are planned right now" in html.select_one("#upcoming-events").parent.text
    assert "There is no news yet" in html.select_one("#latest-news").parent.text


def test_home_describes_the_organisation_in_json_ld(client):
    (organisation,) = json_ld(client.get("/"), "Organization")

    assert organisation["name"] == "LUMC Global"
    assert organisation["url"] == settings.SITE_URL + "/"
    assert organisation["parentOrganization"]["name"] == "Leiden University Medical Center"
    assert organisation["address"]["addressLocality"] == "Leiden"
    assert (
        "https://www.linkedin.com/company/leiden-university-medical-center/"
        in organisation["sameAs"]
    )


def test_about_has_platform_mission_science_city_and_lumc_profile(client):
    response = client.get("/about/")
    html = soup(response)
    page = text(response)

    headings = [h2.get_text(strip=True) for h2 in html.select("main section h2")]
    assert headings == [
        "The platform",
        "Mission & Vision",
        "Leiden Science City, Leiden Bio Science Park and Medical Delta",
        "About Leiden University Medical Center (LUMC)",
    ]
    for paragraph in paragraphs(LUMC_PROFILE):
        assert paragraph in page
    for link in html.select("nav.toc a"):
        assert html.find(id=link["href"].removeprefix("#")) is not None


def test_editors_changes_to_page_text_show_on_the_site(client):
    section = PageSection.objects.get(page__key="about", anchor="the-platform")
    section.body = (
        "<p>First paragraph.</p><p>Second paragraph, <strong>bold</strong>"
        '<script>alert(1)</script><a href="javascript:alert(1)">link</a>.</p>'
    )
    section.save()

    html = soup(client.get("/about/"))

    platform = html.find(id="the-platform")
    assert [p.get_text() for p in platform.find_all("p")] == [
        "First paragraph.",
        "Second paragraph, boldlink.",
    ]
    assert platform.strong.get_text() == "bold"
    assert platform.find("script") is None
    assert "javascript:" not in str(platform)


def test_footer_has_contact_newsletter_and_social_links(client):
    footer = soup(client.get("/about/")).find("footer")

    assert "Albinusdreef 2" in footer.address.text
    assert footer.find("a", string="Send us a message")["href"] == "/contact/"
    form = footer.find("form")
    assert form["action"] == "/newsletter/"
    assert form["method"] == "get"
    assert form.find("input", type="email")["name"] == "email"
    assert [a.get_text() for a in footer.select("a[rel=me]")] == ["LinkedIn", "X (Twitter)"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/about/", "/contact/", "/newsletter/"])
def test_pages_render_before_any_content_is_loaded(client, path):
    Page.objects.all().delete()
    KeyFigure.objects.all().delete()

    response = client.get(path)

    assert response.status_code == 200
    assert soup(response).h1.get_text(strip=True)


def test_the_home_page_costs_the_same_queries_however_much_content(
    client, django_assert_num_queries
):
    with django_assert_num_queries(6) as few:
        client.get("/")
    soon = timezone.now() + timedelta(days=2)
    for number in range(50):
        key_figure(value=str(number), label=f"figure {number}")
        event(title=f"Event {number}", kind="webinar", start=soon, end=soon + timedelta(hours=1))
        news_item(title=f"News {number}")
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get("/")
    assert response.text.count('class="figure"') == KeyFigure.objects.count()
    assert response.text.count('class="event-card"') == 3
    assert response.text.count('class="news-card"') == 3
