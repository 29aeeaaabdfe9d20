"""News as RSS 2.0 and Atom 1.0, all of it or one research theme's."""

from datetime import datetime, time

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from editorial.seo import SLUG
from research.models import ResearchTheme

from .models import NewsItem

ITEMS = 20


class NewsFeed(Feed):
    description = _(
        "News of LUMC Global, the international platform of Leiden University Medical Center."
    )

    def get_object(self, request):
        slug = request.GET.get("theme")
        if slug is None:
            return None
        # Not a slug (a NUL, say) names no theme, and is not worth a query.
        theme = SLUG.match(slug) and ResearchTheme.objects.published().filter(slug=slug).first()
        if theme is None:
            raise Http404
        return theme

    def title(self, theme):
        return f"LUMC Global: {theme.title}" if theme else "LUMC Global news"

    def link(self, theme):
        url = reverse("events:news")
        return f"{url}?theme={theme.slug}" if theme else url

    def items(self, theme):
        news = NewsItem.objects.latest()
        if theme:
            news = news.filter(themes=theme)
        return news[:ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        # News without a known date has no date in the feed either.
        if item.date:
            return timezone.make_aware(datetime.combine(item.date, time(9)))
        return None

    def item_updateddate(self, item):
        return item.changed_at

    def item_guid(self, item):
        # Stable through slug changes and hosts: the item's number, on the public address.
        return f"{settings.SITE_URL}{reverse('events:news')}#news-{item.pk}"

    item_guid_is_permalink = False


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed
    subtitle = NewsFeed.description
