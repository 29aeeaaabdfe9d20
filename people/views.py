from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from editorial.views import PublishableDetailView

from .models import Person, Team


class PersonListView(TemplateView):
    template_name = "people/person_list.html"
    extra_context = {"breadcrumbs": [(_("People"), None)]}

    def get_context_data(self, **kwargs):
        return super().get_context_data(teams=Team.objects.with_published_people(), **kwargs)


class PersonDetailView(PublishableDetailView):
    model = Person
    queryset = Person.objects.select_related("team", "photo")

    def get_context_data(self, **kwargs):
        person = self.object
        return super().get_context_data(
            breadcrumbs=[(_("People"), reverse("people:list")), (person.name, None)],
            structured_data=[person.structured_data()],
            **kwargs,
        )
