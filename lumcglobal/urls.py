from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from editorial.sitemaps import PagesSitemap, PublishedSitemap
from events.models import Event, NewsItem
from people.models import Person
from programmes.models import ExchangeOption, Programme
from research.models import PartnerInstitution, Project, ResearchTheme

from . import views

# The index at /sitemap.xml lists them all, as /sitemap-<section>.xml.
sitemaps = {
    "pages": PagesSitemap("home", "about", "contact", "newsletter"),
    "people": PublishedSitemap(Person, changefreq="monthly"),
    "research": PagesSitemap(
        "research:index",
        "research:collaborations",
        "research:partners",
        "research:global_phd",
        "research:projects",
    ),
    "research-items": PublishedSitemap(
        ResearchTheme, PartnerInstitution, Project, changefreq="monthly"
    ),
    "programmes": PagesSitemap("programmes:list", "programmes:finder", changefreq="weekly"),
    "programmes-items": PublishedSitemap(Programme, ExchangeOption),
    "events": PagesSitemap("events:upcoming", "events:past", "events:news", changefreq="daily"),
    "events-items": PublishedSitemap(Event, NewsItem),
}

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
        views.NewsletterConfirmView.as_view(),
        name="newsletter_confirm",
    ),
    path(
        "newsletter/unsubscribe/<str:token>/",
        views.NewsletterUnsubscribeView.as_view(),
        name="newsletter_unsubscribe",
    ),
    prefix_default_language=False,
)

if settings.SERVE_MEDIA:
    urlpatterns.append(path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", views.media))

handler500 = views.server_error
