"""
The exchange finder and the pages around it, checked against a brute-force
model of its rules written here in plain Python (never with the project's
querysets).

The rules of the finder at /exchange/:

- Only published options count, and of their destination institutions only the
  published ones. Drafts, scheduled and expired options are never results nor
  counted.
- Values of one filter are ORed, different filters are ANDed. A value that is
  repeated counts once.
- programme=<slug>: options of that programme, and options with no programme
  (open to every programme).
- level=bachelor|master: options at that level, and options with level ""
  (open at every level).
- year=1|2|3: options with that year ticked, and options with no year ticked
  (in_year_1/2/3 all False: open in every year).
- kind=<kind>, language=<code>: options of that kind, in that language.
- country=XX (ISO 3166 alpha-2): options with a published destination
  institution in XX, or with XX among their destination_countries;
  country=own: options with find_your_own=True.
- min_weeks=N: options with max_weeks >= N; max_weeks=N: options with
  min_weeks <= N. Options whose duration is unknown drop out when a duration
  filter is set.
- open=1: options with rolling admission, and options with a deadline today or
  later.
- q: title, summary or description contains the text, ignoring case.
- sort=title (default) | deadline (then title) | duration (min_weeks, then
  max_weeks, then title). Where NULL deadlines and durations go is the
  database's choice: first on SQLite, last on PostgreSQL.
- A filter whose value is not understood (unknown choice, not a number, too
  long, a null byte, ...) is ignored as a whole, the page says so, and the
  other filters still apply.
- The count beside a value of a facet (disjunctive faceting) is the number of
  results there would be if every other active filter applied and this
  facet's selection were just that value.
"""

import itertools
import random
import re
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import dateformat, timezone
from django.utils.cache import has_vary_header
from django_countries import countries

from programmes import demo
from programmes.models import ExchangeOption, Programme
from tests import factories as make
from tests.html import calendar_of, events_of, json_ld, soup, squash, text

Kind = ExchangeOption.Kind
Language = ExchangeOption.Language
FINDER = "/exchange/"
PER_PAGE = 20
SEED = 20240611


# Helpers


def long_date(day):
    return dateformat.format(day, "j F Y")


def get(client, pairs=(), **headers):
    """GET the finder with (name, value) pairs, repeated names included."""
    query = urlencode(list(pairs))
    return client.get(f"{FINDER}?{query}" if query else FINDER, headers=headers)


def result_slugs(response):
    """Every result of the finder, over all pages, in order."""
    return [option.slug for option in response.context["page_obj"].paginator.object_list]


def card_slugs(html):
    return [card.h3["id"].removeprefix("option-") for card in html.select("article.option-card")]


def cards(html):
    return {card.h3["id"].removeprefix("option-"): card for card in html.select(".option-card")}


def shown_facets(html):
    """{facet name: {value: (count, checked)}} as the checkboxes of the filter form show them."""
    facets = {}
    for box in html.select("#filters input[type=checkbox]"):
        label = html.find("label", attrs={"for": box["id"]})
        count = label.select_one(".facet__count").get_text(strip=True)
        assert count.startswith("("), count
        assert count.endswith(")"), count
        facets.setdefault(box["name"], {})[box["value"]] = (
            int(count[1:-1]),
            box.has_attr("checked"),
        )
    return facets


def ignored_notice(response):
    notices = [
        squash(p.get_text(" "))
        for p in soup(response).select("p.notice")
        if "not understood" in p.get_text()
    ]
    assert len(notices) <= 1
    return notices[0] if notices else None


# The brute force: the rules above, over model objects, in plain Python


def is_live(item, now):
    return (
        item.status == "published"
        and (item.publish_from is None or item.publish_from <= now)
        and (item.publish_until is None or item.publish_until > now)
    )


MULTI = ["programme", "level", "year", "kind", "country", "language", "open"]
SINGLE = ["min_weeks", "max_weeks", "q"]


class Truth:
    """What the finder should show, worked out option by option."""

    def __init__(self):
        self.now = timezone.now()
        self.today = timezone.localdate()
        everything = ExchangeOption.objects.select_related("programme").prefetch_related(
            "destinations"
        )
        self.options = [option for option in everything if is_live(option, self.now)]
        self.programmes = sorted(
            (p for p in Programme.objects.all() if is_live(p, self.now)),
            key=lambda p: (p.position, p.title),
        )

    def countries(self, option):
        codes = {country.code for country in option.destination_countries}
        codes |= {p.country.code for p in option.destinations.all() if is_live(p, self.now)}
        return codes

    def matches(self, option, name, values):
        if name == "programme":
            return option.programme is None or option.programme.slug in values
        if name == "level":
            return option.level == "" or option.level in values
        if name == "year":
            ticked = {year for year in (1, 2, 3) if getattr(option, f"in_year_{year}")}
            return not ticked or bool(ticked & {int(value) for value in values})
        if name == "kind":
            return option.kind in values
        if name == "language":
            return option.language in values
        if name == "country":
            return any(
                option.find_your_own if value == "own" else value in self.countries(option)
                for value in values
            )
        if name == "min_weeks":
            return option.max_weeks is not None and option.max_weeks >= int(values)
        if name == "max_weeks":
            return option.min_weeks is not None and option.min_weeks <= int(values)
        if name == "open":
            return option.rolling or (option.deadline is not None and option.deadline >= self.today)
        if name == "q":
            needle = values.lower()
            return any(
                needle in (getattr(option, field) or "").lower()
                for field in ("title", "summary", "description")
            )
        raise AssertionError(name)

    @staticmethod
    def filters(pairs):
        """{filter: values} of query pairs, as a form reads them (the last of a single value)."""
        active = {}
        for name, value in pairs:
            if name in MULTI:
                active.setdefault(name, []).append(value)
            elif name in SINGLE and value != "":
                active[name] = value
        return active

    def results(self, active, skip=None):
        """The live options matching every active filter but `skip`."""
        return [
            option
            for option in self.options
            if all(
                self.matches(option, name, values)
                for name, values in active.items()
                if name != skip
            )
        ]

    def count(self, active, facet, value):
        """Disjunctive count: every other filter, and just this value of the facet."""
        return sum(
            1 for option in self.results(active, skip=facet) if self.matches(option, facet, [value])
        )

    def choices(self, facet):
        if facet == "programme":
            return [p.slug for p in self.programmes]
        return {
            "level": ["bachelor", "master"],
            "year": ["1", "2", "3"],
            "kind": list(Kind.values),
            "country": ["own", *(code for code, _name in countries)],
            "language": list(Language.values),
            "open": ["1"],
        }[facet]


# A varied random catalogue


SEARCH_WORDS = ["heart", "tropical", "genetics", "ageing", "surgery", "vaccines"]
NATO = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India"]
NAMED_COUNTRIES = ["GB", "ID", "CU", "FR", "NL", "FI"]
# Every country a filter may name: partners' (one only through a draft and one
# only through an expired institution), named ones, and one nobody goes to.
COUNTRY_VALUES = ["own", "SE", "BE", "DE", "US", "JP", *NAMED_COUNTRIES, "CH", "IT", "BR"]
PROGRAMME_SLUGS = ["medicine", "biomedical-sciences", "pharmacy"]


@pytest.fixture
def catalogue(db):
    """60 options across three programmes (and one draft programme), varied in every field."""
    rng = random.Random(SEED)
    today = timezone.localdate()
    programmes = [
        make.programme(title="Medicine", slug="medicine", position=0),
        make.programme(
            title="Biomedical Sciences", slug="biomedical-sciences", offers_master=False, position=1
        ),
        make.programme(title="Pharmacy", slug="pharmacy", offers_bachelor=False, position=2),
    ]
    hidden = make.programme("draft", title="Hidden programme", slug="hidden", offers_bachelor=False)
    partners = [
        make.partner(name="Karolinska Institutet", country="SE", city="Stockholm"),
        make.partner(name="KU Leuven", country="BE", city="Leuven"),
        make.partner(name="Heidelberg University", country="DE", city="Heidelberg"),
        make.partner(name="Harvard Medical School", country="US", city="Boston"),
        make.partner(name="Kyoto University", country="JP", city="Kyoto"),
        make.partner(name="Sorbonne Université", country="FR", city="Paris"),
    ]
    draft_partner = make.partner("draft", name="University of Geneva", country="CH", city="Geneva")
    expired_partner = make.partner(
        "expired", name="University of Padua", country="IT", city="Padua"
    )
    # The first three options are published whatever the dice say (see below).
    states = ["published"] * 45 + ["draft"] * 5 + ["expired"] * 4 + ["scheduled"] * 3
    rng.shuffle(states)
    states = ["published"] * 3 + states
    options = []
    for number in range(60):
        programme = rng.choice([*programmes, *programmes, None, None, None, hidden])
        levels = programme.levels if programme else ["bachelor", "master"]
        level = rng.choice([*levels, ""])
        years = [rng.random() < 0.35 for _year in range(3)]
        duration = rng.choice(
            ["unknown", "unknown", "same", "range", "range", "low only", "high only"]
        )
        low = rng.randint(2, 20)
        high = low + rng.randint(1, 20)
        min_weeks, max_weeks = {
            "same": (low, low),
            "range": (low, high),
            "low only": (low, None),
            "high only": (None, high),
        }.get(duration, (None, None))
        deadline = rng.choice(
            [
                None,
                today - timedelta(days=rng.randint(1, 300)),
                today,
                today + timedelta(days=rng.randint(1, 30)),
                today + timedelta(days=rng.randint(31, 300)),
            ]
        )
        words = rng.sample(SEARCH_WORDS, 2)
        option = make.option(
            states[number],
            slug=f"option-{number:02d}",
            title=f"{rng.choice(NATO)} {number:03d} {rng.choice(['course', 'stay', 'project'])}",
            kind=Kind.values[number % len(Kind.values)],
            summary=f"A stay about {words[0]}." + (" 100% funded." if number == 7 else ""),
            description=f"<p>You will learn about <strong>{words[1]}</strong>.</p>",
            programme=programme,
            level=level,
            in_year_1=years[0],
            in_year_2=years[1],
            in_year_3=years[2],
            min_weeks=min_weeks,
            max_weeks=max_weeks,
            destination_countries=rng.sample(NAMED_COUNTRIES, rng.choice([0, 0, 1, 2])),
            find_your_own=rng.random() < 0.3,
            language=rng.choice(Language.values),
            deadline=deadline,
            rolling=rng.random() < 0.15,
            destinations=rng.sample(
                [*partners, draft_partner, expired_partner], rng.choice([0, 1, 1, 2])
            ),
        )
        options.append(option)
    # Whatever the dice said: an option reached only through a draft institution,
    # one only through an expired one, and one in both a partner's country and
    # a named one.
    options[0].destinations.set([draft_partner])
    options[1].destinations.set([expired_partner])
    ExchangeOption.objects.filter(pk__in=[options[0].pk, options[1].pk]).update(
        destination_countries=""
    )
    options[2].destinations.set([partners[5]])
    ExchangeOption.objects.filter(pk=options[2].pk).update(destination_countries="FR,GB")
    return SimpleNamespace(programmes=programmes, partners=partners, options=options)


def random_query(rng):
    values = {
        "programme": PROGRAMME_SLUGS,
        "level": ["bachelor", "master"],
        "year": ["1", "2", "3"],
        "kind": Kind.values,
        "country": COUNTRY_VALUES,
        "language": Language.values,
        "open": ["1"],
    }
    pairs = []
    for name, choices in values.items():
        if rng.random() < 0.3:
            chosen = rng.sample(choices, rng.randint(1, min(3, len(choices))))
            if rng.random() < 0.2:
                chosen.append(chosen[0])  # the same value twice
            pairs += [(name, value) for value in chosen]
    if rng.random() < 0.25:
        pairs.append(("min_weeks", str(rng.randint(1, 30))))
    if rng.random() < 0.25:
        pairs.append(("max_weeks", str(rng.randint(1, 30))))
    if rng.random() < 0.2:
        word = rng.choice(SEARCH_WORDS)
        pairs.append(("q", rng.choice([word, word.upper(), word.title()[:5]])))
    if rng.random() < 0.3:
        pairs.append(("sort", rng.choice(["title", "deadline", "duration"])))
    rng.shuffle(pairs)
    return pairs


HANDPICKED = [
    [],
    [("country", "CH")],  # only through a draft institution
    [("country", "IT")],  # only through an expired institution
    [("country", "FR")],  # a partner's country and a named one
    [("country", "own"), ("country", "SE")],
    [("programme", "medicine"), ("level", "bachelor"), ("year", "2")],
    [("programme", "medicine"), ("programme", "pharmacy"), ("open", "1")],
    [("min_weeks", "10"), ("max_weeks", "12")],
    [("q", "HEART"), ("kind", "course"), ("kind", "minor")],
    [("year", "1"), ("year", "3"), ("level", "master"), ("language", "en")],
]


def assert_finder_agrees(response, truth, pairs):
    """The results, their number, and every count beside a value, against the brute force."""
    assert response.status_code == 200
    active = truth.filters(pairs)
    expected = {option.slug for option in truth.results(active)}
    slugs = result_slugs(response)
    assert len(slugs) == len(set(slugs)), f"{pairs}: a result twice"
    assert set(slugs) == expected, pairs
    html = soup(response)
    assert html.select_one("#results-title")["data-count"] == str(len(expected))
    assert card_slugs(html) == slugs[:PER_PAGE]
    assert ignored_notice(response) is None

    shown = shown_facets(html)
    assert set(shown) <= set(MULTI)
    for facet in MULTI:
        chosen = set(active.get(facet, []))
        expected_counts = {
            value: truth.count(active, facet, value) for value in truth.choices(facet)
        }
        if facet in {"country", "language"}:
            # Only values with results, and the ticked ones, are offered.
            visible = {value for value, count in expected_counts.items() if count} | chosen
        else:
            visible = set(truth.choices(facet))
        assert set(shown.get(facet, {})) == visible, (pairs, facet)
        for value, (count, checked) in shown.get(facet, {}).items():
            assert count == expected_counts[value], (pairs, facet, value)
            assert checked == (value in chosen), (pairs, facet, value)
    return expected


# 1. Filters and counts against the brute force


def test_results_and_every_count_agree_with_the_brute_force(client, catalogue):
    rng = random.Random(SEED)
    queries = [*HANDPICKED, *(random_query(rng) for _ in range(40 - len(HANDPICKED)))]
    truth = Truth()
    assert len(truth.options) == 48
    sizes = []
    for pairs in queries:
        sizes.append(len(assert_finder_agrees(get(client, pairs), truth, pairs)))
    # The queries are varied: some find nothing, some a few, some more than a page.
    assert 0 in sizes
    assert any(0 < size <= PER_PAGE for size in sizes)
    assert any(size > PER_PAGE for size in sizes)


def test_unpublished_options_and_institutions_never_count(client, catalogue):
    truth = Truth()
    response = get(client, [("country", "CH")])
    assert result_slugs(response) == []
    response = get(client, [("country", "IT")])
    assert result_slugs(response) == []
    hidden = {o.slug for o in ExchangeOption.objects.all()} - {o.slug for o in truth.options}
    assert len(hidden) == 12
    everything = result_slugs(get(client))
    assert not hidden & set(everything)
    facets = shown_facets(soup(get(client)))
    assert list(facets["programme"]) == PROGRAMME_SLUGS  # not the draft programme
    countries_shown = facets["country"]
    assert "CH" not in countries_shown
    assert "IT" not in countries_shown
    # Counted once, though in France through a partner and by name.
    assert "option-02" in result_slugs(get(client, [("country", "FR")]))
    assert countries_shown["FR"][0] == len(result_slugs(get(client, [("country", "FR")])))


# 2. Bad input


LONG = "heart" * 1000
BAD_INPUT = [
    ([("kind", "spaceflight")], ["Kind"], []),
    ([("kind", "course"), ("kind", "spaceflight")], ["Kind"], []),
    ([("level", "phd")], ["Level"], []),
    ([("year", "4")], ["Year of study"], []),
    ([("year", "0")], ["Year of study"], []),
    ([("country", "XX")], ["Destination"], []),
    ([("country", "se")], ["Destination"], []),
    ([("language", "klingon")], ["Language of instruction"], []),
    ([("programme", "no-such-programme")], ["Programme"], []),
    ([("programme", "hidden")], ["Programme"], []),  # a draft programme
    ([("programme", "<script>alert(1)</script>")], ["Programme"], []),
    ([("open", "yes")], ["Applications"], []),
    ([("min_weeks", "abc")], ["At least (weeks)"], []),
    ([("min_weeks", "-5")], ["At least (weeks)"], []),
    ([("min_weeks", "0")], ["At least (weeks)"], []),
    ([("max_weeks", "NaN")], ["At most (weeks)"], []),
    ([("max_weeks", "1e400")], ["At most (weeks)"], []),
    ([("q", LONG)], ["Search"], []),
    ([("q", "heart\x00")], ["Search"], []),
    ([("kind", "\x00")], ["Kind"], []),
    ([("programme", "medi\x00cine")], ["Programme"], []),
    ([("sort", "nonsense")], ["Sort by"], []),
    ([("sort", "-deadline")], ["Sort by"], []),
    ([("page", "abc")], [], []),
    ([("page", "-1")], [], []),
    ([("page", "\x00")], [], []),
    ([("page", "99999")], [], []),
    ([("page", "1" * 400)], [], []),
    # The understood filters still apply beside the ignored ones.
    (
        [("kind", "spaceflight"), ("level", "phd"), ("language", "en")],
        ["Level", "Kind"],
        [("language", "en")],
    ),
    (
        [("year", "9"), ("min_weeks", "x"), ("open", "1")],
        ["Year of study", "At least (weeks)"],
        [("open", "1")],
    ),
    ([("q", "%")], [], [("q", "%")]),
    ([("q", "_")], [], [("q", "_")]),
]


@pytest.mark.parametrize(("pairs", "ignored", "applied"), BAD_INPUT)
def test_bad_input_gives_a_normal_page_that_says_what_was_ignored(
    client, catalogue, pairs, ignored, applied
):
    response = get(client, pairs)
    assert response.status_code == 200
    assert b"<html" in response.content
    assert soup(response).select_one("#results-title") is not None
    notice = ignored_notice(response)
    if ignored:
        assert notice == (
            f"Some filter values were not understood and are not applied: {', '.join(ignored)}."
        )
    else:
        assert notice is None
    truth = Truth()
    expected = [option.slug for option in truth.results(truth.filters(applied))]
    assert set(result_slugs(response)) == set(expected)
    page = response.context["page_obj"]
    if ("page", "99999") in pairs or ("page", "-1") in pairs or ("page", "1" * 400) in pairs:
        assert page.number == page.paginator.num_pages > 1  # past the end: the last page
    elif any(name == "page" for name, _value in pairs):
        assert page.number == 1


def test_a_percent_sign_is_searched_for_as_itself(client, catalogue):
    assert result_slugs(get(client, [("q", "100%")])) == ["option-07"]
    assert result_slugs(get(client, [("q", "_")])) == []


def test_a_valid_sort_still_applies_when_another_filter_is_ignored(client, catalogue):
    # Only the value that was not understood is ignored: the other filters apply (they
    # do), and so does the sort.
    by_deadline = result_slugs(get(client, [("language", "en"), ("sort", "deadline")]))
    response = get(client, [("language", "en"), ("kind", "spaceflight"), ("sort", "deadline")])
    assert ignored_notice(response).endswith(": Kind.")
    assert result_slugs(response) == by_deadline
    assert by_deadline != result_slugs(get(client, [("language", "en")]))


# 3. Pagination and sorting


def null_key(value):
    """Unknown values sort last, on every database."""
    return value is None, value if value is not None else 0


# Ties are broken by the primary key, so that pages never skip or repeat an option.
SORT_KEYS = {
    "title": lambda option: (option.title, option.pk),
    "deadline": lambda option: (
        null_key(option.deadline and option.deadline.toordinal()),
        option.title,
        option.pk,
    ),
    "duration": lambda option: (
        null_key(option.min_weeks),
        null_key(option.max_weeks),
        option.title,
        option.pk,
    ),
}


def test_pages_keep_the_filters_and_walk_every_result_once(client, catalogue):
    pairs = [
        ("programme", "medicine"),
        ("programme", "biomedical-sciences"),
        ("kind", "course"),
        ("kind", "minor"),
        ("kind", "elective"),
        ("kind", "online-course"),
        ("kind", "summer-school"),
        ("kind", "research-internship"),
        ("sort", "duration"),
    ]
    truth = Truth()
    expected = sorted(truth.results(truth.filters(pairs)), key=SORT_KEYS["duration"])
    assert len(expected) > PER_PAGE
    response = get(client, pairs)
    walked = card_slugs(soup(response))
    seen_pages = {1}
    while True:
        html = soup(response)
        links = html.select(".pagination a")
        assert links
        for link in links:
            query = parse_qsl(urlsplit(link["href"]).query)
            assert [pair for pair in query if pair[0] != "page"] == pairs
            assert [name for name, _value in query].count("page") == 1
        following = html.select_one('.pagination a[rel="next"]')
        if following is None:
            break
        response = client.get(FINDER + following["href"])
        assert response.status_code == 200
        seen_pages.add(response.context["page_obj"].number)
        walked += card_slugs(soup(response))
    assert walked == [option.slug for option in expected]
    assert len(seen_pages) == -(-len(expected) // PER_PAGE)


def test_page_links_keep_only_the_values_the_filters_take(client, catalogue):
    # A repeat and a value past a filter's bound are dropped: the links stay short.
    taken = [("year", year) for year in ("1", "2", "3")]
    taken += [("language", code) for code in Language.values]
    response = get(client, [("year", "1"), *taken, ("language", "klingon")])
    html = soup(response)
    links = html.select(".pagination a")
    assert links
    for link in links:
        query = parse_qsl(urlsplit(link["href"]).query)
        assert [pair for pair in query if pair[0] != "page"] == taken
    assert html.select_one("nav.pagination")["aria-label"] == "Pages of results"


@pytest.mark.parametrize("sort", [None, "title", "deadline", "duration"])
def test_sorting_orders_the_results_as_documented(client, catalogue, sort):
    response = get(client, [("sort", sort)] if sort else [])
    truth = Truth()
    expected = sorted(truth.options, key=SORT_KEYS[sort or "title"])
    assert result_slugs(response) == [option.slug for option in expected]
    assert card_slugs(soup(response)) == [option.slug for option in expected[:PER_PAGE]]
    selected = soup(response).select("#id_sort option[selected]")
    assert [option["value"] for option in selected] == ([sort] if sort else [])


def test_sorting_by_deadline_puts_the_undated_last_whatever_the_database(client, catalogue):
    slugs = result_slugs(get(client, [("sort", "deadline")]))
    options = {option.slug: option for option in ExchangeOption.objects.all()}
    dated = [options[slug] for slug in slugs if options[slug].deadline]
    assert [(o.deadline, o.title) for o in dated] == sorted((o.deadline, o.title) for o in dated)
    undated = [index for index, slug in enumerate(slugs) if not options[slug].deadline]
    assert undated
    assert undated == list(range(len(slugs) - len(undated), len(slugs)))


# 4. My programme and year


def test_my_programme_and_year_shows_exactly_what_fits_and_why(client, catalogue):
    pairs = [("programme", "medicine"), ("level", "bachelor"), ("year", "2")]
    response = get(client, pairs)
    truth = Truth()
    fitting = [
        option
        for option in truth.options
        if (option.programme is None or option.programme.slug == "medicine")
        and option.level in ("", "bachelor")
        and (option.in_year_2 or not (option.in_year_1 or option.in_year_3))
    ]
    assert fitting
    assert set(result_slugs(response)) == {option.slug for option in fitting}
    html = soup(response)
    notices = [squash(p.get_text(" ")) for p in html.select(".notice--success")]
    assert notices == [
        "What fits Medicine, bachelor, year 2: options of your programme in your year, "
        "and options open to every student."
    ]
    by_slug = {option.slug: option for option in fitting}
    shown = cards(html)
    assert shown
    for slug, card in shown.items():
        terms = [squash(dt.get_text()) for dt in card.select("dt")]
        assert terms[0] == "Why this fits"
        assert squash(card.select("dd")[0].get_text()) == by_slug[slug].fits()
    # The form of "My programme and year" shows the choice, the calendar link follows it.
    form = html.select_one(".my-programme__form")
    assert form.select_one("select[name=programme] option[selected]")["value"] == "medicine"
    assert form.select_one("select[name=level] option[selected]")["value"] == "bachelor"
    assert form.select_one("select[name=year] option[selected]")["value"] == "2"
    assert html.find("a", href="/exchange/deadlines.ics?programme=medicine")


@pytest.mark.parametrize(
    "pairs",
    [
        [("programme", "medicine"), ("programme", "pharmacy"), ("level", "master"), ("year", "1")],
        [("programme", "medicine"), ("level", "master")],
        [("programme", "medicine"), ("level", "master"), ("year", "1"), ("year", "2")],
    ],
)
def test_without_exactly_one_programme_level_and_year_there_is_no_fit_notice(
    client, catalogue, pairs
):
    response = get(client, pairs)
    html = soup(response)
    assert not html.select(".notice--success")
    assert "What fits" not in text(response)
    assert html.select(".option-card")
    for card in html.select(".option-card"):
        assert squash(card.select_one("dt").get_text()) == "For"


@pytest.mark.usefixtures("demo_content")
def test_what_fits_a_medicine_master_student_in_year_3(client):
    response = get(client, [("programme", "medicine"), ("level", "master"), ("year", "3")])
    titles = sorted(squash(h3.get_text()) for h3 in soup(response).select(".option-card h3"))
    assert titles == [
        "Clinical rotations",
        "Elective area",
        "Free online courses",
        "LUMC summer schools",
        "Research internship (wetenschapsstage)",
    ]
    assert "What fits Medicine, master, year 3" in text(response)


def test_who_may_take_an_option_is_one_rule_in_the_database_and_in_python(catalogue):
    # The programme pages sort options with the Python twin; the finder filters in SQL.
    truth = Truth()
    for programme, level, year in itertools.product(
        [*truth.programmes, None], ["bachelor", "master", None], [1, 2, 3, None]
    ):
        asked = {
            name: [value]
            for name, value in [
                ("programme", programme and programme.slug),
                ("level", level),
                ("year", year and str(year)),
            ]
            if value
        }
        expected = {option.pk for option in truth.results(asked)}
        in_python = {
            option.pk
            for option in truth.options
            if option.is_open_to(programme=programme, level=level, year=year)
        }
        in_database = ExchangeOption.objects.published().open_to(
            programmes=[programme] if programme else [],
            levels=[level] if level else [],
            years=[year] if year else [],
        )
        assert in_python == set(in_database.values_list("pk", flat=True)) == expected, asked


# 5. The deadline of each result


def test_each_result_shows_the_state_of_its_deadline(client, db):
    today = timezone.localdate()
    cases = {
        "far": (today + timedelta(days=31), False, "open", "Open: apply by {}"),
        "in-30-days": (
            today + timedelta(days=30),
            False,
            "closing-soon",
            "Closing soon: apply by {}",
        ),
        "today": (today, False, "closing-soon", "Closing soon: apply by {}"),
        "yesterday": (today - timedelta(days=1), False, "closed", "Closed on {}"),
        "rolling": (None, True, "rolling", "Rolling admission"),
        "rolling-past": (today - timedelta(days=100), True, "rolling", "Rolling admission"),
        "unknown": (None, False, "unknown", "Deadline: ask the International Office"),
    }
    for slug, (deadline, rolling, _state, _text) in cases.items():
        make.option(slug=slug, title=slug, deadline=deadline, rolling=rolling)
    shown = cards(soup(get(client)))
    assert set(shown) == set(cases)
    for slug, (deadline, _rolling, state, words) in cases.items():
        badges = shown[slug].select(".deadline")
        assert len(badges) == 1
        assert badges[0]["class"] == ["deadline", f"deadline--{state}"]
        assert squash(badges[0].get_text()) == words.format(deadline and long_date(deadline))


# 6. The empty state


@pytest.fixture
def three_options(db):
    today = timezone.localdate()
    sweden = make.partner(name="Karolinska Institutet", country="SE", city="Stockholm")
    france = make.partner(name="Sorbonne Université", country="FR", city="Paris")
    make.option(
        slug="a",
        title="A",
        kind=Kind.COURSE,
        deadline=today + timedelta(days=90),
        destinations=[sweden],
    )
    make.option(
        slug="b",
        title="B",
        kind=Kind.MINOR,
        deadline=today - timedelta(days=9),
        destinations=[france],
    )
    make.option(
        slug="c",
        title="C",
        kind=Kind.COURSE,
        deadline=today - timedelta(days=9),
        destinations=[france],
    )
    make.option(slug="d", title="D", kind=Kind.COURSE, destination_countries=["FR"])


def test_the_empty_state_says_which_filter_to_drop(client, three_options):
    pairs = [("kind", "course"), ("country", "FR"), ("open", "1"), ("page", "2")]
    response = get(client, pairs)
    assert response.status_code == 200
    assert result_slugs(response) == []
    html = soup(response)
    empty = html.select_one(".empty-state")
    assert "No option matches all of these filters." in squash(empty.get_text(" "))
    links = {squash(a.get_text()): a["href"] for a in empty.select("ul a")}
    # Without "Destination": A; without "Applications": C and D; without "Kind": nothing,
    # so it is not offered.
    assert links == {
        "Without \u201cDestination\u201d: 1 option": "?kind=course&open=1",
        "Without \u201cApplications\u201d: 2 options": "?kind=course&country=FR",
    }
    # Each link leads to as many results as it says.
    for label, href in links.items():
        after = client.get(FINDER + href)
        count = len(result_slugs(after))
        assert label.endswith(f": {count} option" + ("s" if count != 1 else ""))
    assert empty.find("a", href=FINDER, string="Clear all filters")


def test_the_empty_state_links_agree_with_the_brute_force(client, catalogue):
    rng = random.Random(SEED + 1)
    truth = Truth()
    checked = 0
    for _attempt in range(200):
        pairs = random_query(rng)
        active = truth.filters(pairs)
        if not active or truth.results(active):
            continue
        response = get(client, pairs)
        assert result_slugs(response) == []
        links = soup(response).select(".empty-state ul a")
        expected = {
            name: len(truth.results(active, skip=name))
            for name in active
            if truth.results(active, skip=name)
        }
        shown = {}
        for link in links:
            names = {name for name, _value in parse_qsl(link["href"].lstrip("?"))}
            (dropped,) = set(active) - names
            shown[dropped] = int(link.get_text().split(": ")[1].split()[0])
        assert shown == expected, pairs
        checked += 1
    assert checked >= 5


# 7. Partial rendering


def test_the_partial_is_the_finder_region_alone_with_the_same_results(client, catalogue):
    pairs = [("level", "master"), ("sort", "deadline"), ("page", "2")]
    whole = get(client, pairs)
    partial = get(client, pairs, X_PARTIAL="finder")
    assert partial.status_code == 200
    assert b"<html" not in partial.content
    assert b"<head" not in partial.content
    assert b"<body" not in partial.content
    assert b"my-programme" not in partial.content
    region = soup(partial)
    assert region.select_one("form#filters") is not None
    assert region.select_one("#results-title")["data-count"] == str(len(result_slugs(whole)))
    assert card_slugs(region) == card_slugs(soup(whole))
    assert card_slugs(region)
    assert shown_facets(region) == shown_facets(soup(whole))
    assert str(soup(whole).select_one("#finder form#filters")) == str(
        region.select_one("form#filters")
    )
    for response in (whole, partial):
        assert has_vary_header(response, "X-Partial")
    # Another value of the header is not the partial.
    assert b"<html" in get(client, pairs, X_PARTIAL="other").content


# 8. Compare


@pytest.fixture
def compared(db):
    make.option("draft", slug="draft-one", title="Draft one")
    make.option("expired", slug="expired-one", title="Expired one")
    return [
        make.option(slug=slug, title=slug.title(), kind=kind, ects=Decimal("7.5"))
        for slug, kind in [
            ("alpha", Kind.COURSE),
            ("bravo", Kind.MINOR),
            ("charlie", Kind.ELECTIVE),
            ("delta", Kind.SUMMER_SCHOOL),
            ("echo", Kind.ONLINE_COURSE),
        ]
    ]


def compare(client, *slugs):
    return client.get("/exchange/compare/?" + urlencode([("option", slug) for slug in slugs]))


def compared_titles(response):
    return [squash(th.get_text()) for th in soup(response).select("table.compare thead th")]


def too_many_notice(response):
    return "You can compare up to 4 options; these are the first 4." in text(response)


def test_compare_shows_the_options_in_the_order_given(client, compared):
    response = compare(client, "charlie", "alpha", "bravo")
    assert response.status_code == 200
    assert compared_titles(response) == ["Charlie", "Alpha", "Bravo"]
    rows = {
        squash(row.th.get_text()): [squash(td.get_text()) for td in row.select("td")]
        for row in soup(response).select("table.compare tbody tr")
    }
    assert rows["Kind"] == ["Elective", "Course", "Minor"]
    assert rows["Credits"] == ["7.5 ECTS"] * 3
    assert not too_many_notice(response)


def test_compare_shows_at_most_four_and_says_so(client, compared):
    response = compare(client, "echo", "delta", "charlie", "bravo", "alpha")
    assert compared_titles(response) == ["Echo", "Delta", "Charlie", "Bravo"]
    assert too_many_notice(response)
    response = compare(client, "echo", "delta", "charlie", "bravo")
    assert compared_titles(response) == ["Echo", "Delta", "Charlie", "Bravo"]
    assert not too_many_notice(response)


def test_compare_ignores_unknown_and_unpublished_options(client, compared):
    response = compare(client, "alpha", "no-such-option", "draft-one", "bravo")
    assert compared_titles(response) == ["Alpha", "Bravo"]
    assert "Draft one" not in text(response)
    assert not too_many_notice(response)
    assert compared_titles(compare(client, "expired-one", "charlie")) == ["Charlie"]
    assert compare(client, "alpha", "alpha", "bravo").status_code == 200
    assert compared_titles(compare(client, "alpha", "alpha", "bravo")) == ["Alpha", "Bravo"]
    assert compared_titles(compare(client, "draft-one")) == []
    assert "Tick up to four options" in text(compare(client, "draft-one"))


def test_an_ignored_option_does_not_take_one_of_the_four_places(client, compared):
    # Four published options are asked for, with one that does not exist: all four show,
    # and the page does not claim to show "the first 4" of more.
    response = compare(client, "no-such-option", "alpha", "bravo", "charlie", "delta")
    assert compared_titles(response) == ["Alpha", "Bravo", "Charlie", "Delta"]
    assert not too_many_notice(response)


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("", []),
        ("option=", []),
        ("option=%00", []),
        ("option=alpha%00", []),
        ("option=<script>alert(1)</script>", []),
        ("option=" + "a" * 5000, []),
        ("option=../../etc/passwd", []),
        ("option=alpha&option=%FF%FE", ["Alpha"]),
        ("option[]=alpha", []),
        ("option=ALPHA&option=bravo", ["Bravo"]),
        ("&".join(f"option=x{number}" for number in range(500)), []),
    ],
)
def test_compare_survives_junk(client, compared, query, titles):
    response = client.get(f"/exchange/compare/?{query}")
    assert response.status_code == 200
    assert compared_titles(response) == titles
    assert b"<script>alert" not in response.content


# 9. The deadline calendar


def expected_deadlines(truth, programmes=None):
    return [
        option
        for option in truth.options
        if option.deadline is not None
        and option.deadline >= truth.today
        and not option.rolling
        and (programmes is None or truth.matches(option, "programme", programmes))
    ]


def test_the_deadline_calendar_has_every_coming_deadline_as_an_all_day_event(client, catalogue):
    response = client.get("/exchange/deadlines.ics")
    events = events_of(calendar_of(response))
    truth = Truth()
    expected = expected_deadlines(truth)
    assert expected
    host = urlsplit(settings.SITE_URL).netloc
    by_uid = {str(event["UID"]): event for event in events}
    assert len(by_uid) == len(events)
    assert set(by_uid) == {f"exchange-deadline-{option.pk}@{host}" for option in expected}
    for option in expected:
        event = by_uid[f"exchange-deadline-{option.pk}@{host}"]
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        # All day, not a moment.
        assert type(start) is date
        assert type(end) is date
        assert start == option.deadline
        assert end == option.deadline + timedelta(days=1)
        assert str(event["URL"]) == f"{settings.SITE_URL}/exchange/{option.slug}/"
        assert str(event["SUMMARY"]) == f"Application deadline: {option.title}"
    # The same events keep the same UIDs: a subscription updates rather than duplicates.
    calendar = calendar_of(client.get("/exchange/deadlines.ics"))
    assert sorted(str(event["UID"]) for event in events_of(calendar)) == sorted(by_uid)
    assert str(calendar["UID"]) == str(calendar_of(response)["UID"])


@pytest.mark.parametrize(
    "programmes", [["medicine"], ["pharmacy"], ["medicine", "biomedical-sciences"]]
)
def test_the_deadline_calendar_of_a_programme_uses_the_fitting_rule(client, catalogue, programmes):
    query = urlencode([("programme", slug) for slug in programmes])
    events = events_of(calendar_of(client.get(f"/exchange/deadlines.ics?{query}")))
    truth = Truth()
    expected = expected_deadlines(truth, programmes)
    assert expected
    assert len(expected) < len(expected_deadlines(truth))
    host = urlsplit(settings.SITE_URL).netloc
    assert sorted(str(event["UID"]) for event in events) == sorted(
        f"exchange-deadline-{option.pk}@{host}" for option in expected
    )


def test_the_deadline_calendar_takes_as_many_programmes_as_the_finder(client, catalogue):
    once = calendar_of(client.get("/exchange/deadlines.ics?programme=medicine"))
    repeats = [("programme", "medicine")] * 500 + [("programme", f"p{n}") for n in range(500)]

    many = calendar_of(client.get(f"/exchange/deadlines.ics?{urlencode(repeats)}"))

    assert str(many["UID"]) == str(once["UID"])
    assert [str(event["UID"]) for event in events_of(many)] == [
        str(event["UID"]) for event in events_of(once)
    ]


def test_an_empty_deadline_calendar_is_still_a_calendar(client, db):
    make.option(slug="past", deadline=timezone.localdate() - timedelta(days=1))
    make.option(slug="rolling", deadline=timezone.localdate() + timedelta(days=9), rolling=True)
    make.option("draft", slug="draft", deadline=timezone.localdate() + timedelta(days=9))
    response = client.get("/exchange/deadlines.ics")
    calendar = calendar_of(response)
    assert events_of(calendar) == []
    assert response.content.startswith(b"BEGIN:VCALENDAR")
    assert response.content.rstrip().endswith(b"END:VCALENDAR")
    # A programme the site does not have is a 404, never a server error.
    for junk in ["programme=%00", "programme=<x>", "programme=" + "a" * 3000, "programme=nope"]:
        assert client.get(f"/exchange/deadlines.ics?{junk}").status_code == 404


# 10. The page of an option


@pytest.fixture
def detailed(db):
    today = timezone.localdate()
    medicine = make.programme(title="Medicine", slug="medicine")
    karolinska = make.partner(
        name="Karolinska Institutet", country="SE", city="Stockholm", slug="karolinska"
    )
    geneva = make.partner("draft", name="University of Geneva", country="CH", city="Geneva")
    contact = make.person(name="Ellis Nieveen", email="e.nieveen@example.org", slug="ellis-nieveen")
    option = make.option(
        slug="research-in-stockholm",
        title="Research in Stockholm",
        kind=Kind.RESEARCH_INTERNSHIP,
        summary="Sixteen weeks in a lab.",
        description="<p>You join a research group.</p>",
        programme=medicine,
        level="master",
        in_year_3=True,
        min_weeks=16,
        max_weeks=16,
        duration_as_written="four months",
        destinations=[karolinska, geneva],
        destination_countries=["GB"],
        find_your_own=True,
        language=Language.ENGLISH,
        language_requirement="English B2",
        ects=Decimal("7.5"),
        places=3,
        deadline=today + timedelta(days=60),
        how_to_apply="<p>Apply through the International Office.</p>",
        housing="A room at the campus.",
        visa="No visa for EU students.",
        insurance="Take out travel insurance.",
        accessibility="Ask the disability office.",
        contact=contact,
        last_checked=today,
    )
    same_slot = make.option(
        slug="same-slot", title="Bench work", programme=medicine, level="master", kind=Kind.COURSE
    )
    same_kind = make.option(
        slug="same-kind", title="Another internship", kind=Kind.RESEARCH_INTERNSHIP
    )
    make.option(
        "draft", slug="draft-kind", title="A draft internship", kind=Kind.RESEARCH_INTERNSHIP
    )
    make.option(slug="unrelated", title="Unrelated", kind=Kind.SUMMER_SCHOOL)
    return SimpleNamespace(
        option=option, related=[same_kind, same_slot], contact=contact, karolinska=karolinska
    )


def facts(response):
    dl = soup(response).select_one("aside.facts dl")
    return {
        squash(dt.get_text()): squash(dt.find_next_sibling("dd").get_text(" "))
        for dt in dl.select("dt")
    }


def test_the_option_page_shows_everything_a_student_needs(client, detailed):
    response = client.get("/exchange/research-in-stockholm/")
    assert response.status_code == 200
    html = soup(response)
    at_a_glance = facts(response)
    assert at_a_glance["For"] == "Medicine, master, year 3"
    assert at_a_glance["Duration"] == "16 weeks (four months)"
    assert at_a_glance["Credits"] == "7.5 ECTS"
    assert at_a_glance["Places"] == "3"
    assert at_a_glance["Language of instruction"] == "English (English B2)"
    assert at_a_glance["Information last checked"] == long_date(timezone.localdate())
    where = [squash(li.get_text()) for li in html.select("aside.facts dd ul li")]
    assert where == [
        "Karolinska Institutet, Stockholm, Sweden",
        countries.name("GB"),
        "or a place you find yourself",
    ]
    partner_link = html.select_one("aside.facts dd ul li a")
    assert partner_link["href"] == detailed.karolinska.get_absolute_url()
    assert "Geneva" not in text(response)
    deadline = detailed.option.deadline
    states = [squash(span.get_text()) for span in html.select("article.option .deadline")]
    assert states == [f"Open: apply by {long_date(deadline)}"] * 2
    assert "Apply through the International Office." in text(response)
    practical = {
        squash(dt.get_text()): squash(dt.find_next_sibling("dd").get_text())
        for dt in html.select("dl.practical dt")
    }
    assert practical == {
        "Housing": "A room at the campus.",
        "Visa": "No visa for EU students.",
        "Insurance": "Take out travel insurance.",
        "Accessibility support": "Ask the disability office.",
    }
    assert at_a_glance["Ask"] == "Ellis Nieveen , e.nieveen@example.org"
    assert html.find("a", href=detailed.contact.get_absolute_url(), string="Ellis Nieveen")
    assert html.find("a", href="mailto:e.nieveen@example.org")


def test_the_option_page_has_structured_data_and_breadcrumbs(client, detailed):
    response = client.get("/exchange/research-in-stockholm/")
    (data,) = json_ld(response, "EducationalOccupationalProgram")
    assert data["name"] == "Research in Stockholm"
    assert data["url"] == f"{settings.SITE_URL}/exchange/research-in-stockholm/"
    assert data["applicationDeadline"] == detailed.option.deadline.isoformat()
    assert data["numberOfCredits"] == 7.5
    assert data["timeToComplete"] == "P16W"
    assert data["inLanguage"] == "en"
    assert data["maximumEnrollment"] == 3
    assert data["educationalProgramMode"] == "onsite"
    assert [place["name"] for place in data["location"]] == ["Karolinska Institutet"]
    assert data["location"][0]["address"]["addressCountry"] == "SE"
    assert data["location"][0]["address"]["addressLocality"] == "Stockholm"
    trail = soup(response).select("nav.breadcrumbs li a")
    assert [squash(a.get_text()) for a in trail] == [
        "Home",
        "Exchange finder",
        "Research in Stockholm",
    ]
    assert trail[1]["href"] == FINDER
    assert trail[-1]["aria-current"] == "page"
    (crumbs,) = json_ld(response, "BreadcrumbList")
    assert [item["name"] for item in crumbs["itemListElement"]] == [
        "Home",
        "Exchange finder",
        "Research in Stockholm",
    ]


def test_the_option_page_lists_related_published_options(client, detailed):
    response = client.get("/exchange/research-in-stockholm/")
    related = soup(response).select("#related-title ~ .cards h3 a")
    assert [squash(a.get_text()) for a in related] == ["Another internship", "Bench work"]
    assert [a["href"] for a in related] == [o.get_absolute_url() for o in detailed.related]


def test_structured_data_leaves_out_what_is_unknown(client, db):
    make.option(slug="plain", title="Plain", kind=Kind.ONLINE_COURSE, language=Language.LOCAL)
    (data,) = json_ld(client.get("/exchange/plain/"), "EducationalOccupationalProgram")
    assert data["educationalProgramMode"] == "online"
    for key in ("applicationDeadline", "numberOfCredits", "timeToComplete", "inLanguage"):
        assert key not in data


@pytest.mark.parametrize("state", ["draft", "scheduled", "expired"])
def test_an_unpublished_option_is_not_found_except_by_staff(client, editor, db, state):
    make.option(state, slug="hidden-option", title="Hidden option")
    assert client.get("/exchange/hidden-option/").status_code == 404
    client.force_login(editor)
    response = client.get("/exchange/hidden-option/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_an_unpublished_contact_person_is_not_shown(client, detailed):
    # As elsewhere on the site (research contacts), only published people are shown:
    # a draft profile is not public and its link would be a 404.
    detailed.contact.status = "draft"
    detailed.contact.save()
    assert client.get(detailed.contact.get_absolute_url()).status_code == 404
    response = client.get("/exchange/research-in-stockholm/")
    assert response.status_code == 200
    assert "Ellis Nieveen" not in text(response)
    assert not soup(response).find("a", href=detailed.contact.get_absolute_url())


# 11. Queries


def bulk_options(count, start, partners):
    today = timezone.localdate()
    kinds, languages = Kind.values, Language.values
    options = ExchangeOption.objects.bulk_create(
        ExchangeOption(
            slug=f"bulk-{number:05d}",
            title=f"Bulk option {number:05d}",
            kind=kinds[number % len(kinds)],
            language=languages[number % len(languages)],
            level=["", "bachelor", "master"][number % 3],
            in_year_2=number % 2 == 0,
            min_weeks=number % 12 + 1,
            max_weeks=number % 12 + 5,
            deadline=today + timedelta(days=number % 90 - 30),
            destination_countries=["GB"] if number % 5 == 0 else [],
            find_your_own=number % 7 == 0,
            rolling=number % 4 == 0,
            **make.in_state("published"),
        )
        for number in range(start, start + count)
    )
    Through = ExchangeOption.destinations.through
    Through.objects.bulk_create(
        Through(exchangeoption_id=option.pk, partnerinstitution_id=partner.pk)
        for index, option in enumerate(options)
        for partner in partners[: index % 3]
    )


@pytest.mark.parametrize(
    "pairs",
    [
        [],
        [("country", "SE"), ("country", "own"), ("kind", "course"), ("open", "1")],
        [("programme", "medicine"), ("level", "master"), ("year", "2"), ("sort", "deadline")],
        [
            ("q", "option"),
            ("min_weeks", "3"),
            ("max_weeks", "9"),
            ("sort", "duration"),
            ("page", "2"),
        ],
    ],
)
def test_the_finder_takes_as_many_queries_for_3000_options_as_for_20(
    client, db, django_assert_num_queries, pairs
):
    make.programme(title="Medicine", slug="medicine")
    partners = [
        make.partner(name="Karolinska Institutet", country="SE", city="Stockholm"),
        make.partner(name="KU Leuven", country="BE", city="Leuven"),
        make.partner("draft", name="University of Geneva", country="CH", city="Geneva"),
    ]
    bulk_options(20, 0, partners)
    with CaptureQueriesContext(connection) as queries:
        small = get(client, pairs)
    assert small.status_code == 200
    assert small.context["page_obj"].paginator.count  # results, not the empty state
    bulk_options(2980, 20, partners)
    assert ExchangeOption.objects.count() == 3000
    with django_assert_num_queries(len(queries)):
        large = get(client, pairs)
    assert large.status_code == 200
    assert large.context["page_obj"].paginator.count > small.context["page_obj"].paginator.count


# 12. The programmes


@pytest.mark.usefixtures("demo_content")
def test_the_programmes_page_lists_the_seven_programmes(client):
    response = client.get("/programmes/")
    assert response.status_code == 200
    links = soup(response).select(".cards .card__title a")
    titles = [squash(a.get_text()) for a in links]
    assert titles == [title for title, _bachelor, _master in demo.PROGRAMMES]
    assert len(titles) == 7
    for link in links:
        assert client.get(link["href"]).status_code == 200


def options_by_year(section):
    """{heading: [titles]} of one level's section of a programme's page."""
    listed = {}
    for heading in section.select("h3"):
        items = heading.find_next_sibling("ul").select("li > a")
        listed[squash(heading.get_text())] = [squash(a.get_text()) for a in items]
    return listed


@pytest.mark.usefixtures("demo_content")
def test_each_programme_page_lists_its_options_by_level_and_year(client):
    for title, bachelor, master in demo.PROGRAMMES:
        programme = Programme.objects.get(title=title)
        response = client.get(f"/programmes/{programme.slug}/")
        assert response.status_code == 200
        html = soup(response)
        for level, offered in [("bachelor", bachelor), ("master", master)]:
            section = html.find("section", attrs={"aria-labelledby": f"level-{level}"})
            assert (section is not None) == offered
            if not offered:
                continue
            expected = {}
            seeds = sorted(
                (
                    seed
                    for seed in demo.OPTIONS
                    if seed["programme"] == title and seed["level"] in ("", level)
                ),
                key=lambda seed: seed["title"],
            )
            for year in (1, 2, 3):
                titles = [seed["title"] for seed in seeds if seed.get(f"in_year_{year}")]
                if titles:
                    expected[f"Year {year}"] = titles
            any_year = [
                seed["title"]
                for seed in seeds
                if not any(seed.get(f"in_year_{year}") for year in (1, 2, 3))
            ]
            if any_year:
                expected["In any year"] = any_year
            assert options_by_year(section) == expected, (title, level)
            finder = section.find("a", href=f"/exchange/?programme={programme.slug}&level={level}")
            assert finder is not None


@pytest.mark.usefixtures("demo_content")
def test_medicine_master_year_3_has_the_elective_area_and_the_research_internship(client):
    response = client.get("/programmes/medicine/")
    html = soup(response)
    master = html.find("section", attrs={"aria-labelledby": "level-master"})
    listed = options_by_year(master)
    assert listed["Year 3"] == ["Elective area", "Research internship (wetenschapsstage)"]
    assert listed["Year 1"] == ["Research internship (wetenschapsstage)"]
    assert listed["In any year"] == ["Clinical rotations"]
    bachelor = html.find("section", attrs={"aria-labelledby": "level-bachelor"})
    assert options_by_year(bachelor) == {"Year 3": ["Half minor abroad"]}
    # Three programmes have an "Elective area": the link is to Medicine's.
    elective = ExchangeOption.objects.get(title="Elective area", programme__title="Medicine")
    year_3 = master.find("h3", string="Year 3").find_next_sibling("ul")
    assert year_3.select("li > a")[0]["href"] == elective.get_absolute_url()
    for link in master.select("li > a"):
        assert client.get(link["href"]).status_code == 200


# 13. No address costs much more than another

# The most values each filter takes: every choice of the short lists, ten programmes
# and ten destinations. More are ignored, and the page says so.
BOUNDS = {
    "programme": 10,
    "level": 2,
    "year": 3,
    "kind": len(Kind.values),
    "country": 10,
    "language": len(Language.values),
    "open": 1,
}
# Past each bound: values not understood, and for destinations every other country.
BEYOND = {
    "programme": ["no-such-programme"],
    "level": ["phd"],
    "year": ["4"],
    "kind": ["spaceflight"],
    "country": [
        *COUNTRY_VALUES[BOUNDS["country"] :],
        *(code for code, _name in countries if code not in COUNTRY_VALUES),
    ],
    "language": ["klingon"],
    "open": ["yes"],
}
WIDEST = [("min_weeks", "1"), ("max_weeks", "520"), ("q", "a"), ("sort", "deadline")]
EVERY_FILTER = ["Programme", "Level", "Year of study", "Kind", "Destination"]
EVERY_FILTER += ["Language of instruction", "Applications"]


@pytest.fixture
def crowded(catalogue):
    """The varied catalogue, with as many published programmes as the finder takes."""
    for number in range(len(PROGRAMME_SLUGS), BOUNDS["programme"]):
        make.programme(title=f"Programme {number}", slug=f"programme-{number}", position=number)
    truth = Truth()
    at_bound = {
        "programme": [programme.slug for programme in truth.programmes],
        "level": ["bachelor", "master"],
        "year": ["1", "2", "3"],
        "kind": list(Kind.values),
        "country": COUNTRY_VALUES[: BOUNDS["country"]],
        "language": list(Language.values),
        "open": ["1"],
    }
    assert {name: len(values) for name, values in at_bound.items()} == BOUNDS
    return SimpleNamespace(truth=truth, at_bound=at_bound)


def pairs_of(values):
    return [(name, value) for name, chosen in values.items() for value in chosen]


def worst(crowded):
    """Every filter at its bound, a value repeated, and more values than it takes."""
    beyond = {
        name: [values[0], *values, *BEYOND[name]] for name, values in crowded.at_bound.items()
    }
    return pairs_of(beyond) + WIDEST


def captured(client, pairs):
    with CaptureQueriesContext(connection) as queries:
        response = get(client, pairs)
    assert response.status_code == 200
    return response, [query["sql"] for query in queries.captured_queries]


def test_values_past_a_filters_bound_are_ignored_and_the_page_says_so(client, crowded):
    applied = pairs_of(crowded.at_bound) + WIDEST
    expected = {option.slug for option in crowded.truth.results(Truth.filters(applied))}

    at_bound = get(client, applied)
    beyond = get(client, worst(crowded))

    assert ignored_notice(at_bound) is None
    assert ignored_notice(beyond) == (
        f"Some filter values were not understood and are not applied: {', '.join(EVERY_FILTER)}."
    )
    assert expected
    assert set(result_slugs(at_bound)) == set(result_slugs(beyond)) == expected
    ticked = {
        name: sorted(value for value, (_count, checked) in values.items() if checked)
        for name, values in shown_facets(soup(beyond)).items()
    }
    assert ticked == {name: sorted(values) for name, values in crowded.at_bound.items()}


def test_a_repeated_value_takes_one_place(client, catalogue):
    response = get(client, [("country", "SE")] * 50 + [("kind", "course")] * 50)

    assert ignored_notice(response) is None
    truth = Truth()
    expected = truth.results({"country": ["SE"], "kind": ["course"]})
    assert set(result_slugs(response)) == {option.slug for option in expected}


def test_the_worst_address_takes_as_many_queries_as_the_plain_finder(client, crowded):
    _response, plain = captured(client, [])
    response, queries = captured(client, worst(crowded))

    assert response.context["page_obj"].paginator.count  # results, not the empty state
    assert len(queries) == len(plain)


def grows_by(name, value):
    """The most that one more value of a filter may add to a statement."""
    if name == "year":
        # A year is a column of its own: one more condition on it.
        quote = connection.ops.quote_name
        column = f"{quote(ExchangeOption._meta.db_table)}.{quote(f'in_year_{value}')}"
        return len(f" OR {column} = true")
    # Its own text, quoted and separated, in at most two places (a destination: the
    # partners' country and the named countries).
    return 2 * len(f"'{value}', ")


def test_each_value_makes_the_sql_longer_by_its_own_text_alone(client, crowded):
    def longest(pairs):
        response, queries = captured(client, pairs)
        assert response.context["page_obj"].paginator.count  # the same statements each time
        return max(map(len, queries))

    # Each filter's condition, measured alone: one value each, a destination of both kinds.
    first = {name: values[:1] for name, values in crowded.at_bound.items()}
    first["country"] = ["own", "SE"]
    plain = longest([])
    conditions = sum(longest(pairs_of({name: values})) - plain for name, values in first.items())
    conditions += sum(longest([pair]) - plain for pair in WIDEST)
    # Then every further value, up to the bound, adds at most its own text.
    more = [
        (name, value)
        for name, values in crowded.at_bound.items()
        for value in values
        if value not in first[name]
    ]
    allowed = plain + conditions + sum(grows_by(name, value) for name, value in more)

    assert longest(worst(crowded)) <= allowed


@pytest.mark.django_db
def test_a_programme_page_lists_eight_options_a_year_and_leads_to_the_finder_for_more(client):
    medicine = make.programme(title="Medicine", slug="medicine", offers_master=True)
    for number in range(20):
        make.option(
            title=f"Elective {number:02}",
            slug=f"elective-{number}",
            programme=medicine,
            level="master",
            in_year_2=True,
        )

    html = soup(client.get("/programmes/medicine/"))

    master = html.find("section", attrs={"aria-labelledby": "level-master"})
    assert options_by_year(master) == {"Year 2": [f"Elective {n:02}" for n in range(8)]}
    more = master.find("a", string=re.compile("12 more options for year 2"))
    assert more["href"] == "/exchange/?programme=medicine&level=master&year=2"
    finder = soup(client.get(more["href"]))
    assert sorted(card_slugs(finder)) == sorted(f"elective-{n}" for n in range(20))
