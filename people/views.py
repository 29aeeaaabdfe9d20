from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from editorial.views import BreadcrumbsMixin, PublishableDetailView

from .models import Person, Team

# How many people of each team /people/ shows; the team's own list has them all.
SHOWN_PER_TEAM = 24
# People a page on a team's own list (/people/?team=<id>).
PER_PAGE = 48


class PersonListView(BreadcrumbsMixin, TemplateView):
    """
    /people/: each team with its first people and a link to all of them;
    ?team=<id>: that team alone, by page. An unknown team shows every team.
    """

    template_name = "people/person_list.html"

    def team(self):
        chosen = self.request.GET.get("team", "")
        if not chosen.isdigit():
            return None
        people = Person.objects.published().filter(team=OuterRef("pk"))
        return Team.objects.filter(Exists(people), pk=chosen).first()

    def get_breadcrumbs(self):
        team = self.chosen_team
        return [(_("People"), "people:list" if team else None)] + (
            [(team.name, None)] if team else []
        )

    def get_context_data(self, **kwargs):
        self.chosen_team = team = self.team()
        if team is None:
            teams = Team.objects.with_published_people(shown=SHOWN_PER_TEAM)
            return super().get_context_data(teams=teams, **kwargs)
        people = Person.objects.for_list().filter(team=team)
        page = Paginator(people, PER_PAGE).get_page(self.request.GET.get("page"))
        return super().get_context_data(team=team, page_obj=page, people=page.object_list, **kwargs)


class PersonDetailView(PublishableDetailView):
    model = Person
    queryset = Person.objects.select_related("team", "photo")
    breadcrumbs = [(_("People"), "people:list")]

    def get_context_data(self, **kwargs):
        return super().get_context_data(structured_data=[self.object.structured_data()], **kwargs)
