"""
Events and news related to an item of another app, for that item's page:
registered with the core's {% related_content %} in EventsConfig.ready().
"""

from django.db.models import Q

from .models import Event, NewsItem

# For each kind of item: how events and news refer to it.
RELATIONS = {
    "research.researchtheme": (["themes"], ["themes"]),
    "people.person": (["speakers", "contacts"], ["people"]),
    "research.partnerinstitution": (["organisers", "partners"], ["partners"]),
    "programmes.programme": (["programmes"], ["programmes"]),
}


def about(obj, fields):
    query = Q()
    for field in fields:
        query |= Q(**{field: obj})
    return query


def events_and_news(obj, heading_level=2):
    """The next three events and the latest three news items about `obj`, if any refer to it."""
    if obj._meta.label_lower not in RELATIONS:
        return None
    event_fields, news_fields = RELATIONS[obj._meta.label_lower]
    events = list(Event.objects.upcoming().cards().filter(about(obj, event_fields)).distinct()[:3])
    past = not events
    if past:
        events = list(Event.objects.past().cards().filter(about(obj, event_fields)).distinct()[:3])
    news = list(NewsItem.objects.latest().cards().filter(about(obj, news_fields)).distinct()[:3])
    return (
        "events/includes/related.html",
        {"events": events, "past": past, "news": news, "level": heading_level},
    )
