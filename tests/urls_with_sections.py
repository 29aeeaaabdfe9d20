"""The site with only some of its sections, to show that the others leave the navigation."""

from django.urls import include, path

from lumcglobal import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("about/", views.AboutView.as_view(), name="about"),
    path("contact/", views.ContactView.as_view(), name="contact"),
    path("newsletter/", views.NewsletterView.as_view(), name="newsletter"),
    path("people/", include("people.urls")),
    path("", include("events.urls")),
]
