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


def about(model, obj, fields):
    """
    The condition for the items of `model` that refer to `obj` in any of `fields`
    (many-to-many): their ids, gathered from the link tables, each once. The
    database starts from the few links of `obj`, not from every event or news item.
    """
    linked = []
    for name in fields:
        relation = model._meta.get_field(name)
        through = relation.remote_field.through
        linked.append(
            through.objects.filter(**{relation.m2m_reverse_field_name(): obj}).values(
                relation.m2m_field_name()
            )
        )
    first, *others = linked
    return Q(pk__in=first.union(*others) if others else first)


def events_and_news(obj, heading_level=2):
    """The next three events and the latest three news items about `obj`, if any refer to it."""
    if obj._meta.label_lower not in RELATIONS:
        return None
    event_fields, news_fields = RELATIONS[obj._meta.label_lower]
    events_about = about(Event, obj, event_fields)
    events = list(Event.objects.upcoming().cards().filter(events_about)[:3])
    past = not events
    if past:
        events = list(Event.objects.past().cards().filter(events_about)[:3])
    news = list(NewsItem.objects.latest().cards().filter(about(NewsItem, obj, news_fields))[:3])
    return (
        "events/includes/related.html",
        {"events": events, "past": past, "news": news, "level": heading_level},
    )
