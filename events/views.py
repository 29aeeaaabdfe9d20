from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from editorial.seo import breadcrumbs
from editorial.views import PublishableDetailView
from people.models import Person
from programmes.models import Programme
from research.models import PartnerInstitution, ResearchTheme

from .calendars import events_calendar_response
from .models import Event, NewsItem

EVENTS = (_("Events"), "events:upcoming")
NEWS = (_("News"), "events:news")
PER_PAGE = 12


def chosen(request, name, values):
    """The values of ?name= the site knows; anything else is ignored, never an error."""
    return [value for value in request.GET.getlist(name) if value in values]


def theme_choices(request):
    """Every published theme as (slug, title, ticked), and the ticked themes."""
    slugs = set(request.GET.getlist("theme"))
    themes = ResearchTheme.objects.published()
    return [(theme.slug, theme.title, theme.slug in slugs) for theme in themes], [
        theme for theme in themes if theme.slug in slugs
    ]


def chosen_year(request, years):
    """The year of ?year= when it is one of `years`; anything else shows every year."""
    return next((year for year in years if str(year) == request.GET.get("year")), None)


class UpcomingEventsView(TemplateView):
    """/events/: what is coming, soonest first; an event stays here until it has ended."""

    template_name = "events/event_list.html"

    def get_context_data(self, **kwargs):
        kinds = chosen(self.request, "kind", Event.Kind.values)
        theme_list, themes = theme_choices(self.request)
        events = Event.objects.upcoming()
        if kinds:
            events = events.filter(kind__in=kinds)
        if themes:
            events = events.filter(themes__in=themes).distinct()
        page = Paginator(events, PER_PAGE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            breadcrumbs=breadcrumbs((EVENTS[0], None)),
            page_obj=page,
            events=page.object_list,
            kinds=[(value, label, value in kinds) for value, label in Event.Kind.choices],
            themes=theme_list,
            **kwargs,
        )


class PastEventsView(TemplateView):
    """/events/past/: the archive, newest first, by year."""

    template_name = "events/event_archive.html"

    def get_context_data(self, **kwargs):
        events = Event.objects.past()
        years = [start.year for start in events.datetimes("start", "year", order="DESC")]
        year = chosen_year(self.request, years)
        if year:
            events = events.filter(start__year=year)
        page = Paginator(events, PER_PAGE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            breadcrumbs=breadcrumbs(EVENTS, (_("Past events"), None)),
            page_obj=page,
            events=page.object_list,
            years=years,
            year=year,
            **kwargs,
        )


class EventDetailView(PublishableDetailView):
    model = Event

    def get_queryset(self):
        return Event.objects.with_relations()

    def get_context_data(self, **kwargs):
        event = self.object
        themes = list(event.themes.all())
        related = Event.objects.upcoming().exclude(pk=event.pk)
        if themes:
            related = related.filter(themes__in=themes).distinct()
        else:
            related = related.filter(kind=event.kind)
        ended = event.has_ended()
        return super().get_context_data(
            breadcrumbs=breadcrumbs(
                (_("Past events"), "events:past") if ended else EVENTS, (event.title, None)
            ),
            ended=ended,
            happening=event.is_happening(),
            related_events=related[:3],
            related_news=NewsItem.objects.latest().filter(event=event)[:3],
            structured_data=[event.structured_data()],
            **kwargs,
        )


def event_calendar(request, slug):
    """/events/<slug>.ics: one published event, to add to a calendar."""
    event = get_object_or_404(Event.objects.published(), slug=slug)
    return events_calendar_response([event], event.title, f"event-{event.pk}")


def events_calendar(request):
    """/events/calendar.ics: every published event, past and upcoming; ?kind= narrows it."""
    kinds = chosen(request, "kind", Event.Kind.values)
    events = Event.objects.published().order_by("start", "pk")
    name = str(_("LUMC Global events"))
    if kinds:
        events = events.filter(kind__in=kinds)
        name += ": " + ", ".join(str(Event.Kind(kind).label) for kind in kinds)
    uid = "events" + "".join(f"-{kind}" for kind in sorted(kinds))
    return events_calendar_response(events, name, uid)


class NewsListView(TemplateView):
    """/news/: newest first, by year and theme."""

    template_name = "events/newsitem_list.html"

    def get_context_data(self, **kwargs):
        news = NewsItem.objects.latest()
        years = [day.year for day in news.dates("date", "year", order="DESC")]
        year = chosen_year(self.request, years)
        theme_list, themes = theme_choices(self.request)
        if year:
            news = news.filter(date__year=year)
        if themes:
            news = news.filter(themes__in=themes).distinct()
        page = Paginator(news, PER_PAGE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            breadcrumbs=breadcrumbs((NEWS[0], None)),
            page_obj=page,
            news=page.object_list,
            years=years,
            year=year,
            themes=theme_list,
            chosen_themes=themes,
            **kwargs,
        )


class NewsDetailView(PublishableDetailView):
    model = NewsItem

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
        related = NewsItem.objects.latest().exclude(pk=item.pk)
        if themes:
            related = related.filter(themes__in=themes).distinct()
        return super().get_context_data(
            breadcrumbs=breadcrumbs(NEWS, (item.title, None)),
            related_news=related[:3],
            structured_data=[item.structured_data()],
            **kwargs,
        )
