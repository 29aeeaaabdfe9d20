from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from editorial.images import image_url
from editorial.models import NullsLastIndex, Publishable, PublishableQuerySet, image_field
from editorial.richtext import RichTextField
from editorial.seo import absolute_url, organisation, structured
from people.models import Person
from programmes.models import Programme
from research.models import PartnerInstitution, ResearchTheme


class DatePrecision(models.TextChoices):
    DAY = "day", _("the day")
    MONTH = "month", _("the month only")
    YEAR = "year", _("the year only")


# What list cards show, and so all that lists load: a card reading another field costs a query.
EVENT_CARD_FIELDS = [
    "slug",
    "title",
    "summary",
    "kind",
    "event_status",
    "recording_url",
    "start",
    "end",
    "all_day",
    "date_precision",
    "attendance",
    "venue",
    "city",
    "country",
]
NEWS_CARD_FIELDS = ["slug", "title", "summary", "date", "date_precision"]


class ThemedQuerySet(PublishableQuerySet):
    def on_themes(self, themes):
        """The items about any of `themes`, each once."""
        return self.filter(themes__in=themes).distinct()


class EventQuerySet(ThemedQuerySet):
    def upcoming(self, now=None):
        """Published events that have not ended yet, soonest first: today's event is upcoming."""
        return self.published().filter(end__gt=now or timezone.now()).order_by("start", "pk")

    def past(self, now=None):
        """Published events that have ended, newest first."""
        return self.published().filter(end__lte=now or timezone.now()).order_by("-start", "-pk")

    def cards(self):
        """Only what an event card shows (events/includes/event_card.html)."""
        return self.only(*EVENT_CARD_FIELDS)

    def for_calendar(self):
        """Only what a calendar's event holds (events/calendars.py): a card's, and its change."""
        return self.only(*EVENT_CARD_FIELDS, "changed_at")

    def with_relations(self):
        return self.select_related("image").prefetch_related(
            models.Prefetch("organisers", queryset=PartnerInstitution.objects.published()),
            models.Prefetch("partners", queryset=PartnerInstitution.objects.published()),
            models.Prefetch("speakers", queryset=Person.objects.published()),
            models.Prefetch("contacts", queryset=Person.objects.published()),
            models.Prefetch("themes", queryset=ResearchTheme.objects.published()),
            models.Prefetch("programmes", queryset=Programme.objects.published()),
        )


def local_midnight(day):
    return timezone.make_aware(datetime.combine(day, time.min))


class Event(Publishable):
    """Something that happens at a time: a summer school, a symposium, a webinar, ..."""

    # Upcoming until it ends, happening from its start, registration open until its deadline.
    schedule_fields = (*Publishable.schedule_fields, "start", "end", "registration_deadline")

    class Kind(models.TextChoices):
        SUMMER_SCHOOL = "summer-school", _("summer school")
        WINTER_SCHOOL = "winter-school", _("winter school")
        SYMPOSIUM = "symposium", _("symposium")
        WEBINAR = "webinar", _("webinar")
        FAIR = "fair", _("fair")
        CONFERENCE = "conference", _("conference")
        COMMUNITY = "community-event", _("community event")
        OTHER = "other", _("other")

    class Attendance(models.TextChoices):
        IN_PERSON = "in-person", _("in person")
        ONLINE = "online", _("online")
        HYBRID = "hybrid", _("in person and online")

    class EventStatus(models.TextChoices):
        SCHEDULED = "scheduled", _("scheduled")
        CANCELLED = "cancelled", _("cancelled")
        POSTPONED = "postponed", _("postponed")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=600, blank=True)
    body = RichTextField(_("text"))
    image = image_field(_("image"))
    start = models.DateTimeField(_("start"), help_text=_("In Amsterdam time; stored in UTC."))
    end = models.DateTimeField(_("end"), db_index=True)
    all_day = models.BooleanField(
        _("all day"), default=False, help_text=_("Only the dates count; times are ignored.")
    )
    date_precision = models.CharField(
        _("date known to"),
        max_length=5,
        choices=DatePrecision,
        default=DatePrecision.DAY,
        help_text=_("For past events whose exact date is not known."),
    )
    attendance = models.CharField(_("attendance"), max_length=10, choices=Attendance, blank=True)
    event_status = models.CharField(
        _("event status"), max_length=10, choices=EventStatus, default=EventStatus.SCHEDULED
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = CountryField(_("country"), blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    registration_url = models.URLField(_("registration link"), blank=True)
    registration_deadline = models.DateTimeField(_("registration deadline"), null=True, blank=True)
    recording_url = models.URLField(_("recording"), blank=True)
    slides_url = models.URLField(_("slides"), blank=True)
    organisers = models.ManyToManyField(
        PartnerInstitution,
        verbose_name=_("organisers"),
        blank=True,
        related_name="organised_events",
    )
    partners = models.ManyToManyField(
        PartnerInstitution, verbose_name=_("partners"), blank=True, related_name="partner_events"
    )
    speakers = models.ManyToManyField(
        Person, verbose_name=_("speakers"), blank=True, related_name="speaker_events"
    )
    contacts = models.ManyToManyField(
        Person, verbose_name=_("contacts"), blank=True, related_name="contact_events"
    )
    themes = models.ManyToManyField(
        ResearchTheme, verbose_name=_("research themes"), blank=True, related_name="events"
    )
    programmes = models.ManyToManyField(
        Programme, verbose_name=_("programmes"), blank=True, related_name="events"
    )

    objects = EventQuerySet.as_manager()
    # /events/past/, /events/calendar.ics
    reserved_slugs = {"past", "calendar"}

    class Meta:
        ordering = ["-start", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        permissions = [("publish_event", _("Can publish and unpublish events"))]
        indexes = [
            # Upcoming and past events in order of start, without reading the other rows:
            # the end (what is upcoming) is checked in the index.
            models.Index(fields=["start", "end"], name="event_start_end"),
            # Counting what is published reads this index alone (docs/performance.md).
            models.Index(
                fields=["status", "publish_from", "publish_until"], name="event_published"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="event_ends_after_start"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", args=[self.slug])

    def clean(self):
        super().clean()
        if self.start and self.end and self.all_day:
            # All-day events run from midnight of the first day to midnight after the last.
            first = timezone.localtime(self.start).date()
            last = timezone.localtime(self.end).date()
            if timezone.localtime(self.end).time() == time.min and last > first:
                last -= timedelta(days=1)
            self.start, self.end = local_midnight(first), local_midnight(last + timedelta(days=1))
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("The event must end after it starts.")})

    @property
    def last_day(self):
        """The last day of the event, in Amsterdam."""
        end = timezone.localtime(self.end)
        return (end - timedelta(microseconds=1)).date() if self.all_day else end.date()

    @property
    def first_day(self):
        return timezone.localtime(self.start).date()

    def when(self):
        """The date and time as people read them, in Amsterdam time: “4–8 July 2022”."""
        start, end = timezone.localtime(self.start), timezone.localtime(self.end)
        if self.date_precision == DatePrecision.YEAR:
            return str(start.year)
        if self.date_precision == DatePrecision.MONTH:
            return date_format(start, "F Y")
        first, last = self.first_day, self.last_day
        if self.all_day or first != last:
            if first == last:
                return date_format(first, "j F Y")
            if (first.year, first.month) == (last.year, last.month):
                return f"{first.day}–{date_format(last, 'j F Y')}"
            if first.year == last.year:
                return f"{date_format(first, 'j F')} – {date_format(last, 'j F Y')}"
            return f"{date_format(first, 'j F Y')} – {date_format(last, 'j F Y')}"
        return _("%(day)s, %(start)s–%(end)s (Amsterdam time)") % {
            "day": date_format(first, "j F Y"),
            "start": date_format(start, "H:i"),
            "end": date_format(end, "H:i"),
        }

    def has_ended(self, now=None):
        return self.end <= (now or timezone.now())

    def is_happening(self, now=None):
        now = now or timezone.now()
        return self.start <= now < self.end

    @property
    def is_online(self):
        return self.attendance == self.Attendance.ONLINE

    def location_text(self):
        if self.is_online:
            return str(_("Online"))
        parts = [self.venue, self.city, self.country.name if self.country else ""]
        place = ", ".join(part for part in parts if part)
        if self.attendance == self.Attendance.HYBRID:
            return f"{place} {_('and online')}".strip() if place else str(_("In person and online"))
        return place

    ATTENDANCE_SCHEMA = {
        Attendance.IN_PERSON: "https://schema.org/OfflineEventAttendanceMode",
        Attendance.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
        Attendance.HYBRID: "https://schema.org/MixedEventAttendanceMode",
    }
    STATUS_SCHEMA = {
        EventStatus.SCHEDULED: "https://schema.org/EventScheduled",
        EventStatus.CANCELLED: "https://schema.org/EventCancelled",
        EventStatus.POSTPONED: "https://schema.org/EventPostponed",
    }

    def schema_date(self, moment):
        if self.date_precision == DatePrecision.YEAR:
            return str(timezone.localtime(moment).year)
        if self.date_precision == DatePrecision.MONTH:
            return timezone.localtime(moment).strftime("%Y-%m")
        if self.all_day:
            return timezone.localtime(moment).date().isoformat()
        return timezone.localtime(moment).isoformat()

    def structured_data(self):
        """The event as schema.org JSON-LD, with its attendance mode, status and place."""
        locations = []
        if self.attendance in (self.Attendance.ONLINE, self.Attendance.HYBRID):
            online = self.online_url or absolute_url(self.get_absolute_url())
            locations.append({"@type": "VirtualLocation", "url": online})
        if self.attendance != self.Attendance.ONLINE and (self.venue or self.city or self.country):
            address = {"@type": "PostalAddress"}
            if self.city:
                address["addressLocality"] = self.city
            if self.country:
                address["addressCountry"] = self.country.code
            place = {"@type": "Place", "name": self.venue or self.city, "address": address}
            locations.append(place)
        end = local_midnight(self.last_day) if self.all_day else self.end
        data = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": self.title,
            "url": absolute_url(self.get_absolute_url()),
            "startDate": self.schema_date(self.start),
            "endDate": self.schema_date(end),
            "eventStatus": self.STATUS_SCHEMA[self.event_status],
            "organizer": [partner.structured_data() for partner in self.organisers.all()]
            or organisation(),
        }
        optional = {
            "description": self.summary,
            "eventAttendanceMode": self.ATTENDANCE_SCHEMA.get(self.attendance),
            "location": locations[0] if len(locations) == 1 else locations,
            "image": self.image and image_url(self.image),
            "performer": [
                {"@type": "Person", "name": person.name} for person in self.speakers.all()
            ],
            "offers": self.registration_url
            and {
                "@type": "Offer",
                "url": self.registration_url,
                "availability": "https://schema.org/InStock",
            },
        }
        return structured(data, **optional)


class NewsQuerySet(ThemedQuerySet):
    def latest(self):
        return self.published().order_by(models.F("date").desc(nulls_last=True), "-pk")

    def cards(self):
        """Only what a news card shows (events/includes/news_card.html)."""
        return self.only(*NEWS_CARD_FIELDS)


class NewsItem(Publishable):
    """What LUMC Global did or achieved, told as news."""

    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(
        _("date"),
        null=True,
        blank=True,
        default=timezone.localdate,
        help_text=_("The news item's date; leave empty only if it is not known."),
    )
    date_precision = models.CharField(
        _("date known to"), max_length=5, choices=DatePrecision, default=DatePrecision.DAY
    )
    summary = models.TextField(_("summary"), max_length=600, blank=True)
    body = RichTextField(_("text"))
    image = image_field(_("image"))
    themes = models.ManyToManyField(
        ResearchTheme, verbose_name=_("research themes"), blank=True, related_name="news"
    )
    event = models.ForeignKey(
        Event,
        verbose_name=_("related event"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="news",
    )
    people = models.ManyToManyField(
        Person, verbose_name=_("people"), blank=True, related_name="news"
    )
    partners = models.ManyToManyField(
        PartnerInstitution, verbose_name=_("partners"), blank=True, related_name="news"
    )
    programmes = models.ManyToManyField(
        Programme, verbose_name=_("programmes"), blank=True, related_name="news"
    )

    objects = NewsQuerySet.as_manager()
    # /news/feed/, /news/atom/
    reserved_slugs = {"feed", "atom", "rss"}

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        permissions = [("publish_newsitem", _("Can publish and unpublish news"))]
        indexes = [
            # NewsQuerySet.latest()'s order, and a year's news.
            NullsLastIndex(
                models.F("date").desc(nulls_last=True), models.F("id").desc(), name="news_latest"
            ),
            models.Index(fields=["status", "publish_from", "publish_until"], name="news_published"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:news_detail", args=[self.slug])

    def date_text(self):
        """The date as people read it, as far as it is known: “2021”, “May 2022”, “30 May 2022”."""
        if self.date is None:
            return ""
        if self.date_precision == DatePrecision.YEAR:
            return date_format(self.date, "Y")
        if self.date_precision == DatePrecision.MONTH:
            return date_format(self.date, "F Y")
        return date_format(self.date, "j F Y")

    @property
    def published_at(self):
        """When it went public: its publication time, else when it was made."""
        return self.publish_from or self.created_at

    def structured_data(self):
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": self.title,
            "url": absolute_url(self.get_absolute_url()),
            "datePublished": timezone.localtime(self.published_at).isoformat(),
            "dateModified": timezone.localtime(self.changed_at).isoformat(),
            "publisher": organisation(),
        }
        optional = {
            "description": self.summary,
            "image": self.image and image_url(self.image),
            "about": [theme.title for theme in self.themes.all()],
        }
        return structured(data, **optional)
