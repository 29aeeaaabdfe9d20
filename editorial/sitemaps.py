"""
The sitemaps: every published item of some types, and named pages. Addresses
start with the site's public origin (DJANGO_SITE_URL), whatever host asked.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class SiteSitemap(Sitemap):
    """A sitemap whose addresses are on the public origin, protocol and host."""

    @property
    def protocol(self):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class PublishedSitemap(SiteSitemap):
    """
    Every published item of `models`, with its last change. `published()` is
    asked per request (Django's GenericSitemap would freeze "now" at import).
    """

    def __init__(self, *models, changefreq="weekly"):
        self.models = models
        self.changefreq = changefreq

    def items(self):
        return [item for model in self.models for item in model.objects.published().order_by("pk")]

    def lastmod(self, item):
        return item.changed_at


class PagesSitemap(SiteSitemap):
    """Fixed pages by URL name, such as "events:past"."""

    def __init__(self, *names, changefreq="monthly"):
        self.names = names
        self.changefreq = changefreq

    def items(self):
        return list(self.names)

    def location(self, name):
        return reverse(name)
