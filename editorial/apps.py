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
        from .health import connect
        from .roles import grant_role_permissions

        connect()

        post_migrate.connect(grant_role_permissions, dispatch_uid="editorial.roles")
        post_migrate.connect(create_pages, dispatch_uid="editorial.pages")


def create_pages(sender, using="default", **kwargs):
    """
    A record for every fixed page an app names in its AppConfig's `pages`
    ({key: title}), so that editors find each one in the admin.
    """
    from .models import Page, declared_pages

    if sender.label != "editorial":
        return
    for key, title in declared_pages().items():
        Page.objects.using(using).get_or_create(key=key, defaults={"title": title})
