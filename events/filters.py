"""
The filters of the event and news lists and of the events calendar (django-filter).

Values of one filter are ORed, filters are ANDed. A value the site does not
know (a kind that does not exist, a theme that is not published, a year
without events or news) is ignored, never an error: an old or mistyped link
still shows a page, with every filter it can apply.
"""

import django_filters as filters
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from research.models import ResearchTheme

from .models import Event


def published_themes(request):
    return ResearchTheme.objects.published()


class KnownChoicesField(filters.fields.MultipleChoiceField):
    """The values given that are among the choices, in their order; the others are dropped."""

    def clean(self, value):
        return [choice for choice in self.to_python(value) if self.valid_value(choice)]


class KindsFilter(filters.MultipleChoiceFilter):
    field_class = KnownChoicesField

    def __init__(self, **kwargs):
        super().__init__(label=_("Kind"), choices=Event.Kind.choices, **kwargs)

    def filter(self, qs, value):
        # One IN list, where django-filter would OR a condition per value and add DISTINCT.
        return qs.filter(kind__in=value) if value else qs

    def options(self, field, chosen):
        return [(value, label, value in chosen) for value, label in field.choices]


class ThemesField(filters.fields.ModelMultipleChoiceField):
    """
    Slugs of published themes, looked up among the themes the form lists, so
    that one query serves both; a slug of no published theme is dropped.
    """

    def clean(self, value):
        slugs = set(value or ())
        return [theme for theme in self.queryset if theme.slug in slugs] if slugs else []


class ThemesFilter(filters.ModelMultipleChoiceFilter):
    field_class = ThemesField

    def __init__(self, **kwargs):
        super().__init__(label=_("Research theme"), queryset=published_themes, **kwargs)

    def filter(self, qs, value):
        return qs.on_themes(value) if value else qs

    def options(self, field, chosen):
        return [(theme.slug, theme.title, theme in chosen) for theme in field.queryset]


class YearFilter(filters.TypedChoiceFilter):
    """The year of the date or time `field_name`, if some of the items are of that year."""

    def __init__(self, **kwargs):
        super().__init__(label=_("Year"), coerce=int, empty_value=None, **kwargs)

    @cached_property
    def years(self):
        """The years of the items the filters start from, newest first."""
        queryset = self.parent.queryset
        if isinstance(queryset.model._meta.get_field(self.field_name), models.DateTimeField):
            moments = queryset.datetimes(self.field_name, "year", order="DESC")
        else:
            moments = queryset.dates(self.field_name, "year", order="DESC")
        return [moment.year for moment in moments]

    @property
    def field(self):
        # The choices are known once the filter set has its items.
        self.extra["choices"] = [(str(year), year) for year in self.years]
        return super().field

    def filter(self, qs, value):
        return qs.filter(**{f"{self.field_name}__year": value}) if value else qs


class ListFilter(filters.FilterSet):
    """The filters of a list, and what its form shows of them."""

    def chosen(self, name):
        """What filter `name` applies: its valid values, or None."""
        self.is_valid()
        return self.form.cleaned_data.get(name)

    def options(self, name):
        """Every value filter `name` offers, as (value, label, ticked)."""
        return self.filters[name].options(self.form.fields[name], self.chosen(name) or [])


class EventCalendarFilter(ListFilter):
    """/events/calendar.ics?kind=: the calendar of some kinds of event."""

    kind = KindsFilter()


class UpcomingEventFilter(ListFilter):
    """/events/?kind=&theme=."""

    kind = KindsFilter()
    theme = ThemesFilter()

    @property
    def kinds(self):
        return self.options("kind")

    @property
    def themes(self):
        return self.options("theme")


class PastEventFilter(ListFilter):
    """/events/past/?year=."""

    year = YearFilter(field_name="start")

    @property
    def years(self):
        return self.filters["year"].years


class NewsFilter(ListFilter):
    """/news/?year=&theme=."""

    year = YearFilter(field_name="date")
    theme = ThemesFilter()

    @property
    def years(self):
        return self.filters["year"].years

    @property
    def themes(self):
        return self.options("theme")

    @property
    def chosen_themes(self):
        return self.chosen("theme") or []
