"""The site's URLs plus stand-ins for the sections later apps add, by their URL names."""

from django.http import HttpResponse
from django.urls import include, path

from lumcglobal.urls import urlpatterns as site_urlpatterns


def placeholder(request):
    return HttpResponse("placeholder")


def section(prefix, namespace, names):
    routes = [path(f"{suffix}", placeholder, name=name) for name, suffix in names.items()]
    return path(prefix, include((routes, namespace)))


urlpatterns = [
    section("events/", "events", {"upcoming": "", "news": "news/"}),
    section("research/", "research", {"index": ""}),
    section("people/", "people", {"list": ""}),
    *site_urlpatterns,
]
