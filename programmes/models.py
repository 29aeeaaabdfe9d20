import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import CountryField

from editorial.models import Publishable, PublishableQuerySet
from editorial.richtext import RichTextField
from editorial.seo import absolute_url, organisation, structured
from people.models import Person
from research.models import PartnerInstitution

CLOSING_SOON_DAYS = 30
REVIEW_AFTER_DAYS = 365


class Level(models.TextChoices):
    BACHELOR = "bachelor", _("bachelor")
    MASTER = "master", _("master")


class ProgrammeQuerySet(PublishableQuerySet):
    def with_options(self):
        """Programmes with their published exchange options as `live_options`."""
        return self.prefetch_related(
            Prefetch("options", queryset=ExchangeOption.objects.published(), to_attr="live_options")
        )


class Programme(Publishable):
    """A degree programme of LUMC and Leiden University."""

    title = models.CharField(_("title"), max_length=200)
    offers_bachelor = models.BooleanField(_("has a bachelor"), default=False)
    offers_master = models.BooleanField(_("has a master"), default=False)
    summary = models.TextField(_("summary"), max_length=500, blank=True)
    body = RichTextField(_("text"))
    website = models.URLField(_("website"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("degree programme")
        verbose_name_plural = _("degree programmes")
        permissions = [("publish_programme", _("Can publish and unpublish degree programmes"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(offers_bachelor=True) | Q(offers_master=True),
                name="programme_has_a_level",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programmes:detail", args=[self.slug])

    @property
    def levels(self):
        return [
            level
            for level, offered in [
                (Level.BACHELOR, self.offers_bachelor),
                (Level.MASTER, self.offers_master),
            ]
            if offered
        ]

    def options_by_level(self, shown=None):
        """
        For each of its levels, the published options open at that level: under each
        year of study they name, and apart those of any year; with `shown`, the first
        that many of each, and how many more there are. Needs `with_options()`.
        """
        by_level = []
        for level in self.levels:
            options = [option for option in self.live_options if option.is_open_to(level=level)]
            in_year = {
                year: [option for option in options if year in option.years] for year in (1, 2, 3)
            }
            any_year = [option for option in options if not option.years]
            by_level.append(
                {
                    "level": level,
                    "label": Level(level).label,
                    "years": [
                        (year, listed[:shown], len(listed[shown:]) if shown else 0)
                        for year, listed in in_year.items()
                    ],
                    "any_year": any_year[:shown],
                    "any_year_more": len(any_year[shown:]) if shown else 0,
                }
            )
        return by_level


class ExchangeOptionQuerySet(PublishableQuerySet):
    def for_finder(self):
        """Published options with what a result shows, in a fixed number of queries."""
        return self.published().with_relations()

    def with_relations(self):
        """With what a result shows: programme, contact and `live_destinations` (the published)."""
        return self.select_related("programme", "contact").prefetch_related(
            Prefetch(
                "destinations",
                queryset=PartnerInstitution.objects.published(),
                to_attr="live_destinations",
            )
        )

    @staticmethod
    def open_condition(today=None):
        """The condition (a Q) for options open for applications."""
        return Q(rolling=True) | Q(deadline__gte=today or timezone.localdate())

    def open_for_applications(self, today=None):
        return self.filter(self.open_condition(today))

    # Who may take an option (blank is open to every one); ExchangeOption.is_open_to() is its twin.
    EVERY_PROGRAMME = Q(programme__isnull=True)

    @classmethod
    def open_to_condition(cls, programmes=(), levels=(), years=()):
        """
        The condition (a Q) for options that a student of one of `programmes`, at
        one of `levels`, in one of `years` of study may take; an empty one asks nothing.
        """
        condition = Q()
        if programmes:
            condition &= Q(programme__in=programmes) | cls.EVERY_PROGRAMME
        if levels:
            condition &= Q(level__in=levels) | Q(level="")
        if years:
            in_a_year = Q()
            for year in years:
                in_a_year |= Q(**{f"in_year_{year}": True})
            condition &= in_a_year | Q(in_year_1=False, in_year_2=False, in_year_3=False)
        return condition

    def open_to(self, programmes=(), levels=(), years=()):
        """The options that `open_to_condition()` describes."""
        return self.filter(self.open_to_condition(programmes, levels, years))

    def open_to_every_programme(self):
        return self.filter(self.EVERY_PROGRAMME)

    @staticmethod
    def in_countries_condition(codes):
        """
        The condition (a Q) for options with a destination in one of `codes`; "own"
        means the student's own choice. An empty one asks nothing.
        """
        named = sorted(set(codes) - {"own"})
        query = Q(find_your_own=True) if "own" in codes else Q()
        if named:
            # One condition each for partners and named countries, however many codes.
            partners = PartnerInstitution.objects.published().filter(country__in=named)
            linked = ExchangeOption.destinations.through.objects.filter(
                partnerinstitution__in=partners
            )
            # The field holds codes separated by commas, e.g. "FR,GB".
            listed = rf"(^|,)({'|'.join(map(re.escape, named))})(,|$)"
            query |= Q(pk__in=linked.values("exchangeoption_id"))
            query |= Q(destination_countries__regex=listed)
        return query

    def in_countries(self, codes):
        """Options with a destination in one of `codes`; "own" means the student's own choice."""
        query = self.in_countries_condition(codes)
        return self.filter(query) if query else self

    def past_review(self, today=None):
        today = today or timezone.localdate()
        return self.filter(
            Q(last_checked__isnull=True)
            | Q(last_checked__lt=today - timedelta(days=REVIEW_AFTER_DAYS))
        )


class ExchangeOption(Publishable):
    """Something a student can do abroad: a course, a minor, an internship, ..."""

    class Kind(models.TextChoices):
        COURSE = "course", _("course")
        MINOR = "minor", _("minor")
        RESEARCH_INTERNSHIP = "research-internship", _("research internship")
        CLINICAL_ROTATION = "clinical-rotation", _("clinical rotation")
        ELECTIVE = "elective", _("elective")
        JUNIOR_RESEARCH_PROJECT = "junior-research-project", _("junior research project")
        SUMMER_SCHOOL = "summer-school", _("summer school")
        ONLINE_COURSE = "online-course", _("online course")

    class Semester(models.TextChoices):
        FIRST = "first", _("first semester")
        SECOND = "second", _("second semester")
        EITHER = "either", _("first or second semester")
        SUMMER = "summer", _("summer")
        ANY_TIME = "any-time", _("any time of the year")

    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        DUTCH = "nl", _("Dutch")
        GERMAN = "de", _("German")
        FRENCH = "fr", _("French")
        SPANISH = "es", _("Spanish")
        SWEDISH = "sv", _("Swedish")
        LOCAL = "local", _("the local language")

    class DeadlineState(models.TextChoices):
        OPEN = "open", _("open")
        CLOSING_SOON = "closing-soon", _("closing soon")
        CLOSED = "closed", _("closed")
        ROLLING = "rolling", _("rolling")
        UNKNOWN = "unknown", _("ask us")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind, db_index=True)
    summary = models.TextField(_("summary"), max_length=600, blank=True)
    description = RichTextField(_("description"))
    programme = models.ForeignKey(
        "Programme",
        verbose_name=_("degree programme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="options",
        help_text=_("Leave empty if students of every programme can take it."),
    )
    level = models.CharField(
        _("level"),
        max_length=10,
        choices=Level,
        blank=True,
        help_text=_("Leave empty if it is open at every level."),
    )
    in_year_1 = models.BooleanField(_("year 1"), default=False)
    in_year_2 = models.BooleanField(_("year 2"), default=False)
    in_year_3 = models.BooleanField(_("year 3"), default=False)
    semester = models.CharField(_("semester"), max_length=10, choices=Semester, blank=True)
    min_weeks = models.PositiveSmallIntegerField(_("shortest, in weeks"), null=True, blank=True)
    max_weeks = models.PositiveSmallIntegerField(_("longest, in weeks"), null=True, blank=True)
    duration_as_written = models.CharField(
        _("duration as written"),
        max_length=100,
        blank=True,
        help_text=_("When it was given in other units, e.g. “6 to 9 months”."),
    )
    destinations = models.ManyToManyField(
        PartnerInstitution,
        verbose_name=_("destinations"),
        blank=True,
        related_name="exchange_options",
    )
    destination_countries = CountryField(
        _("destination countries"),
        multiple=True,
        blank=True,
        help_text=_("Countries where the host is not (yet) a partner institution on the site."),
    )
    find_your_own = models.BooleanField(_("students may find their own destination"), default=False)
    language = models.CharField(
        _("language of instruction"), max_length=10, choices=Language, default=Language.ENGLISH
    )
    language_requirement = models.CharField(
        _("language requirement"),
        max_length=200,
        blank=True,
        help_text=_("For example “English B2”."),
    )
    ects = models.DecimalField(
        _("ECTS credits"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    places = models.PositiveSmallIntegerField(_("places"), null=True, blank=True)
    deadline = models.DateField(_("application deadline"), null=True, blank=True)
    rolling = models.BooleanField(
        _("rolling admission"), default=False, help_text=_("Applications are taken all year.")
    )
    how_to_apply = RichTextField(_("how to apply"), heading_level=3)
    housing = models.TextField(_("housing"), blank=True)
    visa = models.TextField(_("visa"), blank=True)
    insurance = models.TextField(_("insurance"), blank=True)
    accessibility = models.TextField(_("accessibility support"), blank=True)
    contact = models.ForeignKey(
        Person,
        verbose_name=_("contact person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="exchange_options",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The member of staff who keeps this option up to date."),
    )
    last_checked = models.DateField(
        _("last checked"), null=True, blank=True, help_text=_("Shown on the site.")
    )

    objects = ExchangeOptionQuerySet.as_manager()
    # /exchange/compare/, /exchange/shortlist/, /exchange/deadlines.ics, /exchange/catalogue.csv
    reserved_slugs = {"compare", "shortlist", "deadlines", "catalogue"}

    class Meta:
        ordering = ["title"]
        verbose_name = _("exchange option")
        verbose_name_plural = _("exchange options")
        permissions = [("publish_exchangeoption", _("Can publish and unpublish exchange options"))]
        indexes = [
            # The finder's sorts (programmes.filters.SORTS) and the deadlines calendar.
            models.Index(fields=["title", "id"], name="option_title"),
            models.Index(fields=["deadline", "title", "id"], name="option_deadline"),
            models.Index(
                fields=["status", "publish_from", "publish_until"], name="option_published"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_weeks__isnull=True)
                | Q(min_weeks__isnull=True)
                | Q(max_weeks__gte=models.F("min_weeks")),
                name="option_duration_range",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programmes:option", args=[self.slug])

    def clean(self):
        super().clean()
        if self.min_weeks and self.max_weeks and self.max_weeks < self.min_weeks:
            raise ValidationError(
                {"max_weeks": _("The longest duration is shorter than the shortest.")}
            )
        if self.level and self.programme and self.level not in self.programme.levels:
            raise ValidationError(
                {
                    "level": _("%(programme)s has no %(level)s.")
                    % {"programme": self.programme, "level": self.get_level_display()}
                }
            )

    @property
    def years(self):
        return [year for year in (1, 2, 3) if getattr(self, f"in_year_{year}")]

    def deadline_state(self, today=None):
        today = today or timezone.localdate()
        if self.rolling:
            return self.DeadlineState.ROLLING
        if self.deadline is None:
            return self.DeadlineState.UNKNOWN
        if self.deadline < today:
            return self.DeadlineState.CLOSED
        if self.deadline <= today + timedelta(days=CLOSING_SOON_DAYS):
            return self.DeadlineState.CLOSING_SOON
        return self.DeadlineState.OPEN

    @property
    def duration(self):
        """The duration in weeks, as a student reads it."""
        low, high = self.min_weeks, self.max_weeks
        if low and high and low != high:
            text = _("%(low)d to %(high)d weeks") % {"low": low, "high": high}
        elif low or high:
            text = _("%(weeks)d weeks") % {"weeks": low or high}
        else:
            return self.duration_as_written
        return f"{text} ({self.duration_as_written})" if self.duration_as_written else text

    def is_open_to(self, programme=None, level=None, year=None):
        """
        Whether a student of `programme`, at `level`, in `year` of study may take it;
        an argument not given asks nothing. The twin of ExchangeOptionQuerySet.open_to().
        """
        return (
            (programme is None or self.programme_id in (None, programme.pk))
            and (not level or self.level in ("", level))
            and (year is None or not self.years or int(year) in self.years)
        )

    def country_codes(self):
        """
        Every destination country: of the published partner institutions and those
        named. Needs `live_destinations`, from ExchangeOptionQuerySet.with_relations().
        """
        codes = {country.code for country in self.destination_countries}
        codes |= {partner.country.code for partner in self.live_destinations}
        return sorted(codes, key=countries.name)

    def country_names(self):
        """The names of every destination country, in alphabetical order."""
        return [countries.name(code) for code in self.country_codes()]

    @property
    def live_programme(self):
        """The programme, if its page is public."""
        return self.programme if self.programme and self.programme.is_published() else None

    @property
    def live_contact(self):
        """The contact person, if their profile is public."""
        return self.contact if self.contact and self.contact.is_published() else None

    def fits(self):
        """Who can take it, in words: “Biomedical Sciences, bachelor, year 2”."""
        # A programme whose page is not public is not named.
        parts = [] if self.programme_id else [str(_("every programme"))]
        if self.live_programme:
            parts.append(str(self.live_programme))
        if self.level:
            parts.append(self.get_level_display())
        if self.years:
            parts.append(
                _("year %(years)s") % {"years": _(" or ").join(str(year) for year in self.years)}
            )
        if self.semester:
            parts.append(self.get_semester_display())
        return ", ".join(str(part) for part in parts)

    def structured_data(self):
        data = {
            "@context": "https://schema.org",
            "@type": "EducationalOccupationalProgram",
            "name": self.title,
            "url": absolute_url(self.get_absolute_url()),
            "provider": organisation(),
            "educationalProgramMode": "online"
            if self.kind == self.Kind.ONLINE_COURSE
            else "onsite",
        }
        optional = {
            "description": self.summary,
            "applicationDeadline": self.deadline and self.deadline.isoformat(),
            "numberOfCredits": self.ects and float(self.ects),
            "timeToComplete": (self.max_weeks or self.min_weeks)
            and f"P{self.max_weeks or self.min_weeks}W",
            "inLanguage": self.language if self.language != self.Language.LOCAL else None,
            "maximumEnrollment": self.places,
            "location": [
                {
                    "@type": "Place",
                    "name": partner.name,
                    "address": {
                        "@type": "PostalAddress",
                        "addressLocality": partner.city,
                        "addressCountry": partner.country.code,
                    },
                }
                for partner in self.live_destinations
            ],
        }
        return structured(data, **optional)
