from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Event, NewsItem


class EventsPagesSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["events:upcoming", "events:past", "events:news"]

    def location(self, item):
        return reverse(item)


class EventsItemSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return [
            *Event.objects.published().order_by("pk"),
            *NewsItem.objects.published().order_by("pk"),
        ]

    def lastmod(self, item):
        return item.changed_at
