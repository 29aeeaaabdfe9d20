from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from editorial.images import image_url
from editorial.models import EditorialModel, Publishable, PublishableQuerySet, image_field
from editorial.richtext import RichTextField
from editorial.seo import absolute_url, organisation, structured


def split_list(text):
    return [item.strip() for item in text.split(",") if item.strip()]


class TeamQuerySet(models.QuerySet):
    def with_published_people(self, shown=None):
        """
        Teams in order, each with its published people in order (`members`, the first
        `shown` of them if given) and their number (`member_count`); teams without
        any left out. Two queries, whatever the number of people.
        """
        # One queryset for all three, so that they see the same "now".
        people = Person.objects.for_list()
        counted = (
            people.filter(team=OuterRef("pk"))
            .order_by()
            .values("team")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return (
            self.filter(Exists(people.filter(team=OuterRef("pk"))))
            .annotate(member_count=Subquery(counted))
            .prefetch_related(
                Prefetch("people", queryset=people[:shown] if shown else people, to_attr="members")
            )
        )


class Team(EditorialModel):
    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Teams are shown from low to high.")
    )

    objects = TeamQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        permissions = [("publish_team", _("Can publish changes to teams"))]

    def __str__(self):
        return self.name


class PersonQuerySet(PublishableQuerySet):
    def for_list(self):
        """Published people with what a list of them shows: the photo, not the biography."""
        return self.published().select_related("photo").defer("bio")


class Person(Publishable):
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(
        _("role"), max_length=200, blank=True, help_text=_("For example “Policy advisor”.")
    )
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="people"
    )
    photo = image_field(
        _("photo"), help_text=_("Without a photo the page shows the person's initials.")
    )
    quote = models.CharField(
        _("quote"), max_length=300, blank=True, help_text=_("Without quotation marks.")
    )
    bio = RichTextField(_("biography"))
    email = models.EmailField(
        _("public email address"),
        blank=True,
        help_text=_("Shown on the site; leave empty to hide."),
    )
    languages = models.CharField(
        _("languages spoken"), max_length=200, blank=True, help_text=_("Separate with commas.")
    )
    topics = models.CharField(
        _("can be asked about"), max_length=300, blank=True, help_text=_("Separate with commas.")
    )
    regions = models.CharField(
        _("regions covered"), max_length=200, blank=True, help_text=_("Separate with commas.")
    )
    orcid = models.CharField(
        _("ORCID iD"),
        max_length=19,
        blank=True,
        validators=[
            RegexValidator(
                r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$",
                _("Enter an ORCID iD like 0000-0002-1825-0097."),
            )
        ],
    )
    linkedin = models.URLField(_("LinkedIn page"), blank=True)
    website = models.URLField(_("website"), blank=True)
    position = models.PositiveSmallIntegerField(
        _("position in the team"), default=0, help_text=_("People are shown from low to high.")
    )

    objects = PersonQuerySet.as_manager()
    slug_source = "name"

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        permissions = [("publish_person", _("Can publish, unpublish and delete published people"))]
        indexes = [
            # A team's people in their order (the team page and each team's list).
            models.Index(fields=["team", "position", "name"], name="person_team_order"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("people:detail", args=[self.slug])

    @property
    def initials(self):
        words = [word for word in self.name.split() if word[:1].isupper()] or self.name.split()
        return (words[0][:1] + (words[-1][:1] if len(words) > 1 else "")).upper()

    @property
    def avatar_colour(self):
        """One of six avatar colours, always the same for the same name."""
        return sum(map(ord, self.name)) % 6 + 1

    @property
    def orcid_url(self):
        return f"https://orcid.org/{self.orcid}" if self.orcid else ""

    def language_list(self):
        return split_list(self.languages)

    def topic_list(self):
        return split_list(self.topics)

    def region_list(self):
        return split_list(self.regions)

    def structured_data(self):
        """The person as schema.org JSON-LD."""
        data = {
            "@context": "https://schema.org",
            "@type": "Person",
            "name": self.name,
            "url": absolute_url(self.get_absolute_url()),
            "worksFor": organisation(),
        }
        optional = {
            "jobTitle": self.role,
            "email": self.email and f"mailto:{self.email}",
            "image": self.photo and image_url(self.photo, "square"),
            "knowsLanguage": self.language_list(),
            "knowsAbout": self.topic_list(),
            "sameAs": [url for _label, url in self.links()],
            "description": self.quote,
        }
        return structured(data, **optional)

    def links(self):
        return [
            (label, url)
            for label, url in [
                (_("ORCID"), self.orcid_url),
                (_("LinkedIn"), self.linkedin),
                (_("Website"), self.website),
            ]
            if url
        ]
