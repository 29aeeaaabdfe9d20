"""
The sitemaps: every published item of some types, and named pages. Addresses
start with the site's public origin (DJANGO_SITE_URL), whatever host asked.
"""

from collections.abc import Sequence
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Count, Max
from django.urls import reverse
from django.utils.functional import cached_property


class SiteSitemap(Sitemap):
    """A sitemap whose addresses are on the public origin, protocol and host."""

    @property
    def protocol(self):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class Items(Sequence):
    """Several querysets read as one list: counted, and fetched only as far as a page needs."""

    def __init__(self, querysets, counts=None):
        self.querysets = querysets
        if counts is not None:
            self.counts = counts

    @cached_property
    def counts(self):
        return [queryset.count() for queryset in self.querysets]

    def __len__(self):
        return sum(self.counts)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop, _step = index.indices(len(self))
        found = []
        for queryset, count in zip(self.querysets, self.counts, strict=True):
            if start < count and stop > 0:
                found += queryset[max(start, 0) : min(stop, count)]
            start, stop = start - count, stop - count
        return found


class PublishedSitemap(SiteSitemap):
    """
    Every published item of `models`, with its last change. `published()` is
    asked per request (Django's GenericSitemap would freeze "now" at import):
    the sitemap views call this object, which gives them a fresh one for the
    request. The index costs one query a model and a page of it one or two,
    however many items there are: only the address and the last change are read.
    """

    def __init__(self, *models, changefreq="weekly"):
        self.models = models
        self.changefreq = changefreq

    def __call__(self):
        return type(self)(*self.models, changefreq=self.changefreq)

    def published(self):
        return [model.objects.published() for model in self.models]

    @cached_property
    def state(self):
        """For each model: how many items are published, and their latest change."""
        return [
            items.aggregate(count=Count("pk"), latest=Max("changed_at"))
            for items in self.published()
        ]

    def items(self):
        return Items(
            [items.only("slug", "changed_at").order_by("pk") for items in self.published()],
            counts=[state["count"] for state in self.state],
        )

    def lastmod(self, item):
        return item.changed_at

    def get_latest_lastmod(self):
        return max(filter(None, (state["latest"] for state in self.state)), default=None)


class PagesSitemap(SiteSitemap):
    """Fixed pages by URL name, such as "events:past"."""

    def __init__(self, *names, changefreq="monthly"):
        self.names = names
        self.changefreq = changefreq

    def items(self):
        return list(self.names)

    def location(self, name):
        return reverse(name)
