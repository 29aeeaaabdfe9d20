from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import ExchangeOption, Programme


class ProgrammesPagesSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return ["programmes:list", "programmes:finder"]

    def location(self, item):
        return reverse(item)


class ProgrammesItemSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return [
            *Programme.objects.published().order_by("pk"),
            *ExchangeOption.objects.published().order_by("pk"),
        ]

    def lastmod(self, item):
        return item.changed_at
