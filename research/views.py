from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django.views.generic import TemplateView

from editorial.seo import absolute_url
from editorial.views import (
    BreadcrumbsMixin,
    FilteredListView,
    PageTextMixin,
    PublishableDetailView,
)

from .filters import PartnerFilter, ProjectFilter
from .models import (
    Alliance,
    InterdisciplinaryProgramme,
    KeyFigure,
    PartnerInstitution,
    Project,
    ResearchProfile,
    ResearchTheme,
    ScienceAreaCluster,
)
from .worldmap import by_country, country_marks

RESEARCH = (_("Research"), "research:index")
COLLABORATIONS = (_("Collaborations and alliances"), "research:collaborations")
GLOBAL_PHD = (_("Global PhD"), "research:global_phd")
PARTNER_LIST = (_("Partner institutions"), "research:partners")
# How many partners of a country the collaborations page names; the list has them all.
NAMED_PER_COUNTRY = 5
NAMED_PER_ALLIANCE = 10
# Projects a page shows before it links to the list of all of them.
PROJECTS_SHOWN = 12
PROJECTS_PER_COUNTRY = 5
JOINT = [Project.Kind.COLLABORATION, Project.Kind.FELLOWSHIP]
PARTNERS = ngettext_lazy("%(count)d partner", "%(count)d partners", "count")
GLOBAL_PHDS = ngettext_lazy(
    "%(count)d Global PhD project", "%(count)d Global PhD projects", "count"
)


class ResearchIndexView(PageTextMixin, BreadcrumbsMixin, TemplateView):
    template_name = "research/research_index.html"
    page_key = "research"
    breadcrumbs = [(_("Research"), None)]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            themes=ResearchTheme.objects.for_list(),
            profiles=ResearchProfile.objects.published(),
            key_figures=KeyFigure.objects.published(),
            **kwargs,
        )


class ThemeDetailView(PublishableDetailView):
    model = ResearchTheme
    breadcrumbs = [RESEARCH]

    def get_queryset(self):
        # Built per request: what is published depends on the time.
        return ResearchTheme.objects.with_relations()


class CollaborationsView(PageTextMixin, BreadcrumbsMixin, TemplateView):
    template_name = "research/collaborations.html"
    page_key = "collaborations"
    breadcrumbs = [RESEARCH, (_("Collaborations and alliances"), None)]

    def get_context_data(self, **kwargs):
        partners = PartnerInstitution.objects.for_list()
        # Each country with its number of partners and the first few of them.
        partners_by_country = PartnerInstitution.objects.by_country(NAMED_PER_COUNTRY)
        named = [partner for row in partners_by_country for partner in row.partners]
        partner_count = sum(row.count for row in partners_by_country)
        return super().get_context_data(
            alliances=Alliance.objects.published()
            .with_member_count()
            .prefetch_related(
                Prefetch(
                    "members",
                    queryset=partners.order_by("name", "pk")[:NAMED_PER_ALLIANCE],
                    to_attr="live_members",
                )
            ),
            clusters=ScienceAreaCluster.objects.published(),
            programmes=InterdisciplinaryProgramme.objects.published(),
            collaborations=Project.objects.for_list()
            .filter(kind__in=JOINT)
            .with_partners()[:PROJECTS_SHOWN],
            collaboration_count=Project.objects.published().filter(kind__in=JOINT).count(),
            partners_by_country=partners_by_country,
            partner_count=partner_count,
            map_marks=country_marks(
                [(row.country, range(row.count)) for row in partners_by_country], PARTNERS
            ),
            structured_data=[
                {
                    "@context": "https://schema.org",
                    "@type": "ItemList",
                    "name": str(_("Partner institutions of LUMC")),
                    "numberOfItems": partner_count,
                    "itemListElement": [
                        {
                            "@type": "ListItem",
                            "position": position,
                            "name": partner.name,
                            "url": absolute_url(partner.get_absolute_url()),
                        }
                        for position, partner in enumerate(named, start=1)
                    ],
                }
            ],
            **kwargs,
        )


class PartnerListView(FilteredListView):
    """/research/partners/: every published partner institution, by page, by country and kind."""

    template_name = "research/partnerinstitution_list.html"
    breadcrumbs = [RESEARCH, COLLABORATIONS, (PARTNER_LIST[0], None)]
    filterset_class = PartnerFilter
    items_name = "partners"
    paginate_by = 50

    def get_queryset(self):
        return PartnerInstitution.objects.for_list().order_by("name", "pk")


class PartnerDetailView(PublishableDetailView):
    model = PartnerInstitution
    breadcrumbs = [RESEARCH, COLLABORATIONS]

    def get_queryset(self):
        return PartnerInstitution.objects.with_relations()

    def get_context_data(self, **kwargs):
        return super().get_context_data(structured_data=[self.object.structured_data()], **kwargs)


class GlobalPhdView(PageTextMixin, BreadcrumbsMixin, TemplateView):
    template_name = "research/global_phd.html"
    page_key = "global-phd"
    breadcrumbs = [RESEARCH, (_("Global PhD"), None)]

    def get_context_data(self, **kwargs):
        projects = list(
            Project.objects.for_list().filter(kind=Project.Kind.GLOBAL_PHD).with_partners()
        )
        # Each country with the first few of its projects, and how many more it has.
        rows = by_country(projects)
        return super().get_context_data(
            projects=projects[:PROJECTS_SHOWN],
            project_count=len(projects),
            projects_by_country=[
                (country, listed[:PROJECTS_PER_COUNTRY], len(listed[PROJECTS_PER_COUNTRY:]))
                for country, listed in rows
            ],
            map_marks=country_marks(rows, GLOBAL_PHDS),
            **kwargs,
        )


class ProjectListView(FilteredListView):
    """/research/projects/: every published project, by page, by kind and words."""

    template_name = "research/project_list.html"
    breadcrumbs = [RESEARCH, (_("Projects"), None)]
    filterset_class = ProjectFilter
    items_name = "projects"
    paginate_by = 24

    def get_queryset(self):
        return Project.objects.for_list().order_by("-start_year", "title", "pk")


class ProjectDetailView(PublishableDetailView):
    model = Project

    def get_queryset(self):
        return Project.objects.with_relations()

    def get_breadcrumbs(self):
        parent = GLOBAL_PHD if self.object.kind == Project.Kind.GLOBAL_PHD else COLLABORATIONS
        return [RESEARCH, parent, (self.object.title, None)]

    def get_context_data(self, **kwargs):
        return super().get_context_data(structured_data=[self.object.structured_data()], **kwargs)
