import re

import pytest
from django.conf import settings
from django.urls import reverse

from people.demo import PEOPLE
from people.models import Person
from people.views import PER_PAGE, SHOWN_PER_TEAM
from tests.factories import image, person, team
from tests.html import json_ld, soup, text


@pytest.mark.usefixtures("demo_content")
def test_the_team_page_shows_the_whole_team_with_their_quotes(client):
    html = soup(client.get("/people/"))

    (team,) = html.select("section.team")
    assert team.h2.get_text(strip=True) == "LUMC Global team"
    cards = team.select(".person-card")
    assert [card.h3.get_text(strip=True) for card in cards] == [name for name, *_ in PEOPLE]
    quotes = {card.h3.get_text(strip=True): card.blockquote for card in cards}
    for name, quote, _topics in PEOPLE:
        if quote:
            assert quotes[name].get_text(strip=True) == f"“{quote}”"
        else:
            assert quotes[name] is None
    assert quotes["Maria Yazdanbakhsh"].get_text(strip=True) == "“Science has no borders”"


@pytest.mark.django_db
def test_people_are_grouped_by_team_in_order(client):
    office = team(name="International Office", position=2)
    core = team(name="Core team", position=1)
    team(name="Empty team", position=3)
    drafts = team(name="Drafts only", position=4)
    person("draft", name="Draft", team=drafts)
    person("expired", name="Gone", team=drafts)
    person(name="Bea", team=office, position=2)
    person(name="Al", team=office, position=1)
    person(name="Cas", team=core)
    person("draft", name="Hidden", team=office)

    html = soup(client.get("/people/"))

    groups = {
        section.h2.get_text(strip=True): [h3.get_text(strip=True) for h3 in section.select("h3")]
        for section in html.select("section.team")
    }
    assert groups == {"Core team": ["Cas"], "International Office": ["Al", "Bea"]}
    assert list(groups) == ["Core team", "International Office"]


@pytest.mark.django_db
def test_someone_without_a_photo_gets_initials_not_a_picture(client):
    person(name="Sem Teeken")

    html = soup(client.get("/people/"))

    avatar = html.select_one(".person-card .portrait--initials")
    assert avatar.get_text(strip=True) == "ST"
    assert avatar["aria-hidden"] == "true"
    assert html.select_one(".person-card img") is None


@pytest.mark.parametrize(
    ("name", "initials"),
    [
        ("Maria Yazdanbakhsh", "MY"),
        ("Pieter de Koning", "PK"),
        ("Cher", "C"),
        ("jan van dam", "JD"),
    ],
)
def test_initials(name, initials):
    assert Person(name=name).initials == initials


@pytest.fixture
def photo(media_root):
    return image(alt_text="Ada smiling")


@pytest.mark.django_db
def test_a_photo_is_shown_as_responsive_renditions(client, photo):
    item = person(name="Ada Lovelace", photo=photo)

    for url in ["/people/", item.get_absolute_url()]:
        picture = soup(client.get(url)).select_one("picture")
        assert [source["type"] for source in picture.select("source")] == [
            "image/avif",
            "image/webp",
        ]
        img = picture.img
        assert img["class"] == ["portrait"]
        assert img["alt"] == "Ada smiling"
        assert img["width"] == img["height"]  # the square crop
        assert "160w" in img["srcset"]
        assert img["sizes"]


@pytest.mark.django_db
def test_the_profile_page_shows_everything_about_the_person(client):
    item = person(
        name="Ellis Nieveen",
        role="Policy advisor",
        quote="Internationalisation is an essential building block",
        bio="<h2>Work</h2><p>Partnerships in <strong>Asia</strong>.</p>",
        email="e.nieveen@example.org",
        languages="Dutch, English",
        topics="Partnerships, Erasmus+",
        regions="Asia, Europe",
        orcid="0000-0002-1825-0097",
        linkedin="https://www.linkedin.com/in/example",
        website="https://example.org",
    )

    response = client.get(item.get_absolute_url())
    html = soup(response)
    page = text(response)

    assert html.h1.get_text(strip=True) == "Ellis Nieveen"
    assert "Policy advisor" in page
    assert "“Internationalisation is an essential building block”" in page
    assert html.select_one(".prose h2").get_text() == "Work"
    assert html.select_one(".prose strong").get_text() == "Asia"
    assert html.find("a", href="mailto:e.nieveen@example.org")
    assert "Dutch, English" in page
    assert "Partnerships, Erasmus+" in page
    assert "Asia, Europe" in page
    assert html.find("a", href="https://orcid.org/0000-0002-1825-0097")
    assert html.find("a", href="https://www.linkedin.com/in/example")
    crumbs = [a.get_text(strip=True) for a in html.select("nav.breadcrumbs a")]
    assert crumbs == ["Home", "People", "Ellis Nieveen"]


@pytest.mark.django_db
def test_the_profile_page_describes_the_person_in_json_ld(client):
    item = person(
        name="Pieter de Koning",
        role="Director",
        languages="Dutch, English",
        orcid="0000-0002-1825-0097",
    )

    [data] = json_ld(client.get(item.get_absolute_url()), "Person")

    assert data["name"] == "Pieter de Koning"
    assert data["jobTitle"] == "Director"
    assert data["url"] == settings.SITE_URL + item.get_absolute_url()
    assert data["knowsLanguage"] == ["Dutch", "English"]
    assert data["sameAs"] == ["https://orcid.org/0000-0002-1825-0097"]
    assert data["worksFor"]["name"].startswith("LUMC Global")
    [trail] = json_ld(client.get(item.get_absolute_url()), "BreadcrumbList")
    assert [entry["name"] for entry in trail["itemListElement"]] == [
        "Home",
        "People",
        "Pieter de Koning",
    ]


@pytest.mark.django_db
def test_an_unknown_person_is_a_404(client):
    assert client.get("/people/nobody/").status_code == 404
    assert client.get("/people/" + "x" * 500 + "/").status_code == 404


@pytest.mark.django_db
def test_the_team_page_costs_the_same_queries_for_10_or_300_people(
    client, django_assert_num_queries
):
    office = team(name="International Office")
    for number in range(10):
        person(name=f"Person {number}", team=office)
    with django_assert_num_queries(3) as few:
        assert client.get("/people/").status_code == 200
    for number in range(10, 300):
        person(name=f"Person {number}", team=office)
    with django_assert_num_queries(3):
        response = client.get("/people/")
    assert len(few.captured_queries) == 3
    # The first of a team, and a link to the team's own list of all of them, by page.
    assert response.text.count('class="person-card"') == SHOWN_PER_TEAM
    link = soup(response).find("a", string=re.compile("All 300 people of International Office"))
    assert link["href"] == f"/people/?team={office.pk}"
    pages = [client.get(f"/people/?team={office.pk}&page={number}") for number in (1, 7)]
    assert [page.text.count('class="person-card"') for page in pages] == [PER_PAGE, 300 - 6 * 48]
    assert soup(pages[0]).h1.get_text() == "International Office"


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["?team=999", "?team=x", "?team=", "?page=-1"])
def test_an_unknown_team_shows_every_team(client, query):
    person(name="Ada Lovelace", team=team(name="International Office"))

    response = client.get("/people/" + query)

    assert response.status_code == 200
    assert soup(response).h1.get_text() == "People"
    assert "Ada Lovelace" in response.text


@pytest.mark.django_db
def test_invalid_orcid_is_explained_in_the_admin(admin_client):
    office = team(name="International Office")

    response = admin_client.post(
        reverse("admin:people_person_add"),
        {"name": "X", "team": office.pk, "position": 0, "status": "draft", "orcid": "1234"},
    )

    assert "Enter an ORCID iD like 0000-0002-1825-0097." in response.text


@pytest.mark.usefixtures("demo_content")
def test_the_people_admin_screens_work(admin_client):
    for url in [
        reverse("admin:people_person_changelist"),
        reverse("admin:people_person_changelist") + "?q=Kruisheer",
        reverse("admin:people_person_add"),
        reverse("admin:people_person_change", args=[Person.objects.first().pk]),
        reverse("admin:people_person_history", args=[Person.objects.first().pk]),
        reverse("admin:people_person_recoverlist"),
        reverse("admin:people_team_changelist"),
        reverse("admin:people_team_add"),
        reverse("admin:editorial_image_changelist"),
        reverse("admin:editorial_image_add"),
    ]:
        assert admin_client.get(url).status_code == 200, url
