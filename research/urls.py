from django.urls import path

from . import views

app_name = "research"
urlpatterns = [
    path("", views.ResearchIndexView.as_view(), name="index"),
    path("themes/<slug:slug>/", views.ThemeDetailView.as_view(), name="theme"),
    path("collaborations/", views.CollaborationsView.as_view(), name="collaborations"),
    path("partners/", views.PartnerListView.as_view(), name="partners"),
    path("partners/<slug:slug>/", views.PartnerDetailView.as_view(), name="partner"),
    path("global-phd/", views.GlobalPhdView.as_view(), name="global_phd"),
    path("projects/", views.ProjectListView.as_view(), name="projects"),
    path("projects/<slug:slug>/", views.ProjectDetailView.as_view(), name="project"),
]
