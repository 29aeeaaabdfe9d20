"""
Arbitrary text in every GET parameter of every public address: NUL, lone
surrogates, very long values and many repeats. The answer may be a page, a 404
or another 4xx; never a server error.
"""

from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.models import Event, NewsItem
from people.models import Person
from programmes.models import ExchangeOption, Programme
from research.models import PartnerInstitution, Project, ResearchTheme

pytestmark = pytest.mark.usefixtures("demo_content")

# Every public address of the design, with the parameters its views read.
FINDER = ["programme", "level", "kind", "country", "year", "q", "page", "sort", "language",
          "min_weeks", "max_weeks", "open"]  # fmt: skip
ADDRESSES = {
    "/": [],
    "/about/": [],
    "/programmes/": [],
    "/programmes/{programme}/": ["preview"],
    "/exchange/": FINDER,
    "/exchange/{option}/": ["preview"],
    "/exchange/deadlines.ics": ["programme"],
    "/exchange/compare/": ["option"],
    "/exchange/shortlist/": ["option"],
    "/exchange/catalogue.csv": [],
    "/exchange/catalogue.json": [],
    "/events/": ["kind", "theme", "page"],
    "/events/past/": ["year", "kind", "theme", "page"],
    "/events/{event}/": ["preview"],
    "/events/{event}.ics": [],
    "/events/calendar.ics": ["kind"],
    "/news/": ["year", "theme", "page"],
    "/news/{news}/": ["preview"],
    "/news/feed/": ["theme"],
    "/news/atom/": ["theme"],
    "/research/": [],
    "/research/themes/{theme}/": ["preview"],
    "/research/collaborations/": [],
    "/research/global-phd/": [],
    "/research/partners/{partner}/": ["preview"],
    "/research/projects/{project}/": ["preview"],
    "/people/": [],
    "/people/{person}/": ["preview"],
    "/search/": ["q", "type", "page"],
    "/contact/": [],
    "/newsletter/": ["email"],
    "/sitemap.xml": [],
    "/sitemap-people.xml": ["p"],
    "/robots.txt": [],
    "/healthz": [],
}
ITEMS = {
    "programme": Programme,
    "option": ExchangeOption,
    "event": Event,
    "news": NewsItem,
    "theme": ResearchTheme,
    "partner": PartnerInstitution,
    "project": Project,
    "person": Person,
}

# Any code point, lone surrogates included.
ANY_CHARACTER = st.characters(codec=None, exclude_categories=())
HOSTILE_TEXT = st.one_of(
    st.text(ANY_CHARACTER, max_size=30),
    st.sampled_from(["\x00", "a\x00b", "\ud800", "x\udfff", "-1", "0", "9" * 30, "1e9", "own"]),
    # Very long values, from a few characters repeated.
    st.builds(lambda text, times: text * times, st.text(ANY_CHARACTER, min_size=1, max_size=4),
              st.integers(500, 3000)),
)  # fmt: skip


def encoded(value):
    """A value as a hostile client sends it: raw UTF-8 bytes, surrogates and all."""
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_get_parameter_gives_a_server_error(data):
    slugs = {
        name: model.objects.published().values_list("slug", flat=True).first()
        for name, model in ITEMS.items()
    }
    address = data.draw(st.sampled_from(sorted(ADDRESSES)), label="address")
    path = address.format(**slugs)
    name = st.sampled_from([*ADDRESSES[address], "utm_source", "\x00"])
    pairs = data.draw(
        st.lists(st.tuples(name, HOSTILE_TEXT), max_size=6)
        | st.builds(lambda key, value, times: [(key, value)] * times, name, HOSTILE_TEXT,
                    st.integers(50, 400)),
        label="query",
    )  # fmt: skip
    query = "&".join(f"{encoded(key)}={encoded(value)}" for key, value in pairs)

    response = Client(raise_request_exception=False).get(f"{path}?{query}")

    assert response.status_code < 500, f"{path}?{query[:300]}"


def test_each_parameter_of_each_address_survives_the_classic_hostile_values():
    slugs = {
        name: model.objects.published().values_list("slug", flat=True).first()
        for name, model in ITEMS.items()
    }
    client = Client(raise_request_exception=False)
    for address, names in ADDRESSES.items():
        for name in [*names, "\x00"]:
            for value in ["\x00", "a\x00b", "\ud800", "é" * 5000]:
                url = f"{address.format(**slugs)}?{encoded(name)}={encoded(value)}"
                assert client.get(url).status_code < 500, url
