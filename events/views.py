from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from editorial import views as editorial_views
from editorial.http import conditional, published_state
from editorial.views import PublishableDetailView
from people.models import Person
from programmes.models import Programme
from research.models import PartnerInstitution, ResearchTheme

from .calendars import events_calendar_response
from .filters import EventCalendarFilter, NewsFilter, PastEventFilter, UpcomingEventFilter
from .models import Event, NewsItem

EVENTS = (_("Events"), "events:upcoming")
NEWS = (_("News"), "events:news")
PER_PAGE = 12


class FilteredListView(editorial_views.FilteredListView):
    paginate_by = PER_PAGE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The year chosen, on the pages by year (for their titles).
        context["year"] = context["filterset"].chosen("year")
        return context


class UpcomingEventsView(FilteredListView):
    """/events/: what is coming, soonest first; an event stays here until it has ended."""

    template_name = "events/event_list.html"
    breadcrumbs = [(EVENTS[0], None)]
    filterset_class = UpcomingEventFilter
    items_name = "events"

    def get_queryset(self):
        return Event.objects.upcoming().cards()


class PastEventsView(FilteredListView):
    """/events/past/: the archive, newest first, by year."""

    template_name = "events/event_archive.html"
    breadcrumbs = [EVENTS, (_("Past events"), None)]
    filterset_class = PastEventFilter
    items_name = "events"

    def get_queryset(self):
        return Event.objects.past().cards()


class EventDetailView(PublishableDetailView):
    model = Event
    breadcrumbs = [EVENTS]

    def get_queryset(self):
        return Event.objects.with_relations()

    @cached_property
    def ended(self):
        return self.object.has_ended()

    def get_breadcrumbs(self):
        # Once it is over, an event belongs to the archive.
        if self.ended:
            return [(_("Past events"), "events:past"), (str(self.object), None)]
        return super().get_breadcrumbs()

    def get_context_data(self, **kwargs):
        event = self.object
        themes = list(event.themes.all())
        related = Event.objects.upcoming().cards().exclude(pk=event.pk)
        related = related.on_themes(themes) if themes else related.filter(kind=event.kind)
        return super().get_context_data(
            ended=self.ended,
            happening=event.is_happening(),
            related_events=related[:3],
            related_news=NewsItem.objects.latest().cards().filter(event=event)[:3],
            structured_data=[event.structured_data()],
            **kwargs,
        )


@conditional(lambda request, slug: published_state(Event.objects.published().filter(slug=slug)))
def event_calendar(request, slug):
    """/events/<slug>.ics: one published event, to add to a calendar."""
    event = get_object_or_404(Event.objects.published(), slug=slug)
    return events_calendar_response([event], event.title, f"event-{event.pk}")


# How many past events the calendar to subscribe to keeps (calendar apps keep what they saw);
# each keeps its own .ics.
CALENDAR_PAST_EVENTS = 100


# What it shows changes with the events, and when one of them ends.
@conditional(lambda request: published_state(Event.objects.published(), Event.objects.past()))
def events_calendar(request):
    """
    /events/calendar.ics: every published event to come and the latest past ones
    (so that its size follows the agenda, not the years); ?kind= narrows it.
    """
    now = timezone.now()
    latest_past = Event.objects.past(now).values("pk")[:CALENDAR_PAST_EVENTS]
    shown = Event.objects.published().for_calendar().filter(Q(end__gt=now) | Q(pk__in=latest_past))
    filterset = EventCalendarFilter(request.GET, queryset=shown.order_by("start", "pk"))
    kinds = filterset.chosen("kind") or []
    name = str(_("LUMC Global events"))
    if kinds:
        name += ": " + ", ".join(str(Event.Kind(kind).label) for kind in kinds)
    uid = "events" + "".join(f"-{kind}" for kind in sorted(kinds))
    return events_calendar_response(filterset.qs, name, uid)


class NewsListView(FilteredListView):
    """/news/: newest first, by year and theme."""

    template_name = "events/newsitem_list.html"
    breadcrumbs = [(NEWS[0], None)]
    filterset_class = NewsFilter
    items_name = "news"

    def get_queryset(self):
        return NewsItem.objects.latest().cards()


class NewsDetailView(PublishableDetailView):
    model = NewsItem
    # As the news cards call a news item.
    context_object_name = "item"
    breadcrumbs = [NEWS]

    def get_queryset(self):
        return NewsItem.objects.select_related("image", "event").prefetch_related(
            Prefetch("themes", queryset=ResearchTheme.objects.published()),
            Prefetch("people", queryset=Person.objects.published()),
            Prefetch("partners", queryset=PartnerInstitution.objects.published()),
            Prefetch("programmes", queryset=Programme.objects.published()),
        )

    def get_context_data(self, **kwargs):
        item = self.object
        themes = list(item.themes.all())
        related = NewsItem.objects.latest().cards().exclude(pk=item.pk)
        if themes:
            related = related.on_themes(themes)
        return super().get_context_data(
            related_news=related[:3], structured_data=[item.structured_data()], **kwargs
        )
