from datetime import timedelta

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from icalendar import Event

from editorial.calendars import calendar_response, calendar_uid
from editorial.http import conditional, published_state
from editorial.seo import SLUG
from editorial.views import BreadcrumbsMixin, PageTextMixin, PublishableDetailView
from people.models import Person
from research.models import PartnerInstitution

from .filters import ExchangeOptionFilter, MyProgrammeForm
from .models import ExchangeOption, Programme
from .resources import CSV, PublicCatalogueResource

FINDER = (_("Exchange finder"), "programmes:finder")
PROGRAMMES = (_("Programmes"), "programmes:list")
MAX_COMPARED = 4


class FinderView(PageTextMixin, BreadcrumbsMixin, TemplateView):
    """/exchange/: every published exchange option, filtered, counted, sorted and paged."""

    template_name = "programmes/finder.html"
    page_key = "exchange"
    paginate_by = 20
    breadcrumbs = [(FINDER[0], None)]

    def get_template_names(self):
        # Scripts ask for the results alone, to update them in place.
        if self.request.headers.get("X-Partial") == "finder":
            return [f"{self.template_name}#finder"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        filterset = ExchangeOptionFilter(
            self.request.GET, queryset=ExchangeOption.objects.for_finder(), request=self.request
        )
        paginator = Paginator(filterset.results(), self.paginate_by)
        paginator.count = filterset.total  # counted with the facets, in the same query
        page = paginator.get_page(self.request.GET.get("page"))
        active = filterset.active
        slot = MyProgrammeForm.slot(active)
        return super().get_context_data(
            filterset=filterset,
            facets=filterset.facets(),
            page_obj=page,
            results=page.object_list,
            active=[
                {"label": filterset.filters[name].label, "url": self.url_without(filterset, name)}
                for name in active
            ],
            ignored=filterset.ignored,
            dropping_helps=[
                {**drop, "url": self.url_without(filterset, drop["name"])}
                for drop in (filterset.dropping_helps() if not page.paginator.count else [])
            ],
            slot=slot,
            max_compared=MAX_COMPARED,
            my_programme=MyProgrammeForm(filterset.programmes, slot=slot),
            **kwargs,
        )

    def url_without(self, filterset, name):
        """This page's address without one filter, back on the first page."""
        # From what the filters took: the values they ignored are not carried along.
        query = filterset.data.copy()
        query.pop(name, None)
        query.pop("page", None)
        return f"?{query.urlencode()}" if query else self.request.path

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        patch_vary_headers(response, ["X-Partial"])
        return response


class OptionDetailView(PublishableDetailView):
    model = ExchangeOption
    context_object_name = "option"
    breadcrumbs = [FINDER]

    def get_queryset(self):
        return ExchangeOption.objects.with_relations().select_related("contact__photo")

    def get_context_data(self, **kwargs):
        option = self.object
        related = (
            ExchangeOption.objects.for_finder()
            .exclude(pk=option.pk)
            .filter(Q(programme=option.programme, level=option.level) | Q(kind=option.kind))
            .order_by("title")[:4]
        )
        return super().get_context_data(
            related=related,
            structured_data=[option.structured_data()],
            **kwargs,
        )


def chosen_options(request, limit):
    """
    The published options named by ?option=slug, in the order given, at most
    `limit`; and whether more were named. Unknown names take no place.
    """
    named = request.GET.getlist("option")[:100]
    slugs = list(dict.fromkeys(slug for slug in named if SLUG.match(slug)))
    found = {
        option.slug: option for option in ExchangeOption.objects.for_finder().filter(slug__in=slugs)
    }
    options = [found[slug] for slug in slugs if slug in found]
    return options[:limit], len(options) > limit


class CompareView(BreadcrumbsMixin, TemplateView):
    template_name = "programmes/compare.html"
    breadcrumbs = [FINDER, (_("Compare"), None)]

    def get_context_data(self, **kwargs):
        options, too_many = chosen_options(self.request, MAX_COMPARED)
        return super().get_context_data(
            options=options,
            too_many=too_many,
            max_compared=MAX_COMPARED,
            **kwargs,
        )


class ShortlistView(BreadcrumbsMixin, TemplateView):
    template_name = "programmes/shortlist.html"
    breadcrumbs = [FINDER, (_("My shortlist"), None)]

    def get_context_data(self, **kwargs):
        options, _too_many = chosen_options(self.request, 50)
        return super().get_context_data(
            options=options,
            compare_query="&".join(f"option={option.slug}" for option in options[:MAX_COMPARED]),
            **kwargs,
        )


@conditional(
    lambda request: published_state(
        ExchangeOption.objects.published(), Programme.objects.published(), today=True
    )
)
def deadlines_calendar(request):
    """/exchange/deadlines.ics: every open application deadline, to subscribe to."""
    options = ExchangeOption.objects.published().filter(
        deadline__gte=timezone.localdate(), rolling=False
    )
    # As many programmes as the finder takes; a repeat takes no place.
    given = dict.fromkeys(request.GET.getlist("programme"))
    programmes = [slug for slug in given if SLUG.match(slug)][
        : ExchangeOptionFilter.MAX_VALUES["programme"]
    ]
    name = _("LUMC exchange application deadlines")
    chosen = []
    if given:
        chosen = list(Programme.objects.published().filter(slug__in=programmes))
        if not chosen:
            raise Http404
        options = options.open_to(programmes=chosen)
        name = f"{name}: {', '.join(programme.title for programme in chosen)}"
    key = "exchange-deadlines" + "".join(f"-{slug}" for slug in sorted(p.slug for p in chosen))
    return calendar_response(
        name,
        key,
        [deadline_event(option) for option in options.order_by("deadline", "title")],
        product="Exchange deadlines",
        refresh=timedelta(days=1),
        url=settings.SITE_URL + request.get_full_path(),
    )


def deadline_event(option):
    url = settings.SITE_URL + option.get_absolute_url()
    return Event.new(
        summary=str(_("Application deadline: %(title)s") % {"title": option.title}),
        start=option.deadline,
        end=option.deadline + timedelta(days=1),
        uid=calendar_uid(f"exchange-deadline-{option.pk}"),
        url=url,
        description=f"{option.summary}\n\n{url}".strip(),
    )


@conditional(
    lambda request, fmt: published_state(
        ExchangeOption.objects.published(),
        Programme.objects.published(),
        PartnerInstitution.objects.published(),
        Person.objects.published(),
    )
)
def catalogue(request, fmt):
    """The published catalogue as open data, in the columns of the admin's export."""
    # A list, read in a fixed number of queries: handed a queryset that prefetches,
    # the export reads it by pages of a hundred, two queries each.
    options = list(ExchangeOption.objects.for_finder().order_by("slug"))
    dataset = PublicCatalogueResource().export(options)
    if fmt == "csv":
        response = HttpResponse(CSV().export_data(dataset), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="lumc-exchange-options.csv"'
        return response
    return HttpResponse(dataset.json, content_type="application/json")


class ProgrammeListView(BreadcrumbsMixin, TemplateView):
    template_name = "programmes/programme_list.html"
    breadcrumbs = [(PROGRAMMES[0], None)]

    def get_context_data(self, **kwargs):
        return super().get_context_data(programmes=Programme.objects.published(), **kwargs)


# Options a programme's page lists under each year; the finder has them all.
OPTIONS_SHOWN = 8


class ProgrammeDetailView(PublishableDetailView):
    model = Programme
    breadcrumbs = [PROGRAMMES]

    def get_queryset(self):
        return Programme.objects.with_options()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            by_level=self.object.options_by_level(shown=OPTIONS_SHOWN),
            open_to_all=ExchangeOption.objects.published().open_to_every_programme(),
            **kwargs,
        )
