from django.urls import path

from editorial.http import conditional, published_state
from research.models import ResearchTheme

from . import feeds, views
from .models import NewsItem


def news_state(request):
    """What the news feeds show: published news, and the themes when a feed is one theme's."""
    themes = [ResearchTheme.objects.published()] if "theme" in request.GET else []
    return published_state(NewsItem.objects.published(), *themes)


app_name = "events"
urlpatterns = [
    path("events/", views.UpcomingEventsView.as_view(), name="upcoming"),
    path("events/past/", views.PastEventsView.as_view(), name="past"),
    path("events/calendar.ics", views.events_calendar, name="calendar"),
    path("events/<slug:slug>.ics", views.event_calendar, name="event_calendar"),
    path("events/<slug:slug>/", views.EventDetailView.as_view(), name="detail"),
    path("news/", views.NewsListView.as_view(), name="news"),
    path("news/feed/", conditional(news_state)(feeds.NewsFeed()), name="news_feed"),
    path("news/atom/", conditional(news_state)(feeds.NewsAtomFeed()), name="news_atom"),
    path("news/<slug:slug>/", views.NewsDetailView.as_view(), name="news_detail"),
]
