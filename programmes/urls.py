from django.urls import path

from . import views

app_name = "programmes"
urlpatterns = [
    path("programmes/", views.ProgrammeListView.as_view(), name="list"),
    path("programmes/<slug:slug>/", views.ProgrammeDetailView.as_view(), name="detail"),
    path("exchange/", views.FinderView.as_view(), name="finder"),
    path("exchange/compare/", views.CompareView.as_view(), name="compare"),
    path("exchange/shortlist/", views.ShortlistView.as_view(), name="shortlist"),
    path("exchange/deadlines.ics", views.deadlines_calendar, name="deadlines"),
    path("exchange/catalogue.csv", views.catalogue, {"fmt": "csv"}, name="catalogue_csv"),
    path("exchange/catalogue.json", views.catalogue, {"fmt": "json"}, name="catalogue_json"),
    path("exchange/<slug:slug>/", views.OptionDetailView.as_view(), name="option"),
]
