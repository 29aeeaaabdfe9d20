from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    """
    The editorial core: publication, preview, history, rich text, images, slugs
    and roles, shared by every content app. It imports nothing from them.
    """

    default = True
    name = "editorial"
    label = "editorial"
    verbose_name = _("Images and editorial roles")

    def ready(self):
        from .roles import grant_role_permissions

        post_migrate.connect(grant_role_permissions, dispatch_uid="editorial.roles")
