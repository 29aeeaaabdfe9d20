from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from editorial.views import BreadcrumbsMixin, PublishableDetailView

from .models import Person, Team


class PersonListView(BreadcrumbsMixin, TemplateView):
    template_name = "people/person_list.html"
    breadcrumbs = [(_("People"), None)]

    def get_context_data(self, **kwargs):
        return super().get_context_data(teams=Team.objects.with_published_people(), **kwargs)


class PersonDetailView(PublishableDetailView):
    model = Person
    queryset = Person.objects.select_related("team", "photo")
    breadcrumbs = [(_("People"), "people:list")]

    def get_context_data(self, **kwargs):
        return super().get_context_data(structured_data=[self.object.structured_data()], **kwargs)
