"""
Pickers: the form control of every relation to a list that can grow (people,
partners, themes, programmes, events, countries).

What is chosen shows as ticked boxes, one per value (untick to remove), and
a box below takes part of a name to add one. Without a script, what is typed
there is looked up when the form is saved: one match is added, none or several
are an error that says which. With editorial/static/editorial/pickers.js the
box is a combobox (the WAI-ARIA Authoring Practices pattern) whose suggestions
come a page at a time from the admin's own autocomplete view (models) or from
the list in the page (countries). The page holds only the chosen values, so a
form costs the same whatever the size of the lists.
"""

import json
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django_countries.fields import LazyTypedChoiceField, LazyTypedMultipleChoiceField

# The name of the box beside a field's own name.
ADD = "__add"
# How many matches an error about an ambiguous name lists.
LISTED = 5


class Typed(str):
    """What was typed into a picker's box, to be looked up when the form is cleaned."""


class Picker(forms.Widget):
    """The chosen values as ticked boxes and a box to add one; `source` says where to look."""

    template_name = "admin/editorial/widgets/picker.html"
    use_fieldset = True
    allow_multiple_selected = False

    def __init__(self, source=None, noun="", attrs=None, multiple=False):
        super().__init__(attrs)
        self.source = source or {}
        self.noun = noun
        self.allow_multiple_selected = multiple
        self.choices = []

    def value_from_datadict(self, data, files, name):
        chosen = (
            [value for value in data.getlist(name) if value] if hasattr(data, "getlist") else []
        )
        typed = (data.get(name + ADD) or "").strip()
        if self.allow_multiple_selected:
            return [*chosen, *([Typed(typed)] if typed else [])]
        if typed:
            return Typed(typed)
        return chosen[-1] if chosen else ""

    def value_omitted_from_data(self, data, files, name):
        return False  # unticking every box sends nothing, and means none

    def labelled(self, values):
        """(value, label) of each chosen value, in one query for a model's."""
        queryset = getattr(self.choices, "queryset", None)
        if queryset is not None:
            keys = [value for value in values if str(value).isdigit()]
            names = {str(obj.pk): str(obj) for obj in queryset.filter(pk__in=keys)}
        else:
            names = {str(value): str(label) for value, label in self.choices}
        return [(value, names[value]) for value in values if value in names]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        values = value if isinstance(value, (list, tuple)) else [value]
        typed = next((str(value) for value in values if isinstance(value, Typed)), "")
        chosen = [
            str(value)
            for value in values
            if value not in (None, "") and not isinstance(value, Typed)
        ]
        multiple = self.allow_multiple_selected
        context["widget"].update(
            chosen=self.labelled(list(dict.fromkeys(chosen))),
            typed=typed,
            multiple=multiple,
            source=json.dumps(self.source, ensure_ascii=False),
            add_label=(
                _("Add a %(noun)s") if multiple or not chosen else _("Choose another %(noun)s")
            )
            % {"noun": self.noun},
        )
        return context


def folded(text):
    """`text` for matching: lower case, accents dropped."""
    return "".join(
        char
        for char in unicodedata.normalize("NFKD", str(text).casefold())
        if not unicodedata.combining(char)
    )


class PickedField:
    """A form field of a picker: what was typed is looked up, and each problem said."""

    def look_up(self, typed):
        """The one value that `typed` names; otherwise a ValidationError that says why."""
        raise NotImplementedError

    def found(self, typed, matches, label):
        exact = [value for value in matches if folded(label(value)) == folded(typed)]
        if len(matches) == 1 or len(exact) == 1:
            return (exact or matches)[0]
        if not matches:
            raise ValidationError(
                _("Nothing matches “%(typed)s”: check the spelling, or type less of the name.")
                % {"typed": typed}
            )
        names = ", ".join(label(value) for value in matches[:LISTED])
        raise ValidationError(
            _("“%(typed)s” matches more than one: %(names)s. Type more of the name.")
            % {"typed": typed, "names": names + ("…" if len(matches) > LISTED else "")}
        )

    def resolved(self, values):
        kept, problems = [], []
        for value in values:
            if isinstance(value, Typed):
                try:
                    kept.append(self.look_up(value))
                except ValidationError as error:
                    problems.append(error)
            else:
                kept.append(value)
        if problems:
            raise ValidationError(problems)
        return kept


class ModelPickedField(PickedField):
    search = None  # term -> queryset of matches, set by the admin

    def look_up(self, typed):
        matches = list(self.search(typed)[: LISTED + 1])
        return self.found(typed, matches, str).pk


class PickedModelChoiceField(ModelPickedField, forms.ModelChoiceField):
    def clean(self, value):
        if isinstance(value, Typed):
            value = self.resolved([value])[0]
        return super().clean(value)


class PickedModelMultipleChoiceField(ModelPickedField, forms.ModelMultipleChoiceField):
    def clean(self, value):
        return super().clean(self.resolved(value or []))


class CountryPickedField(PickedField):
    def look_up(self, typed):
        names = {code: str(name) for code, name in self.choices if code}
        if typed.upper() in names:
            return typed.upper()  # a country's code
        wanted = folded(typed)
        matches = [code for code, name in names.items() if wanted in folded(name)]
        return self.found(typed, matches, names.get)


class PickedCountryField(CountryPickedField, LazyTypedChoiceField):
    def clean(self, value):
        if isinstance(value, Typed):
            value = self.resolved([value])[0]
        return super().clean(value)


class PickedCountriesField(CountryPickedField, LazyTypedMultipleChoiceField):
    def clean(self, value):
        return super().clean(self.resolved(value or []))


def model_picker(db_field, admin_site, search, **kwargs):
    """The form field of a relation to a model, as a picker backed by the admin's autocomplete."""
    multiple = db_field.many_to_many
    opts = db_field.model._meta
    source = {
        "url": reverse(f"{admin_site.name}:autocomplete"),
        "params": {
            "app_label": opts.app_label,
            "model_name": opts.model_name,
            "field_name": db_field.name,
        },
    }
    noun = str(db_field.related_model._meta.verbose_name)
    kwargs["widget"] = Picker(source, noun, multiple=multiple)
    kwargs["form_class"] = PickedModelMultipleChoiceField if multiple else PickedModelChoiceField
    field = db_field.formfield(**kwargs)
    field.search = search
    return field


def country_picker(db_field, **kwargs):
    """The form field of a country field (one or several): a picker over the countries."""
    multiple = db_field.multiple
    field = db_field.formfield(
        choices_form_class=PickedCountriesField if multiple else PickedCountryField, **kwargs
    )
    options = [[code, str(name)] for code, name in field.choices if code]
    field.widget = Picker({"options": options}, _("country"), multiple=multiple)
    field.widget.choices = field.choices
    field.widget.is_required = field.required
    return field
