"""
Site search over every published content type with a page of its own.

On PostgreSQL: full-text search with English stemming, every word a prefix
("exchang" finds "exchanges"), ranked with titles above summaries above texts.
On SQLite (local use): every word must appear in one of the same fields; items
with all words in their title come first. Only `published()` items are searched.
"""

import re
from dataclasses import dataclass
from functools import reduce
from operator import add, and_, or_

from django.contrib.postgres.search import Lexeme, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, FloatField, Q, Value, When
from django.utils.translation import gettext_lazy as _

from events.models import Event, NewsItem
from people.models import Person
from programmes.models import ExchangeOption, Programme
from research.models import Alliance, PartnerInstitution, Project, ResearchProfile, ResearchTheme

MAX_WORDS = 8
MAX_PER_KIND = 100  # enough for a site of this size; the best-ranked come first
WORD = re.compile(r"\w{2,}")  # single letters would match nearly everything


@dataclass(frozen=True, eq=False)  # each kind is one object: hashed by identity
class Kind:
    key: str  # the value of ?type=
    label: str
    model: type
    fields: dict  # field: weight, A (title) to D
    snippet: str  # the attribute shown under the title

    @property
    def name(self):
        return self.model._meta.verbose_name


KINDS = [
    Kind(
        "people",
        _("People"),
        Person,
        {"name": "A", "role": "B", "topics": "B", "regions": "C", "bio": "D"},
        "role",
    ),
    Kind(
        "themes",
        _("Research themes"),
        ResearchTheme,
        {"title": "A", "subtitle": "B", "summary": "B", "body": "D"},
        "summary",
    ),
    Kind(
        "profiles",
        _("Research profiles"),
        ResearchProfile,
        {"title": "A", "summary": "B"},
        "summary",
    ),
    Kind(
        "partners",
        _("Partner institutions"),
        PartnerInstitution,
        {"name": "A", "short_name": "A", "city": "B", "description": "D"},
        "city",
    ),
    Kind(
        "alliances",
        _("Alliances"),
        Alliance,
        {"name": "A", "short_name": "A", "lumc_role": "C", "description": "D"},
        "lumc_role",
    ),
    Kind(
        "projects", _("Projects"), Project, {"title": "A", "summary": "B", "body": "D"}, "summary"
    ),
    Kind(
        "programmes",
        _("Programmes"),
        Programme,
        {"title": "A", "summary": "B", "body": "D"},
        "summary",
    ),
    Kind(
        "exchange",
        _("Exchange options"),
        ExchangeOption,
        {"title": "A", "summary": "B", "description": "D"},
        "summary",
    ),
    Kind(
        "events",
        _("Events"),
        Event,
        {"title": "A", "summary": "B", "venue": "C", "city": "C", "body": "D"},
        "summary",
    ),
    Kind("news", _("News"), NewsItem, {"title": "A", "summary": "B", "body": "D"}, "summary"),
]
KEYS = {kind.key for kind in KINDS}


def words(query):
    """The words of a visitor's query: operators and punctuation are not syntax here."""
    return WORD.findall(query.lower())[:MAX_WORDS]


def search(query):
    """
    For each kind, its published items that match every word of `query`, best first:
    {kind: [item, ...]}. Each item has a `rank`. One query per kind, whatever the query.
    """
    terms = words(query)
    if not terms:
        return {}
    match = full_text if connection.vendor == "postgresql" else contains
    results = {}
    for kind in KINDS:
        items = list(match(kind, terms)[:MAX_PER_KIND])
        if items:
            results[kind] = items
    return results


def full_text(kind, terms):
    vector = reduce(
        add,
        (
            SearchVector(field, weight=weight, config="english")
            for field, weight in kind.fields.items()
        ),
    )
    query = SearchQuery(
        reduce(and_, (Lexeme(term, prefix=True) for term in terms)), config="english"
    )
    return (
        kind.model.objects.published()
        .annotate(document=vector, rank=SearchRank(vector, query))
        .filter(document=query)
        .order_by("-rank", "pk")
    )


def contains(kind, terms):
    title = next(iter(kind.fields))
    every_word = reduce(
        and_,
        (
            reduce(or_, (Q(**{f"{field}__icontains": term}) for field in kind.fields))
            for term in terms
        ),
    )
    in_title = reduce(and_, (Q(**{f"{title}__icontains": term}) for term in terms))
    return (
        kind.model.objects.published()
        .filter(every_word)
        .annotate(
            rank=Case(
                When(in_title, then=Value(1.0)), default=Value(0.5), output_field=FloatField()
            )
        )
        .order_by("-rank", title, "pk")
    )
