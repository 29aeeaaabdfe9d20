"""Site search: every published content type, every word, ranked, never an error."""

import pytest

from lumcglobal.search import KINDS
from tests.factories import FOR_MODEL
from tests.html import soup

pytestmark = pytest.mark.django_db


def make(kind, state="published", **fields):
    """A `kind` item in `state`, made by the factory of its model, with words only in `fields`."""
    return FOR_MODEL[kind.model](state, **fields)


def title_field(kind):
    return next(iter(kind.fields))


def results(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    html = soup(response)
    return [a["href"] for a in html.select(".search-results h3 a")], html


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.key)
def test_each_kind_is_found_by_a_word_of_its_title(client, kind):
    item = make(kind, **{title_field(kind): "Zanzibar exchange"})

    found, html = results(client, q="zanzibar")

    assert found == [item.get_absolute_url()]
    assert html.select_one(".search-results .eyebrow").get_text() == kind.name.capitalize()


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.key)
@pytest.mark.parametrize("state", ["draft", "scheduled", "expired"])
def test_unpublished_items_are_never_found(client, kind, state):
    make(kind, state, **{title_field(kind): "Zanzibar exchange"})

    found, html = results(client, q="zanzibar")

    assert found == []
    assert "0 results for “zanzibar”" in html.h2.get_text()


def test_words_in_summaries_and_texts_count_but_titles_rank_first(client):
    news, theme = KINDS[-1], KINDS[1]
    in_text = make(news, title="A visit", body="<p>We went to <strong>Zanzibar</strong>.</p>")
    in_summary = make(theme, title="Global health", summary="Work in Zanzibar and Leiden.")
    in_title = make(news, title="Zanzibar partnership", body="<p>Signed.</p>")

    found, _html = results(client, q="Zanzibar")

    assert found[0] == in_title.get_absolute_url()
    assert set(found) == {
        in_text.get_absolute_url(),
        in_summary.get_absolute_url(),
        in_title.get_absolute_url(),
    }


def test_every_word_must_match_and_a_word_may_be_unfinished(client):
    news = KINDS[-1]
    both = make(news, title="Zanzibar summer school")
    make(news, title="Zanzibar partnership")
    make(news, title="Leiden summer school")

    assert results(client, q="zanzibar summer")[0] == [both.get_absolute_url()]
    assert results(client, q="zanzi summ")[0] == [both.get_absolute_url()]


def test_results_are_narrowed_by_kind_with_counts(client):
    news, events = KINDS[-1], KINDS[-2]
    item = make(news, title="Zanzibar partnership")
    make(events, title="Zanzibar symposium")

    _found, html = results(client, q="zanzibar")
    chips = [a.get_text() for a in html.select(".chips a")]
    assert chips == ["All (2)", "Events (1)", "News (1)"]

    found, html = results(client, q="zanzibar", type="news")
    assert found == [item.get_absolute_url()]
    assert html.select_one(".chips a[aria-current=page]").get_text() == "News (1)"
    assert results(client, q="zanzibar", type="nonsense")[0] != []


@pytest.mark.parametrize(
    "query",
    [
        "a & b | !c",
        "'",
        "%",
        "_",
        "\\",
        "zanzibar:* & !",
        "(zanzibar",
        "<script>alert(1)</script>",
        "Zürich ünïcode",
        "nul\x00byte",
        "word " * 2000,
    ],
)
def test_any_query_gives_a_normal_page(client, query):
    make(KINDS[-1], title="Zanzibar partnership")

    _found, html = results(client, q=query)

    assert html.select_one("#search-q")["value"] == query.strip()[:200]
    assert "<script>alert" not in str(html.select_one("main"))


@pytest.mark.parametrize("number", ["2", "999", "abc", "-1"])
def test_pages_past_the_end_or_nonsense_show_a_page_of_results(client, number):
    news = KINDS[-1]
    for index in range(25):
        make(news, title=f"Zanzibar note {index}")

    found, _html = results(client, q="zanzibar", page=number)

    assert len(found) == (5 if number in {"2", "999", "-1"} else 20)


def test_without_a_query_the_page_offers_the_form_and_is_not_indexed(client):
    found, html = results(client)

    assert found == []
    assert html.select_one("form[role=search] label").get_text() == "Search LUMC Global"
    assert html.find("meta", attrs={"name": "robots"})["content"] == "noindex, follow"
    assert html.select_one("#results-title") is None


def test_a_query_costs_one_database_query_per_kind_at_any_size(client, django_assert_num_queries):
    def fill(count, start):
        for kind in KINDS:
            for number in range(start, start + count):
                make(kind, **{title_field(kind): f"Zanzibar {number}"})

    fill(2, 0)
    client.get("/search/", {"q": "zanzibar"})  # Fills the caches (such as the sites framework's).
    with django_assert_num_queries(len(KINDS) + 1):  # + the footer's links
        small = client.get("/search/", {"q": "zanzibar"})
    fill(60, 2)
    with django_assert_num_queries(len(KINDS) + 1):
        large = client.get("/search/", {"q": "zanzibar"})

    assert "20 results" in small.text
    assert "620 results" in large.text
