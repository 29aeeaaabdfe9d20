import re
from datetime import datetime

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from lumcglobal.editorial.seo import SLUG, breadcrumbs
from lumcglobal.editorial.views import PublishableDetailView
from people.models import Person
from research.models import PartnerInstitution, ResearchTheme

from .calendars import calendar_response
from .models import Event, NewsItem

EVENTS = (_("Events"), "events:upcoming")
NEWS = (_("News"), "events:news")
YEAR = re.compile(r"[0-9]{4}")
PER_PAGE = 12


def chosen(request, name, values):
    """The values of ?name= the site knows; anything else is ignored, never an error."""
    return [value for value in request.GET.getlist(name) if value in values]


def themes_by_slug(request):
    slugs = [slug for slug in request.GET.getlist("theme") if SLUG.match(slug)]
    return list(ResearchTheme.objects.published().filter(slug__in=slugs)) if slugs else []


class UpcomingEventsView(TemplateView):
    """/events/: what is coming, soonest first; an event stays here until it has ended."""

    template_name = "events/event_list.html"

    def get_context_data(self, **kwargs):
        kinds = chosen(self.request, "kind", Event.Kind.values)
        themes = themes_by_slug(self.request)
        events = Event.objects.upcoming().with_relations()
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
            themes=[
                (theme.slug, theme.title, theme in themes)
                for theme in ResearchTheme.objects.published()
            ],
            now=timezone.now(),
            **kwargs,
        )


class PastEventsView(TemplateView):
    """/events/past/: the archive, newest first, by year."""

    template_name = "events/event_archive.html"

    def get_context_data(self, **kwargs):
        past = Event.objects.past()
        years = sorted(
            {timezone.localtime(start).year for start in past.values_list("start", flat=True)},
            reverse=True,
        )
        year = self.request.GET.get("year", "")
        year = int(year) if YEAR.fullmatch(year) and int(year) in years else None
        events = past.with_relations()
        if year:
            start = timezone.make_aware(datetime(year, 1, 1))
            events = events.filter(start__gte=start, start__lt=start.replace(year=year + 1))
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
        return Event.objects.with_relations().prefetch_related("programmes")

    def get_context_data(self, **kwargs):
        event = self.object
        themes = list(event.themes.all())
        related = Event.objects.upcoming().exclude(pk=event.pk)
        if themes:
            related = related.filter(themes__in=themes).distinct()
        else:
            related = related.filter(kind=event.kind)
        return super().get_context_data(
            breadcrumbs=breadcrumbs(
                EVENTS if not event.has_ended() else (_("Past events"), "events:past"),
                (event.title, None),
            ),
            ended=event.has_ended(),
            happening=event.is_happening(),
            related_events=related[:3],
            related_news=NewsItem.objects.latest().filter(event=event)[:3],
            structured_data=[event.structured_data()],
            **kwargs,
        )


def event_calendar(request, slug):
    """/events/<slug>.ics: one published event, to add to a calendar."""
    event = Event.objects.published().filter(slug=slug).first()
    if event is None:
        raise Http404
    return calendar_response([event], event.title, f"event-{event.pk}")


def events_calendar(request):
    """/events/calendar.ics: every published event, past and upcoming; ?kind= narrows it."""
    kinds = chosen(request, "kind", Event.Kind.values)
    events = Event.objects.published().order_by("start", "pk")
    name = str(_("LUMC Global events"))
    if kinds:
        events = events.filter(kind__in=kinds)
        name += ": " + ", ".join(str(Event.Kind(kind).label) for kind in kinds)
    uid = "events" + "".join(f"-{kind}" for kind in sorted(kinds))
    return calendar_response(events, name, uid)


class NewsListView(TemplateView):
    """/news/: newest first, by year and theme."""

    template_name = "events/newsitem_list.html"

    def get_context_data(self, **kwargs):
        news = NewsItem.objects.latest().prefetch_related("themes")
        dates = news.exclude(date=None).values_list("date", flat=True)
        years = sorted({day.year for day in dates}, reverse=True)
        year = self.request.GET.get("year", "")
        year = int(year) if YEAR.fullmatch(year) and int(year) in years else None
        themes = themes_by_slug(self.request)
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
            themes=[
                (theme.slug, theme.title, theme in themes)
                for theme in ResearchTheme.objects.published()
            ],
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
