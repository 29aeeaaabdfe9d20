"""
The sitemaps: every published item of some types, and named pages. Addresses
start with the site's public origin (DJANGO_SITE_URL), whatever host asked.
"""

from collections.abc import Sequence
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
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

    def __init__(self, querysets):
        self.querysets = querysets

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
    asked per request (Django's GenericSitemap would freeze "now" at import).
    The index costs two queries a model and a page of it one or two, however
    many items there are: only the address and the last change are read.
    """

    def __init__(self, *models, changefreq="weekly"):
        self.models = models
        self.changefreq = changefreq

    def published(self):
        return [model.objects.published() for model in self.models]

    def items(self):
        return Items(
            [items.only("slug", "changed_at").order_by("pk") for items in self.published()]
        )

    def lastmod(self, item):
        return item.changed_at

    def get_latest_lastmod(self):
        latest = [items.aggregate(latest=Max("changed_at"))["latest"] for items in self.published()]
        return max(filter(None, latest), default=None)


class PagesSitemap(SiteSitemap):
    """Fixed pages by URL name, such as "events:past"."""

    def __init__(self, *names, changefreq="monthly"):
        self.names = names
        self.changefreq = changefreq

    def items(self):
        return list(self.names)

    def location(self, name):
        return reverse(name)
