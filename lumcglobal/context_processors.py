from django.conf import settings
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from editorial.seo import ORGANISATION

from .models import SocialLink

# The main navigation, in order.
NAVIGATION = [
    ("programmes:finder", _("Programmes and exchange")),
    ("events:upcoming", _("Events")),
    ("events:news", _("News")),
    ("research:index", _("Research")),
    ("people:list", _("People")),
    ("about", _("About")),
    ("contact", _("Contact")),
    ("search", _("Search")),
]


# Sections that answer at more than one address.
SECTIONS = {"programmes:finder": ["/exchange/", "/programmes/"]}


def navigation(request):
    """The header navigation; needs no database, so the error pages can use it too."""
    items = []
    for name, label in NAVIGATION:
        url = reverse(name)
        section = SECTIONS.get(name, [url])
        current = request is not None and any(request.path.startswith(p) for p in section)
        items.append({"url": url, "label": label, "current": current})
    return {
        "navigation": items,
        "site_url": settings.SITE_URL,
        "site_name": settings.SITE_NAME,
        "organisation": ORGANISATION,
    }


def site(request):
    return {
        **navigation(request),
        "social_links": SimpleLazyObject(lambda: list(SocialLink.objects.published())),
    }
