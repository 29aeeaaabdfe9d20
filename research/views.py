from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django.views.generic import TemplateView

from editorial.models import TextBlock
from editorial.seo import breadcrumbs
from editorial.views import PublishableDetailView
from people.models import Person

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
from .worldmap import country_marks

RESEARCH = (_("Research"), "research:index")
PARTNERS = ngettext_lazy("%(count)d partner", "%(count)d partners", "count")
GLOBAL_PHDS = ngettext_lazy(
    "%(count)d Global PhD project", "%(count)d Global PhD projects", "count"
)


def crumbs(*trail):
    """Breadcrumbs below Research."""
    return breadcrumbs(RESEARCH, *trail)


class ResearchIndexView(TemplateView):
    template_name = "research/research_index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            breadcrumbs=[(_("Research"), None)],
            texts=TextBlock.objects.by_key(
                "research_intro", "phd_and_postdocs", "research_funding"
            ),
            themes=ResearchTheme.objects.published(),
            profiles=ResearchProfile.objects.published(),
            key_figures=KeyFigure.objects.published(),
            **kwargs,
        )


class ThemeDetailView(PublishableDetailView):
    model = ResearchTheme

    def get_queryset(self):
        # Built per request: what is published depends on the time.
        return ResearchTheme.objects.prefetch_related(
            Prefetch("contacts", queryset=Person.objects.published().select_related("photo")),
            Prefetch("projects", queryset=Project.objects.published()),
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(breadcrumbs=crumbs((self.object.title, None)), **kwargs)


class CollaborationsView(TemplateView):
    template_name = "research/collaborations.html"

    def get_context_data(self, **kwargs):
        partners = PartnerInstitution.objects.published().select_related("logo")
        by_country = partners.by_country()
        return super().get_context_data(
            breadcrumbs=crumbs((_("Collaborations and alliances"), None)),
            texts=TextBlock.objects.by_key(
                "collaborations_intro",
                "leiden_university",
                "science_areas",
                "interdisciplinary_programmes",
            ),
            alliances=Alliance.objects.published().prefetch_related(
                Prefetch("members", queryset=partners, to_attr="live_members")
            ),
            clusters=ScienceAreaCluster.objects.published(),
            programmes=InterdisciplinaryProgramme.objects.published(),
            collaborations=Project.objects.published()
            .filter(kind__in=[Project.Kind.COLLABORATION, Project.Kind.FELLOWSHIP])
            .with_relations(),
            partners_by_country=by_country,
            map_marks=country_marks(
                {country.code: len(group) for country, group in by_country}, PARTNERS
            ),
            structured_data=[
                {
                    "@context": "https://schema.org",
                    "@type": "ItemList",
                    "name": str(_("Partner institutions of LUMC")),
                    "itemListElement": [
                        {
                            "@type": "ListItem",
                            "position": position,
                            "item": partner.structured_data(),
                        }
                        for position, partner in enumerate(
                            (p for _country, group in by_country for p in group), start=1
                        )
                    ],
                }
            ],
            **kwargs,
        )


class PartnerDetailView(PublishableDetailView):
    model = PartnerInstitution

    def get_queryset(self):
        return PartnerInstitution.objects.select_related("logo").prefetch_related(
            Prefetch("alliances", queryset=Alliance.objects.published()),
            Prefetch("projects", queryset=Project.objects.published()),
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            breadcrumbs=crumbs(
                (_("Collaborations and alliances"), "research:collaborations"),
                (self.object.name, None),
            ),
            structured_data=[self.object.structured_data()],
            **kwargs,
        )


class GlobalPhdView(TemplateView):
    template_name = "research/global_phd.html"

    def get_context_data(self, **kwargs):
        projects = list(
            Project.objects.published().filter(kind=Project.Kind.GLOBAL_PHD).with_relations()
        )
        counts = {}
        for project in projects:
            for code in project.countries():
                counts[code] = counts.get(code, 0) + 1
        return super().get_context_data(
            breadcrumbs=crumbs((_("Global PhD"), None)),
            texts=TextBlock.objects.by_key("global_phd_intro"),
            projects=projects,
            countries=sorted(counts),
            map_marks=country_marks(counts, GLOBAL_PHDS),
            **kwargs,
        )


class ProjectDetailView(PublishableDetailView):
    model = Project

    def get_queryset(self):
        return Project.objects.select_related("image").with_relations()

    def get_context_data(self, **kwargs):
        parent = (
            (_("Global PhD"), "research:global_phd")
            if self.object.kind == Project.Kind.GLOBAL_PHD
            else (_("Collaborations and alliances"), "research:collaborations")
        )
        return super().get_context_data(
            breadcrumbs=crumbs(parent, (self.object.title, None)),
            structured_data=[self.object.structured_data()],
            **kwargs,
        )
