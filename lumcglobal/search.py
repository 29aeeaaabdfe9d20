"""
Site search over every published content type with a page of its own.

Each searchable item has a search document (`SearchDocument`): its texts by
weight, its address and a copy of its publication fields. The document is
written whenever the item is saved and removed when it is deleted (signals,
connected in `connect()`); bulk writes end with `rebuild()` (the command
`rebuild_search_index`). One query searches every type; `published()` on the
documents decides at query time what the public finds, so scheduled and
expiring items come and go on time without a new index.

On PostgreSQL: full-text search with English stemming over a stored vector
with a GIN index, every word a prefix ("exchang" finds "exchanges"); items with
every word in their title come first, then by rank (titles above summaries
above details above texts); ts_headline marks the words found. A query that
finds nothing gets a suggestion from the titles (pg_trgm word similarity, with
a trigram index).
On SQLite (local use): every word must appear in one of the same texts; items
with every word in their title come first; snippets and suggestions are made in
Python. The results are the same, the ranking and the snippets plainer.
"""

import difflib
import html
import re
from dataclasses import dataclass
from functools import reduce
from operator import add, and_, or_

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import (
    Lexeme,
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.core.paginator import Paginator
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q, TextField, Value
from django.db.models.functions import Concat
from django.db.models.signals import post_delete, post_save
from django.urls import translate_url
from django.utils import translation
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from editorial.richtext import RichTextField
from events.models import Event, NewsItem
from people.models import Person
from programmes.models import ExchangeOption, Programme
from research.models import Alliance, PartnerInstitution, Project, ResearchProfile, ResearchTheme

from .models import SearchDocument

MAX_WORDS = 8
WORD = re.compile(r"\w{2,}")  # single letters would match nearly everything
CONFIG = "english"
BATCH = 1_000


@dataclass(frozen=True, eq=False)  # each kind is one object: hashed by identity
class Kind:
    key: str  # the value of ?type=
    label: str
    model: type
    # field: weight, A (title) to D. The first is the title; `snippet` is the summary
    # (weight B); other A fields are other names, other B and C fields details (C).
    fields: dict
    snippet: str

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
KEYS = {kind.key: kind for kind in KINDS}
KIND_OF = {kind.model: kind for kind in KINDS}


def words(query):
    """The words of a visitor's query: operators and punctuation are not syntax here."""
    return WORD.findall(query.lower())[:MAX_WORDS]


# The index


# Marks that ts_headline puts around the words found, made into <mark> once the
# rest is escaped: characters of Unicode's private use area, which no document holds.
START, STOP = "\ue000", "\ue001"
UNWANTED = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ue000\ue001]")
BLOCK_TAG = re.compile(r"</?(?:p|br|li|ul|ol|h[1-6]|div|blockquote|tr|td|th)\b[^>]*>", re.I)
COLUMNS = ["title", "keywords", "summary", "details", "body"]
WEIGHTS = {"title": "A", "keywords": "A", "summary": "B", "details": "C", "body": "D"}
WRITTEN = [
    *COLUMNS,
    "kind",
    "url",
    "status",
    "publish_from",
    "publish_until",
]


def plain(value, rich=False):
    """Text as the public reads it, on one line; rich text without its tags and entities."""
    text = str(value or "")
    if rich:
        text = html.unescape(strip_tags(BLOCK_TAG.sub(" ", text)))
    return " ".join(UNWANTED.sub(" ", text).split())


def document(kind, item):
    """An unsaved search document of `item`."""
    _title, *fields = kind.fields
    texts = {column: [] for column in COLUMNS}
    texts["title"].append(plain(item))
    for name in fields:
        column = {"A": "keywords", "D": "body"}.get(kind.fields[name], "details")
        rich = isinstance(kind.model._meta.get_field(name), RichTextField)
        texts["summary" if name == kind.snippet else column].append(
            plain(getattr(item, name), rich)
        )
    values = {column: " ".join(part for part in parts if part) for column, parts in texts.items()}
    with translation.override(settings.LANGUAGE_CODE):
        url = item.get_absolute_url()
    return SearchDocument(
        content_type=ContentType.objects.get_for_model(kind.model),
        object_id=item.pk,
        kind=kind.key,
        url=url,
        status=item.status,
        publish_from=item.publish_from,
        publish_until=item.publish_until,
        **values,
    )


def vector():
    """The weighted words of a document's texts, for the database to compute from its columns."""
    return reduce(
        add,
        (SearchVector(column, weight=WEIGHTS[column], config=CONFIG) for column in COLUMNS),
    )


def write(documents, using):
    """
    Insert or update `documents` (at most BATCH), then, on PostgreSQL, have their
    vectors computed from their columns: one statement for all of them.
    """
    table = SearchDocument.objects.using(using)
    table.bulk_create(
        documents,
        update_conflicts=True,
        unique_fields=["content_type", "object_id"],
        update_fields=WRITTEN,
    )
    if documents and connections[using].vendor == "postgresql":
        table.filter(pk__in=[written.pk for written in documents]).update(vector=vector())


def index(sender, instance, using=DEFAULT_DB_ALIAS, **kwargs):
    """Write the document of an item that was saved (published, unpublished, restored...)."""
    write([document(KIND_OF[sender], instance)], using)


def unindex(sender, instance, using=DEFAULT_DB_ALIAS, **kwargs):
    """Remove the document of an item that was deleted."""
    SearchDocument.objects.using(using).filter(
        content_type=ContentType.objects.get_for_model(sender), object_id=instance.pk
    ).delete()


def connect():
    for kind in KINDS:
        uid = f"lumcglobal.search.{kind.key}"
        post_save.connect(index, sender=kind.model, dispatch_uid=uid)
        post_delete.connect(unindex, sender=kind.model, dispatch_uid=uid)


def rebuild(using=DEFAULT_DB_ALIAS):
    """Write every item's document anew, in bulk; returns how many there are."""
    documents = SearchDocument.objects.using(using)
    count = 0
    with transaction.atomic(using=using):
        documents.all().delete()
        for kind in KINDS:
            items = kind.model._default_manager.using(using).order_by("pk")
            batch = []
            for item in items.iterator(chunk_size=BATCH):
                batch.append(document(kind, item))
                if len(batch) == BATCH:
                    write(batch, using)
                    count, batch = count + len(batch), []
            write(batch, using)
            count += len(batch)
    return count


# Searching


@dataclass
class Hit:
    """One result as the page shows it."""

    kind: Kind
    url: str
    title: str  # HTML: escaped, with the words found in <mark>
    snippet: str  # the same


class CountedPaginator(Paginator):
    """A paginator told its count, which the search has counted with the counts per kind."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self.count = count


class Results:
    """
    What a query finds: `counts` [(kind, number)] in the kinds' order, the
    `total`, and a `page()` of hits of the chosen kind or of all, best first.
    A query that finds nothing may have a `suggestion`: the query spelled as
    the titles spell it.
    """

    def __init__(self, terms, documents=None, counts=None, chosen=None, suggestion=None):
        self.terms = terms
        self.documents = SearchDocument.objects.none() if documents is None else documents
        counted = counts or {}
        self.counts = [(kind, counted[kind.key]) for kind in KINDS if counted.get(kind.key)]
        self.total = sum(counted.values())
        self.count = counted.get(chosen.key, 0) if chosen else self.total
        self.suggestion = suggestion

    def page(self, number, per_page):
        page = CountedPaginator(self.documents, per_page, self.count).get_page(number)
        page.object_list = [self.hit(row) for row in page.object_list] if self.count else []
        return page

    def hit(self, row):
        url = row.url
        language = translation.get_language()
        if language and language != settings.LANGUAGE_CODE:
            with translation.override(settings.LANGUAGE_CODE):
                url = translate_url(url, language)
        kind = KEYS[row.kind]
        if hasattr(row, "title_marked"):  # PostgreSQL's headlines
            return Hit(kind, url, marked(row.title_marked), marked(row.snippet_marked))
        text = " ".join(part for part in (row.summary, row.details, row.body) if part)
        return Hit(
            kind,
            url,
            highlight(row.title, self.terms),
            highlight(excerpt(text, self.terms), self.terms),
        )


def search(query, chosen=None):
    """
    The published items that match every word of `query`, best first, of the
    kind `chosen` (a Kind) or of every kind. Two database queries whatever the
    query and the number of items: one counts per kind, and then one reads a
    page of results or, when nothing is found, the titles for a suggestion.
    """
    terms = words(query)
    if not terms:
        return Results(terms)
    postgresql = connections[SearchDocument.objects.db].vendor == "postgresql"
    found = SearchDocument.objects.published().filter(
        full_text(terms) if postgresql else every_word(terms)
    )
    counts = dict(found.order_by().values_list("kind").annotate(Count("pk")))
    if not counts:
        titles = similar_titles(terms) if postgresql else published_titles()
        return Results(terms, suggestion=suggestion(terms, titles))
    if chosen:
        found = found.filter(kind=chosen.key)
    ranked = ranked_full_text(found, terms) if postgresql else ranked_by_title(found, terms)
    return Results(terms, ranked, counts, chosen)


def tsquery(terms, weight=None):
    """Every word, as a prefix; Lexeme escapes what would be syntax."""
    lexemes = (Lexeme(term, prefix=True, weight=weight) for term in terms)
    return SearchQuery(reduce(and_, lexemes), config=CONFIG)


def full_text(terms):
    return Q(vector=tsquery(terms))


def ranked_full_text(found, terms):
    query = tsquery(terms)
    headline = {"config": CONFIG, "start_sel": START, "stop_sel": STOP}
    return (
        found.only("kind", "url")
        .annotate(
            in_title=ExpressionWrapper(
                Q(vector=tsquery(terms, weight="A")), output_field=BooleanField()
            ),
            rank=SearchRank(F("vector"), query),
            title_marked=SearchHeadline("title", query, highlight_all=True, **headline),
            snippet_marked=SearchHeadline(
                Concat(
                    "summary", Value(" "), "details", Value(" "), "body", output_field=TextField()
                ),
                query,
                max_words=30,
                min_words=12,
                max_fragments=2,
                fragment_delimiter=" … ",
                **headline,
            ),
        )
        .order_by("-in_title", "-rank", "pk")
    )


def every_word(terms):
    return reduce(
        and_,
        (
            reduce(or_, (Q(**{f"{column}__icontains": term}) for column in COLUMNS))
            for term in terms
        ),
    )


def in_title(terms):
    return reduce(
        and_,
        (Q(title__icontains=term) | Q(keywords__icontains=term) for term in terms),
    )


def ranked_by_title(found, terms):
    return (
        found.only("kind", "url", "title", "summary", "details", "body")
        .annotate(in_title=ExpressionWrapper(in_title(terms), output_field=BooleanField()))
        .order_by("-in_title", "title", "pk")
    )


# Snippets


def marked(headline):
    """A headline of PostgreSQL's as HTML: everything escaped, the words found in <mark>."""
    text = escape(headline or "")
    return mark_safe(text.replace(START, "<mark>").replace(STOP, "</mark>"))


def term_pattern(terms):
    return re.compile(r"\b(?:" + "|".join(map(re.escape, terms)) + r")\w*", re.IGNORECASE)


def highlight(text, terms):
    """`text` as HTML: everything escaped, the words that start with a term in <mark>."""
    parts, end = [], 0
    for match in term_pattern(terms).finditer(text):
        parts += [escape(text[end : match.start()]), "<mark>", escape(match.group()), "</mark>"]
        end = match.end()
    parts.append(escape(text[end:]))
    return mark_safe("".join(parts))


def excerpt(text, terms, size=30):
    """About `size` words of `text`, from a little before the first word found."""
    pieces = text.split()
    pattern = term_pattern(terms)
    first = next((i for i, piece in enumerate(pieces) if pattern.search(piece)), 0)
    start = max(0, first - 8)
    shown = " ".join(pieces[start : start + size])
    return f"{'… ' if start else ''}{shown}{' …' if start + size < len(pieces) else ''}"


# Suggestions


def similar_titles(terms):
    """The published titles most like each word (pg_trgm's word similarity, indexed)."""
    queries = [
        SearchDocument.objects.published()
        .filter(title__trigram_word_similar=term)
        .annotate(similarity=TrigramWordSimilarity(term, "title"))
        .order_by("-similarity", "pk")
        .values_list("title", flat=True)[:5]
        for term in terms
    ]
    first, *others = queries
    return list(first.union(*others, all=True)) if others else list(first)


def published_titles():
    return list(SearchDocument.objects.published().values_list("title", flat=True))


def suggestion(terms, titles):
    """
    The query with each word that no title has replaced by the title word most
    like it, if any is close enough; None when no word changes.
    """
    vocabulary = {}
    for title in titles:
        for word in WORD.findall(title):
            vocabulary.setdefault(word.lower(), word)
    spelled, changed = [], False
    for term in terms:
        if any(word.startswith(term) for word in vocabulary):
            spelled.append(term)
            continue
        close = difflib.get_close_matches(term, vocabulary, n=1, cutoff=0.75)
        spelled.append(vocabulary[close[0]] if close else term)
        changed = changed or bool(close)
    return " ".join(spelled) if changed else None
