"""
The filters of the lists of partner institutions (by country, kind, alliance
and words of a name or city) and of projects (by kind and words), with
django-filter. A value the site does not know is ignored, never an error.
"""

import django_filters as filters
from django import forms
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .models import Alliance, PartnerInstitution, Project


class PartnerFilter(filters.FilterSet):
    """/research/partners/?country=&kind=&alliance=&q=."""

    q = filters.CharFilter(label=_("Name or city"), method="search")
    country = filters.ChoiceFilter(label=_("Country"), empty_label=_("All countries"))
    kind = filters.ChoiceFilter(
        label=_("Kind"), choices=PartnerInstitution.Kind.choices, empty_label=_("All kinds")
    )
    alliance = filters.ModelChoiceFilter(
        label=_("Alliance or network"),
        queryset=lambda request: Alliance.objects.published(),
        to_field_name="slug",
        field_name="alliances",
        empty_label=_("Any"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["country"].extra["choices"] = self.countries

    @cached_property
    def countries(self):
        """The countries that have partners in the list, by name."""
        codes = self.queryset.order_by().values_list("country", flat=True).distinct()
        return sorted(((code, countries.name(code)) for code in codes), key=lambda c: c[1])

    def search(self, queryset, name, value):
        for word in value.split()[:10]:
            queryset = queryset.filter(
                Q(name__icontains=word) | Q(short_name__icontains=word) | Q(city__icontains=word)
            )
        return queryset


class ProjectFilter(filters.FilterSet):
    """/research/projects/?kind=&q=."""

    q = filters.CharFilter(label=_("Words of the title"), method="search")
    kind = filters.MultipleChoiceFilter(
        label=_("Kind"), choices=Project.Kind.choices, widget=forms.CheckboxSelectMultiple
    )

    def search(self, queryset, name, value):
        for word in value.split()[:10]:
            queryset = queryset.filter(Q(title__icontains=word) | Q(summary__icontains=word))
        return queryset
