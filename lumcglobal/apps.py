from urllib.parse import urlsplit

from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.conf import settings
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def sync_site(using, **kwargs):
    """Keep the sites framework's record, used by sitemaps and feeds, on DJANGO_SITE_URL."""
    from django.contrib.sites.models import Site

    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID,
        defaults={"domain": urlsplit(settings.SITE_URL).netloc, "name": settings.SITE_NAME},
    )


def fill_search_index(using, **kwargs):
    """Write the search documents of a database that has none yet, such as one just migrated."""
    from django.db import connections

    from .models import SearchDocument
    from .search import KINDS, rebuild

    if SearchDocument._meta.db_table not in connections[using].introspection.table_names():
        return  # migrated back to before the search index
    if SearchDocument.objects.using(using).exists():
        return
    if any(kind.model._default_manager.using(using).exists() for kind in KINDS):
        rebuild(using)


class LumcGlobalConfig(AppConfig):
    default = True  # this module holds other app configurations too
    name = "lumcglobal"
    verbose_name = _("Site-wide pages and messages")
    # The fixed pages whose texts editors keep (editorial.Page).
    pages = {
        "home": _("Home"),
        "about": _("About"),
        "contact": _("Contact"),
        "newsletter": _("Newsletter"),
    }

    def ready(self):
        from . import pagecache, search

        post_migrate.connect(sync_site, sender=self)
        post_migrate.connect(fill_search_index, sender=self)
        pagecache.connect()
        search.connect()


class AdminConfig(admin_apps.AdminConfig):
    """Django's admin on the site's own admin site."""

    default = False
    default_site = "lumcglobal.sites.SiteAdminSite"


class AxesConfig(AxesAppConfig):
    """django-axes, which throttles wrong passwords, under a name staff understand."""

    default = False
    verbose_name = _("Sign-in security")
