"""
The exchange finder's filters (django-filter) and the count beside every value.

Values of one filter are ORed, filters are ANDed. An option open to every
programme, level or year fits each of them. The count beside a value is the
number of results if that value were ticked too: every other filter applies.
"""

import django_filters as filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, Count, F, Q, Value, When
from django.db.models.lookups import Exact
from django.forms import BoundField
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from research.models import PartnerInstitution

from .models import ExchangeOption, Level, Programme
from .models import ExchangeOptionQuerySet as Options

YEARS = [("1", _("year 1")), ("2", _("year 2")), ("3", _("year 3"))]
OPEN = [("1", _("open for applications"))]
OWN_CHOICE = "own"
# Every sort ends in the primary key, so that pages never skip or repeat an option.
SORTS = {
    "title": [F("title").asc(), F("pk").asc()],
    "deadline": [F("deadline").asc(nulls_last=True), F("title").asc(), F("pk").asc()],
    "duration": [
        F("min_weeks").asc(nulls_last=True),
        F("max_weeks").asc(nulls_last=True),
        F("title").asc(),
        F("pk").asc(),
    ],
}


def published_programmes(request):
    return Programme.objects.published()


class UnmarkedField(BoundField):
    """
    A filter's field shown without its errors: the finder names the filters whose
    values it ignores in one notice (ExchangeOptionFilter.ignored), not field by field.
    """

    @property
    def errors(self):
        return self.form.error_class(renderer=self.form.renderer)


class FinderForm(forms.Form):
    """The finder's filters, labelled without colons."""

    bound_field_class = UnmarkedField
    # Shown under the legend “Duration in weeks”, which names the unit.
    SHORT_LABELS = {"min_weeks": _("At least"), "max_weeks": _("At most")}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for name, label in self.SHORT_LABELS.items():
            self.fields[name].label = label


# Whole weeks, as the database holds them: a decimal field's input would take any step.
WEEKS = forms.NumberInput(attrs={"inputmode": "numeric", "step": 1})


class ProgrammesField(filters.fields.ModelMultipleChoiceField):
    """Programme slugs, checked against the published programmes in Python."""

    def _check_values(self, value):
        # The facet and “My programme” list these same programmes: one query serves all three.
        by_slug = {programme.slug: programme for programme in self.queryset}
        for slug in value:
            if str(slug) not in by_slug:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": slug},
                )
        return list(dict.fromkeys(by_slug[str(slug)] for slug in value))


class ProgrammesFilter(filters.ModelMultipleChoiceFilter):
    field_class = ProgrammesField


class ExchangeOptionFilter(filters.FilterSet):
    programme = ProgrammesFilter(
        label=_("Programme"),
        queryset=published_programmes,
        to_field_name="slug",
        method="filter_programme",
        widget=forms.CheckboxSelectMultiple,
    )
    level = filters.MultipleChoiceFilter(
        label=_("Level"),
        choices=Level.choices,
        method="filter_level",
        widget=forms.CheckboxSelectMultiple,
    )
    year = filters.MultipleChoiceFilter(
        label=_("Year of study"),
        choices=YEARS,
        method="filter_year",
        widget=forms.CheckboxSelectMultiple,
    )
    kind = filters.MultipleChoiceFilter(
        label=_("Kind"),
        choices=ExchangeOption.Kind.choices,
        method="filter_in",
        widget=forms.CheckboxSelectMultiple,
    )
    country = filters.MultipleChoiceFilter(
        label=_("Destination"),
        choices=[(OWN_CHOICE, _("your own choice")), *countries],
        method="filter_country",
        widget=forms.CheckboxSelectMultiple,
    )
    language = filters.MultipleChoiceFilter(
        label=_("Language of instruction"),
        choices=ExchangeOption.Language.choices,
        method="filter_in",
        widget=forms.CheckboxSelectMultiple,
    )
    min_weeks = filters.NumberFilter(
        label=_("At least (weeks)"),
        method="filter_min_weeks",
        min_value=1,
        max_value=520,
        widget=WEEKS,
    )
    max_weeks = filters.NumberFilter(
        label=_("At most (weeks)"),
        method="filter_max_weeks",
        min_value=1,
        max_value=520,
        widget=WEEKS,
    )
    open = filters.MultipleChoiceFilter(
        label=_("Applications"),
        choices=OPEN,
        method="filter_open",
        widget=forms.CheckboxSelectMultiple,
    )
    q = filters.CharFilter(
        label=_("Search"), method="filter_text", max_length=200, widget=forms.SearchInput
    )
    sort = filters.ChoiceFilter(
        label=_("Sort by"),
        choices=[("title", _("Title")), ("deadline", _("Deadline")), ("duration", _("Duration"))],
        method="filter_sort",
        empty_label=None,
    )

    # The filters that show a count beside each value.
    FACETS = ["programme", "level", "year", "kind", "country", "language", "open"]
    # The most values a filter takes, so that no address costs much more than another:
    # every choice of the short lists, ten programmes (LUMC has seven), ten destinations.
    MAX_VALUES = {
        "programme": 10,
        "level": len(Level.choices),
        "year": len(YEARS),
        "kind": len(ExchangeOption.Kind.choices),
        "country": 10,
        "language": len(ExchangeOption.Language.choices),
        "open": len(OPEN),
    }

    # More options than the catalogue will ever hold (see `counted`).
    COUNTED_AT_MOST = 2**31 - 1

    class Meta:
        model = ExchangeOption
        fields = []
        form = FinderForm

    def __init__(self, data=None, *args, **kwargs):
        self.capped = set()
        if data is not None:
            data = data.copy()
            for name, most in self.MAX_VALUES.items():
                if name in data:
                    values = list(dict.fromkeys(data.getlist(name)))  # a repeat takes no place
                    if len(values) > most:
                        self.capped.add(name)
                    data.setlist(name, values[:most])
        super().__init__(data, *args, **kwargs)

    # Filters

    def filter_in(self, queryset, name, value):
        # One IN list, where django-filter would OR a condition per value and add DISTINCT.
        return queryset.filter(**{f"{name}__in": value}) if value else queryset

    def filter_programme(self, queryset, name, value):
        return queryset.open_to(programmes=value)

    def filter_level(self, queryset, name, value):
        return queryset.open_to(levels=value)

    def filter_year(self, queryset, name, value):
        return queryset.open_to(years=[int(year) for year in value])

    def filter_country(self, queryset, name, value):
        return queryset.in_countries(value) if value else queryset

    def filter_min_weeks(self, queryset, name, value):
        # Options that can last at least this long.
        return queryset.filter(max_weeks__gte=value) if value else queryset

    def filter_max_weeks(self, queryset, name, value):
        # Options that can be done within this time.
        return queryset.filter(min_weeks__lte=value) if value else queryset

    def filter_open(self, queryset, name, value):
        return queryset.open_for_applications() if value else queryset

    def filter_text(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(summary__icontains=value)
            | Q(description__icontains=value)
        )

    def filter_sort(self, queryset, name, value):
        return queryset

    # Results

    @property
    def active(self):
        """{filter name: value} of the valid, non-empty filters."""
        self.is_valid()
        return {
            name: value
            for name, value in self.form.cleaned_data.items()
            if value not in (None, "", []) and name != "sort"
        }

    @property
    def ignored(self):
        """The names of filters with values not understood, or more than they take."""
        self.is_valid()
        return [
            item.label
            for name, item in self.filters.items()
            if name in self.form.errors or name in self.capped
        ]

    def results(self):
        self.is_valid()  # a valid sort applies even when another value is ignored
        sort = self.form.cleaned_data.get("sort")
        return self.without().order_by(*SORTS.get(sort or "title"))

    def without(self, skip=None):
        """The queryset filtered by every active filter but `skip`."""
        queryset = self.queryset
        for name, value in self.active.items():
            if name != skip:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    # Counts

    @cached_property
    def programmes(self):
        return list(self.form.fields["programme"].queryset)

    def condition(self, name, value):
        """The condition (a Q) of an active facet's values."""
        if name in {"kind", "language"}:
            return Q(**{f"{name}__in": value})
        if name == "country":
            return Options.in_countries_condition(value)
        if name == "open":
            return Options.open_condition()
        argument = {"programme": "programmes", "level": "levels", "year": "years"}[name]
        values = [int(year) for year in value] if name == "year" else value
        return Options.open_to_condition(**{argument: values})

    def value_conditions(self, name):
        """{value: the condition of options with it} for each value of a facet counted here."""
        if name == "programme":
            return {
                programme.slug: Options.open_to_condition(programmes=[programme])
                for programme in self.programmes
            }
        if name == "level":
            return {level: Options.open_to_condition(levels=[level]) for level in Level.values}
        if name == "year":
            return {value: Options.open_to_condition(years=[int(value)]) for value, _label in YEARS}
        if name == "country":
            # The destinations in partner countries and named ones: count_countries().
            return {OWN_CHOICE: Q(find_your_own=True)}
        if name == "open":
            return {"1": Options.open_condition()}
        choices = ExchangeOption._meta.get_field(name).choices
        return {value: Q(**{name: value}) for value, _label in choices}

    def base(self):
        """The options matching the filters that have no counts (a search, durations)."""
        queryset = ExchangeOption.objects.published()
        for name, value in self.active.items():
            if name not in self.FACETS:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    @cached_property
    def counted(self):
        """
        For each facet: the count of each value, and the number of results without
        the facet. One query counts them all: each option is read once, and each
        count takes the options that match every active facet but its own. Each
        active facet's condition is written once, as a bit of a number that says
        which of them an option fits; each count asks for the bits it needs.
        """
        active = {
            name: condition
            for name, value in self.active.items()
            if name in self.FACETS and (condition := self.condition(name, value))
        }
        bits = {name: 1 << index for index, name in enumerate(active)}
        fits = sum(
            (
                Case(When(condition, then=bits[name]), default=0)
                for name, condition in active.items()
            ),
            start=Value(0),
        )
        # A slice (of more options than there can be) makes the number a column of a
        # subquery, which the counts read, rather than each condition again.
        queryset = self.base().order_by().values("pk").annotate(fits=fits)
        queryset = queryset[: self.COUNTED_AT_MOST]

        def fitting(*skip):
            needed = sum(bit for name, bit in bits.items() if name not in skip)
            return Q(Exact(F("fits").bitand(needed), needed)) if needed else Q()

        counts = {"results": Count("pk", filter=fitting())}
        for name in self.FACETS:
            others = fitting(name)
            counts[f"{name}__total"] = Count("pk", filter=others)
            for index, condition in enumerate(self.value_conditions(name).values()):
                counts[f"{name}__{index}"] = Count("pk", filter=others & condition)
        numbers = queryset.aggregate(**counts)
        counted = {None: numbers["results"]}
        for name in self.FACETS:
            values = self.value_conditions(name)
            counted[name] = (
                {value: numbers[f"{name}__{index}"] for index, value in enumerate(values)},
                numbers[f"{name}__total"],
            )
        counted["country"][0].update(self.count_countries(active))
        return counted

    def facets(self):
        """
        The facets, each {name, label, values}, each value {value, label, count,
        checked}: ticked as the filters took them (an ignored filter's values are not).
        """
        facets = []
        for name in self.FACETS:
            counts, _total = self.counted[name]
            chosen = {str(getattr(value, "slug", value)) for value in self.active.get(name, [])}
            values = [
                {
                    "value": value,
                    "label": label,
                    "count": counts.get(value, 0),
                    "checked": value in chosen,
                }
                for value, label in self.facet_choices(name)
                if counts.get(value, 0) or value in chosen or name not in {"country", "language"}
            ]
            facets.append({"name": name, "label": self.filters[name].label, "values": values})
        return facets

    def facet_choices(self, name):
        if name == "programme":
            return [(programme.slug, programme.title) for programme in self.programmes]
        return [(str(value), str(label)) for value, label in self.filters[name].extra["choices"]]

    def count_countries(self, active):
        """
        Options per destination country (a partner's country or one named on the
        option) that match every active facet but the destination, each option
        once per country: grouped in the database, with only the options that name
        countries read here.
        """
        queryset = self.base().filter(
            *(condition for name, condition in active.items() if name != "country")
        )
        links = ExchangeOption.destinations.through.objects.filter(
            exchangeoption__in=queryset.values("pk"),
            partnerinstitution__in=PartnerInstitution.objects.published(),
        )
        counts = {
            row["partnerinstitution__country"]: row["n"]
            for row in links.order_by()
            .values("partnerinstitution__country")
            .annotate(n=Count("exchangeoption_id", distinct=True))
        }
        named = {
            option.pk: {country.code for country in option.destination_countries}
            for option in queryset.exclude(destination_countries="")
            .order_by()
            .only("pk", "destination_countries")
        }
        # A named country that a partner of the same option is in was counted already.
        for pk, code in links.filter(exchangeoption__in=list(named)).values_list(
            "exchangeoption_id", "partnerinstitution__country"
        ):
            named[pk].discard(code)
        for codes in named.values():
            for code in codes:
                counts[code] = counts.get(code, 0) + 1
        return counts

    def dropping_helps(self):
        """For an empty result: each active filter and how many results there are without it."""
        helps = []
        for name in self.active:
            # The facets have counted it already; the other filters take a query each.
            count = self.counted[name][1] if name in self.FACETS else self.without(name).count()
            helps.append({"name": name, "label": self.filters[name].label, "count": count})
        return helps

    @property
    def total(self):
        """The number of results, counted with the facets."""
        return self.counted[None]


class MyProgrammeForm(forms.Form):
    """
    “My programme and year”: the curriculum slot a student is in. It is only shown:
    it sends the finder's programme, level and year filters, which read it.
    """

    programme = forms.ModelChoiceField(
        label=_("My programme"), queryset=Programme.objects.none(), to_field_name="slug"
    )
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    year = forms.ChoiceField(label=_("Year of study"), choices=YEARS)

    def __init__(self, programmes, slot=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        if slot:
            kwargs.setdefault(
                "initial",
                {"programme": slot["programme"].slug, "level": slot["level"], "year": slot["year"]},
            )
        super().__init__(**kwargs)
        # The published programmes, as the finder has loaded them: no query of its own.
        field = self.fields["programme"]
        field.choices = [("", field.empty_label), *((p.slug, str(p)) for p in programmes)]

    @staticmethod
    def slot(active):
        """
        The student's programme, level and year, when the finder's filters have exactly
        one of each.
        """
        chosen = [active.get(name, []) for name in ("programme", "level", "year")]
        if all(len(values) == 1 for values in chosen):
            (programme,), (level,), (year,) = chosen
            return {
                "programme": programme,
                "level": level,
                "level_label": Level(level).label,
                "year": year,
            }
        return None
