from dataclasses import dataclass, field

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, Prefetch, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import Country, CountryField

from editorial.images import image_url
from editorial.models import Publication, Publishable, PublishableQuerySet, image_field
from editorial.richtext import RichTextField
from editorial.seo import absolute_url, organisation, structured
from people.models import Person


def anchored(url_name, anchor):
    return f"{reverse(url_name)}#{anchor}"


def year_field(verbose_name, **options):
    return models.PositiveSmallIntegerField(
        verbose_name,
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
        **options,
    )


class ResearchThemeQuerySet(PublishableQuerySet):
    def for_list(self):
        """Published themes with what a list shows: not their text."""
        return self.published().defer("body")

    def with_relations(self):
        """Themes with their image and published contacts and projects, in three queries."""
        return self.select_related("image").prefetch_related(
            Prefetch("contacts", queryset=Person.objects.for_list(), to_attr="live_contacts"),
            Prefetch("projects", queryset=Project.objects.for_list(), to_attr="live_projects"),
        )


class ResearchTheme(Publishable):
    """One of the themes LUMC's specialists work together on."""

    title = models.CharField(_("title"), max_length=200)
    subtitle = models.CharField(
        _("subtitle"),
        max_length=200,
        blank=True,
        help_text=_("For example “Prevention & lifestyle”."),
    )
    summary = models.TextField(
        _("summary"), max_length=500, blank=True, help_text=_("One or two sentences for lists.")
    )
    body = RichTextField(_("text"))
    image = image_field(_("image"))
    contacts = models.ManyToManyField(
        Person, verbose_name=_("contact people"), blank=True, related_name="research_themes"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = ResearchThemeQuerySet.as_manager()

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("research theme")
        verbose_name_plural = _("research themes")
        permissions = [("publish_researchtheme", _("Can publish and unpublish research themes"))]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("research:theme", args=[self.slug])


class ResearchProfile(Publishable):
    """One of LUMC's medical research profiles."""

    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("research profile")
        verbose_name_plural = _("research profiles")
        permissions = [
            ("publish_researchprofile", _("Can publish and unpublish research profiles"))
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return anchored("research:index", f"profile-{self.slug}")


@dataclass
class CountryRow:
    """A country with its number of partners and some of them."""

    country: Country
    count: int
    partners: list = field(default_factory=list)


class PartnerQuerySet(PublishableQuerySet):
    def for_list(self):
        """Published partners with what a list shows: not their description."""
        return self.published().defer("description")

    def by_country(self, named):
        """
        Each country with published partners, by name, with its number of partners
        and the first `named` of them by name (with their logos): one query,
        whatever the number of partners.
        """
        first = (
            self.for_list()
            .select_related("logo")
            .annotate(
                rank=Window(RowNumber(), partition_by=F("country"), order_by=["name", "pk"]),
                in_country=Window(Count("pk"), partition_by=F("country")),
            )
            .filter(rank__lte=named)
            .order_by("name", "pk")
        )
        rows = {}
        for partner in first:
            code = partner.country.code
            rows.setdefault(code, CountryRow(partner.country, partner.in_country))
            rows[code].partners.append(partner)
        return sorted(rows.values(), key=lambda row: row.country.name)

    def with_relations(self):
        """Partners with their logos and published alliances and projects, in three queries."""
        return self.select_related("logo").prefetch_related(
            Prefetch("alliances", queryset=Alliance.objects.published(), to_attr="live_alliances"),
            Prefetch("projects", queryset=Project.objects.for_list(), to_attr="live_projects"),
        )


class PartnerInstitution(Publishable):
    """An institution LUMC works with: a university, a company, a funder, ..."""

    class Kind(models.TextChoices):
        UNIVERSITY = "university", _("university")
        UMC = "umc", _("university medical centre")
        RESEARCH_INSTITUTE = "institute", _("research institute")
        COMPANY = "company", _("company")
        NETWORK = "network", _("network")
        GOVERNMENT = "government", _("government")
        FUNDER = "funder", _("funder")

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(
        _("short name"), max_length=60, blank=True, help_text=_("For example “KU Leuven”.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, db_index=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = CountryField(_("country"))
    website = models.URLField(_("website"), blank=True)
    logo = image_field(_("logo"))
    description = RichTextField(_("description"))

    objects = PartnerQuerySet.as_manager()
    slug_source = "name"

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner institution")
        verbose_name_plural = _("partner institutions")
        permissions = [
            ("publish_partnerinstitution", _("Can publish and unpublish partner institutions"))
        ]
        indexes = [
            # The partner list by name, and each country's partners by name (by_country()).
            models.Index(fields=["name", "id"], name="partner_name"),
            models.Index(fields=["country", "name", "id"], name="partner_country_name"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("research:partner", args=[self.slug])

    def countries(self):
        """Its country, as a list like a project's."""
        return [self.country]

    SCHEMA_TYPES = {
        Kind.UNIVERSITY: "CollegeOrUniversity",
        Kind.UMC: "Hospital",
        Kind.RESEARCH_INSTITUTE: "ResearchOrganization",
        Kind.COMPANY: "Corporation",
        Kind.GOVERNMENT: "GovernmentOrganization",
        Kind.FUNDER: "FundingAgency",
    }

    def structured_data(self):
        """The institution as a schema.org Organization (or the narrower type that fits)."""
        address = {"@type": "PostalAddress", "addressCountry": self.country.code}
        if self.city:
            address["addressLocality"] = self.city
        data = {
            "@context": "https://schema.org",
            "@type": self.SCHEMA_TYPES.get(self.kind, "Organization"),
            "name": self.name,
            "url": absolute_url(self.get_absolute_url()),
            "address": address,
        }
        optional = {
            "alternateName": self.short_name,
            "sameAs": self.website,
            "logo": self.logo and image_url(self.logo),
        }
        return structured(data, **optional)


class AllianceQuerySet(PublishableQuerySet):
    def with_member_count(self):
        """Alliances with `member_count`: their published members, in the same query."""
        members = (
            PartnerInstitution.objects.published()
            .filter(alliances=models.OuterRef("pk"))
            .order_by()
            .values("alliances")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(member_count=models.functions.Coalesce(models.Subquery(members), 0))


class Alliance(Publishable):
    """An alliance or network LUMC is part of, with its member institutions."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    size = models.CharField(
        _("size"),
        max_length=200,
        blank=True,
        help_text=_("As the alliance states it, e.g. “21 research universities in 10 countries”."),
    )
    description = RichTextField(_("description"), heading_level=4)
    lumc_role = models.TextField(_("LUMC's role"), blank=True)
    website = models.URLField(_("website"), blank=True)
    objects = AllianceQuerySet.as_manager()

    members = models.ManyToManyField(
        PartnerInstitution,
        verbose_name=_("member institutions"),
        blank=True,
        related_name="alliances",
        help_text=_("The members the site knows of; LUMC itself is not listed."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    slug_source = "name"

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("alliance or network")
        verbose_name_plural = _("alliances and networks")
        permissions = [("publish_alliance", _("Can publish and unpublish alliances"))]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return anchored("research:collaborations", f"alliance-{self.slug}")


class ScienceAreaCluster(Publication):
    """One of the clusters of science areas in which Leiden University and LUMC work together."""

    title = models.CharField(_("title"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("science-area cluster")
        verbose_name_plural = _("science-area clusters (Leiden University)")
        permissions = [
            ("publish_scienceareacluster", _("Can publish and unpublish science-area clusters"))
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return anchored("research:collaborations", "leiden-university")


class InterdisciplinaryProgramme(Publication):
    """One of Leiden University's interdisciplinary programmes that LUMC works in."""

    title = models.CharField(_("title"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    start_year = year_field(_("start year"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("interdisciplinary programme")
        verbose_name_plural = _("interdisciplinary programmes (Leiden University)")
        permissions = [
            (
                "publish_interdisciplinaryprogramme",
                _("Can publish and unpublish interdisciplinary programmes"),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return anchored("research:collaborations", "leiden-university")


class ProjectQuerySet(PublishableQuerySet):
    def for_list(self):
        """Published projects with what a list shows: not their text."""
        return self.published().defer("body")

    def with_partners(self, logos=False):
        """Projects with their published partners (and their logos), in one more query."""
        partners = PartnerInstitution.objects.for_list()
        if logos:
            partners = partners.select_related("logo")
        return self.prefetch_related(
            Prefetch("partners", queryset=partners, to_attr="live_partners")
        )

    def with_relations(self):
        """Projects with their image, partners with logos, themes and supervisors: four queries."""
        return (
            self.select_related("image")
            .with_partners(logos=True)
            .prefetch_related(
                Prefetch(
                    "themes", queryset=ResearchTheme.objects.for_list(), to_attr="live_themes"
                ),
                Prefetch(
                    "supervisors", queryset=Person.objects.published(), to_attr="live_supervisors"
                ),
            )
        )


class Project(Publishable):
    """A research or education project with partners abroad, such as a Global PhD."""

    class Kind(models.TextChoices):
        GLOBAL_PHD = "global-phd", _("Global PhD")
        COLLABORATION = "collaboration", _("collaboration")
        FELLOWSHIP = "fellowship", _("fellowship programme")

    class Progress(models.TextChoices):
        PLANNED = "planned", _("planned")
        ONGOING = "ongoing", _("ongoing")
        COMPLETED = "completed", _("completed")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=600, blank=True)
    body = RichTextField(_("text"))
    image = image_field(_("image"))
    progress = models.CharField(
        _("progress"), max_length=20, choices=Progress, default=Progress.ONGOING
    )
    start_year = year_field(_("start year"))
    end_year = year_field(_("end year"))
    partner_countries = CountryField(
        _("partner countries"),
        multiple=True,
        blank=True,
        help_text=_("Countries of the partners, also those without an institution on the site."),
    )
    partners = models.ManyToManyField(
        PartnerInstitution,
        verbose_name=_("partner institutions"),
        blank=True,
        related_name="projects",
    )
    themes = models.ManyToManyField(
        ResearchTheme, verbose_name=_("research themes"), blank=True, related_name="projects"
    )
    supervisors = models.ManyToManyField(
        Person, verbose_name=_("supervisors and contacts"), blank=True, related_name="projects"
    )
    website = models.URLField(_("website"), blank=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "title"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        permissions = [("publish_project", _("Can publish and unpublish projects"))]
        indexes = [
            # The project list, newest first, and the lists of one kind.
            models.Index(fields=["-start_year", "title", "id"], name="project_newest"),
            models.Index(fields=["kind", "title", "id"], name="project_kind_title"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__isnull=True)
                | models.Q(start_year__isnull=True)
                | models.Q(end_year__gte=models.F("start_year")),
                name="project_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("research:project", args=[self.slug])

    def countries(self):
        """Every partner country, in the order of their codes: named, and of published partners."""
        codes = {country.code for country in self.partner_countries}
        codes |= {partner.country.code for partner in getattr(self, "live_partners", [])}
        return [Country(code) for code in sorted(codes)]

    def structured_data(self):
        data = {
            "@context": "https://schema.org",
            "@type": "ResearchProject",
            "name": self.title,
            "url": absolute_url(self.get_absolute_url()),
            "parentOrganization": organisation(),
        }
        optional = {
            "description": self.summary,
            "sameAs": self.website,
            "member": [partner.structured_data() for partner in getattr(self, "live_partners", [])],
            "funder": [
                partner.structured_data()
                for partner in getattr(self, "live_partners", [])
                if partner.kind == PartnerInstitution.Kind.FUNDER
            ],
        }
        return structured(data, **optional)


class KeyFigureQuerySet(PublishableQuerySet):
    def on_home(self):
        return self.published().filter(on_home=True)


class KeyFigure(Publication):
    """A number that tells what LUMC is, with where and when it was stated."""

    value = models.CharField(
        _("value"), max_length=40, help_text=_("As it should be shown, e.g. “~2,000” or “6th”.")
    )
    label = models.CharField(
        _("label"), max_length=200, help_text=_("What the value counts, e.g. “PhD theses a year”.")
    )
    year = models.CharField(
        _("year"),
        max_length=40,
        blank=True,
        help_text=_("The year or years the figure is for, e.g. “2014 and 2015”."),
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    source_url = models.URLField(_("source address"), blank=True)
    on_home = models.BooleanField(_("show on the home page"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = KeyFigureQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")
        permissions = [("publish_keyfigure", _("Can publish and unpublish key figures"))]

    def __str__(self):
        return f"{self.value} {self.label}"

    def get_absolute_url(self):
        return anchored("research:index", "key-figures")
