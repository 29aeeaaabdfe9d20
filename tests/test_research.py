import json
import re

import pytest
import reversion
from django.conf import settings
from django.urls import reverse
from reversion.models import Version

from research.demo import ALLIANCES, CLUSTERS, GLOBAL_PHD_COUNTRIES, PROFILES, PROGRAMMES, THEMES
from research.models import (
    Alliance,
    KeyFigure,
    PartnerInstitution,
    Project,
    ResearchTheme,
)
from research.views import NAMED_PER_ALLIANCE, NAMED_PER_COUNTRY
from research.worldmap import world
from tests.factories import (
    alliance,
    image,
    in_state,
    key_figure,
    partner,
    person,
    profile,
    project,
    theme,
)
from tests.html import json_ld, soup, text

# The demo content: every fact of the seeds


@pytest.mark.usefixtures("demo_content")
def test_the_research_page_shows_themes_profiles_figures_and_phd_life(client):
    response = client.get("/research/")
    html = soup(response)

    themes = [h3.get_text(strip=True) for h3 in html.select("#themes-title ~ .cards h3")]
    assert themes == [title for title, _subtitle in THEMES]
    assert "Prevention & lifestyle" in html.select(".cards .card")[-1].get_text()
    profiles = [li.contents[0].strip() for li in html.select(".tag-list li")]
    assert profiles == PROFILES
    figures = html.select("#key-figures .figure")
    assert len(figures) == KeyFigure.objects.count() == 7
    assert "Shanghai Ranking (ARWU), 2014 and 2015" in figures[0].get_text()
    page = text(response)
    assert "Studying for a PhD or being a postdoc at the LUMC" in page
    assert "host institution for a large number of European Research Council (ERC)" in page
    for link in html.select(".cards a"):
        assert client.get(link["href"]).status_code == 200


@pytest.mark.usefixtures("demo_content")
def test_the_collaborations_page_has_alliances_leiden_university_and_partners(client):
    response = client.get("/research/collaborations/")
    html = soup(response)
    page = text(response)

    alliances = [h3.get_text(strip=True) for h3 in html.select(".alliance h3")]
    assert alliances == [
        f"{name} ({short})" if short else name for name, short, *_rest in ALLIANCES
    ]
    leru = html.find(id="alliance-league-of-european-research-universities")
    assert "21 renowned research universities based in 10 European countries" in leru.text
    assert (
        leru.find("a", string="Leiden University")["href"]
        == "/research/partners/leiden-university/"
    )
    eurolife = html.find(id="alliance-eurolife")
    assert "9 European universities" in eurolife.text
    assert eurolife.find("a", string="Universitat de Barcelona")
    leiden = html.find(id="leiden-university")
    items = [li.get_text(" ", strip=True) for li in leiden.select("li")]
    assert items[: len(CLUSTERS)] == CLUSTERS
    assert items[len(CLUSTERS) :] == [f"{title} (since 2020)" for title, _short in PROGRAMMES]
    assert "merged into LUMC in 1996" in page
    assert "Healthy neighbourhoods: Delft Global, Hogeschool Leiden and LUMC Global" in page
    assert "LEaDing Fellows" in page


@pytest.mark.usefixtures("demo_content")
def test_the_global_phd_page_lists_the_partner_countries(client):
    response = client.get("/research/global-phd/")
    html = soup(response)

    assert "As many as eight Global PhD projects have been initiated" in text(response)
    rows = [row["id"] for row in html.select("tbody tr")]
    assert sorted(rows) == sorted(f"country-{code.lower()}" for code, _name in GLOBAL_PHD_COUNTRIES)
    for row in html.select("tbody tr"):
        assert row.select("td a")  # each country lists its projects
    for code, _name in GLOBAL_PHD_COUNTRIES:
        assert html.select_one(f'svg a[href="#country-{code.lower()}"] path')


@pytest.mark.usefixtures("demo_content")
def test_a_project_page_has_its_facts_and_json_ld(client):
    response = client.get("/research/projects/leading-fellows/")

    assert "Marie Skłodowska-Curie grant agreement No 707404" in text(response)
    (data,) = json_ld(response, "ResearchProject")
    assert data["name"] == "LEaDing Fellows"
    assert data["url"] == f"{settings.SITE_URL}/research/projects/leading-fellows/"
    assert data["funder"][0]["name"] == "European Commission"
    assert data["funder"][0]["@type"] == "FundingAgency"


@pytest.mark.usefixtures("demo_content")
def test_a_partner_page_describes_the_institution_in_json_ld(client):
    response = client.get("/research/partners/universitat-de-barcelona/")

    (data,) = json_ld(response, "CollegeOrUniversity")
    assert data["name"] == "Universitat de Barcelona"
    assert data["address"] == {
        "@type": "PostalAddress",
        "addressCountry": "ES",
        "addressLocality": "Barcelona",
    }
    assert soup(response).find("a", string="Eurolife")
    crumbs = [a.get_text(strip=True) for a in soup(response).select("nav.breadcrumbs a")]
    assert crumbs == [
        "Home",
        "Research",
        "Collaborations and alliances",
        "Universitat de Barcelona",
    ]


@pytest.mark.usefixtures("demo_content")
def test_a_theme_page_shows_its_contacts_and_projects(client):
    lifecourse = ResearchTheme.objects.get(title="Lifecourse")
    contact = person(name="Theme Contact", role="Professor")
    hidden = person("draft", name="Draft Contact")
    lifecourse.contacts.set([contact, hidden])
    study = project(title="Lifecourse study")
    project("draft", title="Secret study").themes.add(lifecourse)
    study.themes.add(lifecourse)

    page = text(client.get(lifecourse.get_absolute_url()))

    assert "Prevention & lifestyle" in page
    assert "Theme Contact" in page
    assert "Professor" in page
    assert "Lifecourse study" in page
    assert "Draft Contact" not in page
    assert "Secret study" not in page


# The map


@pytest.mark.usefixtures("demo_content")
def test_every_partner_country_is_drawn_linked_and_listed(client):
    html = soup(client.get("/research/collaborations/"))

    countries = set(PartnerInstitution.objects.published().values_list("country", flat=True))
    assert len(countries) >= 7
    for code in countries:
        link = html.select_one(f'svg a[href="#country-{code.lower()}"]')
        assert link.path["d"] == world()["countries"][code][0]
        assert link.circle is not None
        assert link["aria-label"].endswith(("partner", "partners"))
        row = html.find(id=f"country-{code.lower()}")
        assert row.name == "tr"
        names = list(
            PartnerInstitution.objects.published()
            .filter(country=code)
            .order_by("name")
            .values_list("name", flat=True)
        )
        # The first few by name, and a link to all of them when there are more.
        listed = [a.get_text(strip=True) for a in row.select("li a")]
        assert listed == names[:NAMED_PER_COUNTRY]
        more = row.select_one("p a")
        if len(names) > NAMED_PER_COUNTRY:
            assert more["href"] == f"/research/partners/?country={code}"
            assert more.get_text(strip=True) == (
                f"All {len(names)} partners in {html.find(id=f'country-{code.lower()}').th.text}"
            )
            everyone = soup(client.get(more["href"]))
            assert [a.get_text() for a in everyone.select(".partner-list a")] == names
        else:
            assert more is None
    assert len(html.select("svg a")) == len(countries)
    assert html.select_one("svg image")["href"].endswith("research/world.svg")


@pytest.mark.django_db
def test_the_map_says_how_many_partners_a_country_has(client):
    partner(name="One", country="BR")
    partner(name="Two", country="BR")
    partner(name="Three", country="ID")

    html = soup(client.get("/research/collaborations/"))

    labels = [link["aria-label"] for link in html.select("svg a")]
    assert labels == ["Brazil: 2 partners", "Indonesia: 1 partner"]


def test_the_map_data_has_every_country_the_site_is_likely_to_need():
    shapes = world()["countries"]
    for code in [
        "NL",
        "BE",
        "DE",
        "SE",
        "ES",
        "GB",
        "US",
        "CN",
        "BR",
        "ID",
        "TZ",
        "ET",
        "SG",
        "LU",
    ]:
        path, x, y = shapes[code]
        assert path.startswith("M")
        assert 0 <= x <= world()["width"]
        assert 0 <= y <= world()["height"]


# Visibility: a draft partner or theme is absent everywhere


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["draft", "scheduled", "expired"])
def test_an_unpublished_partner_is_absent_everywhere(client, state):
    hidden = partner(state, name="Hidden University", country="JP")
    alliance(name="Network", members=[hidden])
    project(title="Shared project").partners.add(hidden)

    collaborations = client.get("/research/collaborations/").text
    assert "Hidden University" not in collaborations
    assert 'href="#country-jp"' not in collaborations
    assert "Hidden University" not in client.get("/research/projects/shared-project/").text
    assert "Hidden University" not in client.get("/research/global-phd/").text
    assert hidden.get_absolute_url() not in client.get("/sitemap-research-items.xml").text
    assert client.get(hidden.get_absolute_url()).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["draft", "scheduled", "expired"])
def test_an_unpublished_theme_is_absent_everywhere(client, state):
    hidden = theme(state, title="Hidden Theme")
    project(title="Themed project").themes.add(hidden)

    assert "Hidden Theme" not in client.get("/research/").text
    assert "Hidden Theme" not in client.get("/research/projects/themed-project/").text
    assert hidden.get_absolute_url() not in client.get("/sitemap-research-items.xml").text
    assert client.get(hidden.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_unpublished_alliances_profiles_figures_and_projects_are_absent(client):
    alliance("draft", name="Hidden Alliance")
    profile("draft", title="Hidden Profile")
    key_figure("draft", value="99", label="Hidden Figure")
    project("draft", title="Hidden Project", partner_countries=["KE"])

    pages = [client.get(path).text for path in ["/", "/research/", "/research/collaborations/",
                                                "/research/global-phd/"]]  # fmt: skip
    for hidden in [
        "Hidden Alliance",
        "Hidden Profile",
        "Hidden Figure",
        "Hidden Project",
        "#country-ke",
    ]:
        assert not any(hidden in page for page in pages), hidden


@pytest.mark.django_db
def test_staff_preview_a_draft_partner(client, editor):
    hidden = partner("draft", name="Draft Partner")
    client.force_login(editor)

    response = client.get(hidden.get_absolute_url())

    assert response.status_code == 200
    assert "Preview: not published" in response.text


# Query counts


def make_partners(count, start=0, logo=None):
    """`count` partners in alliances and projects; every third one has `logo`."""
    codes = ["NL", "BE", "DE", "SE", "ES", "BR", "ID", "TZ", "ET", "CN"]
    alliance = Alliance.objects.get_or_create(name="Network", defaults=in_state("published"))[0]
    for number in range(start, start + count):
        made = partner(
            name=f"Partner {number}",
            country=codes[number % len(codes)],
            logo=logo if number % 3 == 0 else None,
        )
        alliance.members.add(made)
        if number % 5 == 0:
            project(title=f"Project {number}", kind=Project.Kind.COLLABORATION).partners.add(made)


@pytest.mark.django_db
@pytest.mark.usefixtures("media_root")
def test_the_collaborations_page_costs_the_same_queries_for_10_or_500_partners(
    client, django_assert_num_queries
):
    logo = image(alt_text="Logo")
    make_partners(10, logo=logo)
    with django_assert_num_queries(10) as few:
        client.get("/research/collaborations/")
    make_partners(490, start=10, logo=logo)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get("/research/collaborations/")
    # Five partners a country are named, and every one is in the list, fifty a page.
    named = 10 * NAMED_PER_COUNTRY + NAMED_PER_ALLIANCE
    assert response.text.count('href="/research/partners/partner-') == named
    assert "All 500 members of Network" in response.text
    assert "All 50 partners in Sweden" in response.text
    with django_assert_num_queries(5):
        listed = client.get("/research/partners/?page=10")
    assert listed.text.count('href="/research/partners/partner-') == 50


@pytest.mark.django_db
@pytest.mark.usefixtures("media_root")
def test_detail_pages_cost_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    make_partners(50, logo=image(alt_text="Logo"))
    first = PartnerInstitution.objects.get(name="Partner 0")
    # The partner, its alliances and projects, the footer, and its events and news.
    with django_assert_max_num_queries(8):
        assert client.get(first.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get("/research/projects/project-0/").status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get("/research/global-phd/").status_code == 200


@pytest.mark.django_db
def test_the_global_phd_page_lists_each_project_under_each_of_its_countries(client):
    first = project(title="First", partner_countries=["BR"])
    first.partners.add(partner(name="Jakarta", country="ID"), partner("draft", country="KE"))
    project(title="Second", partner_countries=["BR"])

    html = soup(client.get("/research/global-phd/"))

    rows = {
        row["id"]: [a.get_text(strip=True) for a in row.select("td a")]
        for row in html.select("tbody tr")
    }
    assert rows == {"country-br": ["First", "Second"], "country-id": ["First"]}
    labels = [link["aria-label"] for link in html.select("svg a")]
    assert labels == ["Brazil: 2 Global PhD projects", "Indonesia: 1 Global PhD project"]


@pytest.mark.django_db
@pytest.mark.usefixtures("media_root")
def test_research_lists_cost_the_same_queries_for_few_or_many_items(
    client, django_assert_max_num_queries, django_assert_num_queries
):
    lifecourse = theme(title="Lifecourse", image=image(alt_text="Theme"))

    def add(start, count):
        for number in range(start, start + count):
            theme(title=f"Theme {number}")
            made = project(title=f"PhD {number}", partner_countries=["BR"])
            made.partners.add(partner(name=f"Partner {number}", country="ID"))
            made.themes.add(lifecourse)
            lifecourse.contacts.add(person(name=f"Person {number}"))

    add(0, 3)
    urls = ["/research/", "/research/global-phd/", lifecourse.get_absolute_url()]
    counts = {}
    for url in urls:
        with django_assert_max_num_queries(8) as few:
            assert client.get(url).status_code == 200
        counts[url] = len(few.captured_queries)
    add(3, 40)
    for url in urls:
        with django_assert_num_queries(counts[url]):
            assert client.get(url).status_code == 200


# The admin


@pytest.mark.usefixtures("demo_content")
@pytest.mark.parametrize(
    "model",
    ["researchtheme", "researchprofile", "partnerinstitution", "alliance", "scienceareacluster",
     "interdisciplinaryprogramme", "project", "keyfigure"],
)  # fmt: skip
def test_the_research_admin_screens_work(admin_client, model):
    changelist = reverse(f"admin:research_{model}_changelist")
    assert admin_client.get(changelist).status_code == 200
    assert admin_client.get(changelist, {"q": "a"}).status_code == 200
    assert admin_client.get(reverse(f"admin:research_{model}_add")).status_code == 200
    first = admin_client.get(changelist).context["cl"].result_list[0]
    assert (
        admin_client.get(reverse(f"admin:research_{model}_change", args=[first.pk])).status_code
        == 200
    )


@pytest.mark.django_db
def test_a_key_figure_saved_while_it_had_an_address_still_restores(admin_client):
    with reversion.create_revision():
        figure = key_figure(value="6th", label="Ranking")
    version = Version.objects.get_for_object(figure).get()
    # Versions saved before key figures lost their own address hold its fields.
    data = json.loads(version.serialized_data)
    data[0]["fields"] |= {"slug": "ranking", "preview_key": 0}
    version.serialized_data = json.dumps(data)
    version.save()
    KeyFigure.objects.filter(pk=figure.pk).update(value="7th")

    url = reverse("admin:research_keyfigure_revision", args=[figure.pk, version.pk])
    response = admin_client.get(url)

    assert response.status_code == 200
    assert response.context["adminform"].form["value"].value() == "6th"


@pytest.mark.usefixtures("demo_content")
def test_partners_are_filtered_by_kind_and_country_in_the_admin(admin_client):
    changelist = reverse("admin:research_partnerinstitution_changelist")

    funders = admin_client.get(changelist, {"kind": "funder"}).context["cl"].result_list
    swedish = admin_client.get(changelist, {"country": "SE"}).context["cl"].result_list

    assert {p.name for p in funders} == {
        "China Scholarship Council", "European Research Council", "European Commission",
    }  # fmt: skip
    assert [p.name for p in swedish] == ["Karolinska Institutet"]


@pytest.mark.usefixtures("demo_content")
def test_editors_and_publishers_have_roles_on_research_content(db):
    from django.contrib.auth.models import Group

    editor = set(Group.objects.get(name="Editor").permissions.values_list("codename", flat=True))
    publisher = set(
        Group.objects.get(name="Publisher").permissions.values_list("codename", flat=True)
    )

    for model in ["researchtheme", "partnerinstitution", "alliance", "project", "keyfigure"]:
        assert f"change_{model}" in editor
        assert f"publish_{model}" not in editor
        assert f"publish_{model}" in publisher


# The list of partner institutions


@pytest.mark.django_db
def test_the_partner_list_pages_and_filters_by_country_kind_alliance_and_name(client):
    make_partners(120)
    partner(name="Karolinska Institutet", city="Stockholm", country="SE")
    partner("draft", name="Draft University", country="SE")
    network = Alliance.objects.get(name="Network")

    first = soup(client.get("/research/partners/"))
    last = soup(client.get("/research/partners/?page=3"))
    swedish = soup(client.get("/research/partners/?country=SE"))
    by_name = soup(client.get("/research/partners/?q=karol+stock"))
    members = soup(client.get(f"/research/partners/?alliance={network.slug}&country=NL"))

    def names(page):
        return [a.get_text() for a in page.select(".partner-list a")]

    assert len(names(first)) == 50
    assert names(first) == sorted(names(first))
    assert len(names(last)) == 21
    assert "121 partner institutions" in first.select_one(".lead").get_text()
    assert names(swedish)[0] == "Karolinska Institutet"
    assert "Draft University" not in names(swedish)
    assert len(names(swedish)) == 13
    assert names(by_name) == ["Karolinska Institutet"]
    assert len(names(members)) == 12
    country_choices = [o["value"] for o in first.select("#id_country option") if o["value"]]
    assert country_choices[:2] == ["BE", "BR"]  # by name: Belgium, Brazil, ...


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["?country=XX", "?kind=pony", "?alliance=nothing", "?page=999", "?q=%00", "?page=x"]
)
def test_the_partner_list_ignores_what_it_does_not_know(client, query):
    partner(name="Leiden partner")

    response = client.get("/research/partners/" + query)

    assert response.status_code == 200


@pytest.mark.django_db
def test_project_pages_show_the_first_projects_and_link_to_the_list_of_all(client):
    for number in range(30):
        project(title=f"PhD {number:02}", kind=Project.Kind.GLOBAL_PHD, partner_countries=["BR"])
    for number in range(15):
        project(title=f"Joint {number:02}", kind=Project.Kind.COLLABORATION)
    project("draft", title="Secret PhD", kind=Project.Kind.GLOBAL_PHD)

    phd = soup(client.get("/research/global-phd/"))
    joint = soup(client.get("/research/collaborations/"))

    assert len(phd.select("ul.cards > li.card")) == 12
    link = phd.find("a", string=re.compile("All 30 Global PhD projects"))
    assert link["href"] == "/research/projects/?kind=global-phd"
    brazil = phd.find(id="country-br")
    assert len(brazil.select("td a")) == 5
    assert "and 25 more" in brazil.get_text()
    assert len(joint.select("#projects li.card")) == 12
    assert joint.find("a", string=re.compile("All 15 joint projects"))["href"] == (
        "/research/projects/?kind=collaboration&kind=fellowship"
    )
    first = soup(client.get(link["href"]))
    second = soup(client.get(link["href"] + "&page=2"))
    titles = [a.get_text() for page in (first, second) for a in page.select(".project-list h3 a")]
    assert sorted(titles) == [f"PhD {number:02}" for number in range(30)]
    assert "Secret PhD" not in client.get("/research/projects/?q=secret").text
    assert client.get("/research/projects/?kind=pony&page=x").status_code == 200
