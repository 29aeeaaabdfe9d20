from urllib.parse import urlsplit

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from events.sitemaps import EventsItemSitemap, EventsPagesSitemap
from people.sitemaps import PersonSitemap
from programmes.sitemaps import ProgrammesItemSitemap, ProgrammesPagesSitemap
from research.sitemaps import ResearchItemSitemap, ResearchPagesSitemap

from . import views
from .sitemaps import SitePagesSitemap

# Each app adds its sitemap here; the index at /sitemap.xml lists them all.
sitemaps = {
    "pages": SitePagesSitemap(),
    "people": PersonSitemap(),
    "research": ResearchPagesSitemap(),
    "research-items": ResearchItemSitemap(),
    "programmes": ProgrammesPagesSitemap(),
    "programmes-items": ProgrammesItemSitemap(),
    "events": EventsPagesSitemap(),
    "events-items": EventsItemSitemap(),
}
for sitemap in sitemaps.values():
    sitemap.protocol = urlsplit(settings.SITE_URL).scheme

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": sitemaps, "sitemap_url_name": "sitemap"},
        name="sitemap_index",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps},
        name="sitemap",
    ),
]

# Public pages: English at the root, other languages under their prefix.
urlpatterns += i18n_patterns(
    path("", views.HomeView.as_view(), name="home"),
    path("about/", views.AboutView.as_view(), name="about"),
    path("people/", include("people.urls")),
    path("research/", include("research.urls")),
    path("", include("programmes.urls")),
    path("", include("events.urls")),
    path("search/", views.SearchView.as_view(), name="search"),
    path("contact/", views.ContactView.as_view(), name="contact"),
    path("contact/thanks/", views.ContactThanksView.as_view(), name="contact_thanks"),
    path("newsletter/", views.NewsletterView.as_view(), name="newsletter"),
    path("newsletter/thanks/", views.NewsletterThanksView.as_view(), name="newsletter_thanks"),
    path(
        "newsletter/confirm/<str:token>/",
        views.newsletter_confirm,
        name="newsletter_confirm",
    ),
    path(
        "newsletter/unsubscribe/<str:token>/",
        views.newsletter_unsubscribe,
        name="newsletter_unsubscribe",
    ),
    prefix_default_language=False,
)

if settings.SERVE_MEDIA:
    urlpatterns.append(path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", views.media))

handler500 = views.server_error
