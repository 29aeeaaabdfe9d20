from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    """
    The editorial core: publication, preview, history, rich text, images, slugs
    and roles, shared by every content app. It imports nothing from them.
    """

    default = True
    name = "lumcglobal.editorial"
    label = "editorial"
    verbose_name = _("Images and editorial roles")

    def ready(self):
        from .roles import grant_role_permissions

        post_migrate.connect(grant_role_permissions, dispatch_uid="editorial.roles")


class AdminConfig(admin_apps.AdminConfig):
    """Django's admin on the site's own admin site."""

    default = False
    default_site = "lumcglobal.editorial.sites.EditorialAdminSite"


class AxesConfig(AxesAppConfig):
    """django-axes, which throttles wrong passwords, under a name staff understand."""

    default = False
    verbose_name = _("Sign-in security")
