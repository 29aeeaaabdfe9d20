from django.urls import path

from . import feeds, views

app_name = "events"
urlpatterns = [
    path("events/", views.UpcomingEventsView.as_view(), name="upcoming"),
    path("events/past/", views.PastEventsView.as_view(), name="past"),
    path("events/calendar.ics", views.events_calendar, name="calendar"),
    path("events/<slug:slug>.ics", views.event_calendar, name="event_calendar"),
    path("events/<slug:slug>/", views.EventDetailView.as_view(), name="detail"),
    path("news/", views.NewsListView.as_view(), name="news"),
    path("news/feed/", feeds.NewsFeed(), name="news_feed"),
    path("news/atom/", feeds.NewsAtomFeed(), name="news_atom"),
    path("news/<slug:slug>/", views.NewsDetailView.as_view(), name="news_detail"),
]
