"""Site search: every published content type, every word, ranked, never an error."""

import io
from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from events.models import NewsItem
from lumcglobal.apps import fill_search_index
from lumcglobal.models import SearchDocument
from lumcglobal.search import KEYS, KINDS
from tests.factories import FOR_MODEL
from tests.html import soup
from tests.staff import as_user

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
        "x" * 10_000,
        '"zanzibar partnership" "',
        "\\\\ \\' \\\"",
        "\x00" * 20,
        "zanzibar\x00",
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


def test_a_query_costs_the_same_few_database_queries_at_any_size(client, django_assert_num_queries):
    def fill(count, start):
        for kind in KINDS:
            for number in range(start, start + count):
                make(kind, **{title_field(kind): f"Zanzibar {number}"})

    fill(2, 0)
    client.get("/search/", {"q": "zanzibar"})  # Fills the caches (such as the sites framework's).
    # The counts per kind, one page of every kind's results, the footer's links.
    with django_assert_num_queries(3):
        small = client.get("/search/", {"q": "zanzibar"})
    fill(60, 2)
    with django_assert_num_queries(3):
        large = client.get("/search/", {"q": "zanzibar", "type": "news", "page": "2"})
    # Nothing found: the counts, the titles a suggestion is made from, the footer.
    with django_assert_num_queries(3):
        client.get("/search/", {"q": "zanzibra"})

    assert "20 results" in small.text
    assert "62 results" in large.text
    assert len(results(client, q="zanzibar")[0]) == 20
    chips = [a.get_text() for a in soup(large).select(".chips a")]
    assert chips[0] == "All (620)"
    assert "News (62)" in chips


def found(client, query="zanzibar"):
    return results(client, q=query)[0]


def test_the_index_follows_every_save_publication_and_deletion(client):
    news = KEYS["news"]
    item = make(news, title="Zanzibar partnership")
    assert found(client) == [item.get_absolute_url()]

    item.title = "Leiden partnership"
    item.save()
    assert found(client) == []
    assert found(client, "leiden partnership") == [item.get_absolute_url()]

    item.unpublish()
    item.save()
    assert found(client, "leiden") == []

    item.publish_now()
    item.slug = "leiden-partnership-signed"
    item.save()
    assert found(client, "leiden") == ["/news/leiden-partnership-signed/"]

    item.delete()
    assert found(client, "leiden") == []
    assert not SearchDocument.objects.exists()


def test_publishing_and_unpublishing_in_the_admin_reach_the_search(client, publisher):
    item = make(KEYS["partners"], "draft", name="Zanzibar University")
    changelist = "/admin/research/partnerinstitution/"
    staff = as_user(publisher)

    staff.post(changelist, {"action": "publish", "_selected_action": [item.pk]})
    assert found(client) == [item.get_absolute_url()]

    staff.post(changelist, {"action": "unpublish", "_selected_action": [item.pk]})
    assert found(client) == []


def test_scheduled_and_expiring_items_come_and_go_on_time_without_a_new_index(client):
    now = timezone.now()
    scheduled = make(
        KEYS["events"], title="Zanzibar symposium", publish_from=now + timedelta(hours=1)
    )
    expiring = make(KEYS["news"], title="Zanzibar call", publish_until=now + timedelta(hours=1))
    assert found(client) == [expiring.get_absolute_url()]

    later = now + timedelta(hours=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert found(client) == [scheduled.get_absolute_url()]


def test_the_rebuild_command_indexes_what_bulk_writes_left_out(client):
    kept = make(KEYS["news"], title="Zanzibar partnership")
    NewsItem.objects.bulk_create(
        [NewsItem(title="Zanzibar school", slug="zanzibar-school", **published_fields())]
    )
    NewsItem.objects.filter(pk=kept.pk).update(title="Leiden partnership")
    assert found(client) == [kept.get_absolute_url()]

    output = io.StringIO()
    call_command("rebuild_search_index", stdout=output)

    assert found(client) == ["/news/zanzibar-school/"]
    assert found(client, "leiden") == [kept.get_absolute_url()]
    assert "2 items are in the search index" in output.getvalue()


def published_fields():
    return {"status": NewsItem.Status.PUBLISHED, "publish_from": timezone.now() - timedelta(days=1)}


def test_a_title_match_ranks_above_any_number_of_matches_in_texts(client):
    news = KEYS["news"]
    in_text = make(news, title="A visit", summary="Zanzibar " * 5, body="<p>Zanzibar</p>" * 20)
    in_title = make(news, title="Partnership with Zanzibar", body="<p>Signed.</p>")

    assert found(client) == [in_title.get_absolute_url(), in_text.get_absolute_url()]


def test_the_words_found_are_marked_in_titles_and_snippets(client):
    make(
        KEYS["news"],
        title="Zanzibar partnership",
        summary="Signed in Leiden.",
        body="<p>Students of medicine go to <strong>Zanzibar</strong> for six weeks.</p>",
    )

    _found, html = results(client, q="zanzibar")

    result = html.select_one(".search-result")
    assert [mark.get_text() for mark in result.select("h3 mark")] == ["Zanzibar"]
    snippet = result.select_one(".search-result__snippet")
    assert [mark.get_text() for mark in snippet.select("mark")] == ["Zanzibar"]
    assert "Students of medicine go to Zanzibar for six weeks" in snippet.get_text()


def test_hostile_titles_and_texts_are_shown_as_text(client):
    make(
        KEYS["news"],
        title="<script>alert(1)</script> Zanzibar <mark>",
        summary="<img src=x onerror=alert(2)> Zanzibar",
        body="<p>&lt;script&gt;alert(3)&lt;/script&gt; Zanzibar</p>",
    )

    response = client.get("/search/", {"q": "zanzibar"})

    result = soup(response).select_one(".search-result")
    assert result.select("script, img") == []
    assert result.select_one("h3 a").get_text() == "<script>alert(1)</script> Zanzibar <mark>"
    assert {mark.get_text() for mark in result.select("mark")} == {"Zanzibar"}
    snippet = result.select_one(".search-result__snippet").get_text()
    assert "alert(3)" in snippet
    if connection.vendor == "sqlite":
        assert "<script>alert(3)</script>" in snippet
    # PostgreSQL's ts_headline leaves out what its parser takes for tags; it shows no markup.
    assert "<script>" not in response.text.split("<main")[1]


def test_a_misspelt_word_gets_a_suggestion_from_the_titles(client):
    partner = make(KEYS["partners"], name="Karolinska Institutet", city="Stockholm")
    make(KEYS["partners"], "draft", name="Zanzibarian Hospital")

    found_now, html = results(client, q="karolinksa")

    assert found_now == []
    link = html.select_one(".search-suggestion a")
    # PostgreSQL finds the title by trigram word similarity, SQLite by difflib: the same answer.
    assert link.get_text() == "Karolinska", connection.vendor
    assert link["href"] == "?q=Karolinska"
    assert found(client, "Karolinska") == [partner.get_absolute_url()]
    # Words of unpublished titles are never suggested; neither is a query that finds something.
    assert results(client, q="zanzibarien")[1].select_one(".search-suggestion") is None
    assert results(client, q="karolinska")[1].select_one(".search-suggestion") is None
    assert results(client, q="stockholm")[0] == [partner.get_absolute_url()]


def test_a_suggestion_keeps_the_words_that_were_right(client):
    make(KEYS["news"], title="Summer school in Karolinska")

    html = results(client, q="summer karolinksa")[1]

    assert html.select_one(".search-suggestion a").get_text() == "summer Karolinska"


def test_the_demo_content_is_searchable_with_its_typos(client, demo_content):
    found_now, html = results(client, q="karolinksa")

    assert found_now == []
    suggestion = html.select_one(".search-suggestion a")
    assert suggestion.get_text() == "Karolinska"
    assert "/research/partners/karolinska-institutet/" in found(client, suggestion.get_text())


def test_a_migrated_database_with_content_and_no_index_gets_one(client):
    item = make(KEYS["news"], title="Zanzibar partnership")
    SearchDocument.objects.all().delete()
    assert found(client) == []

    fill_search_index(using="default")

    assert found(client) == [item.get_absolute_url()]
