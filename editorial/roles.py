"""
The two editorial roles. Editors create and change drafts; Publishers may also
publish, unpublish, and change or delete what is published. The groups are made
by a migration; their permissions are brought up to date after every migrate,
for every content model, so a new content type needs no extra step.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

EDITOR = "Editor"
PUBLISHER = "Publisher"


def content_models():
    from .models import EditorialModel

    return [model for model in global_apps.get_models() if issubclass(model, EditorialModel)]


def publish_codename(model):
    return f"publish_{model._meta.model_name}"


def can_publish(user, model):
    return user.has_perm(f"{model._meta.app_label}.{publish_codename(model)}")


def grant_role_permissions(sender, using="default", **kwargs):
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    if sender.label != "editorial":
        return
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    editor_perms, publisher_perms = [], []
    for model in content_models():
        content_type = ContentType.objects.db_manager(using).get_for_model(model)
        actions = ["view", "add", "change", "delete"]
        codenames = [f"{action}_{model._meta.model_name}" for action in actions]
        permissions = list(
            Permission.objects.using(using).filter(
                content_type=content_type, codename__in=[*codenames, publish_codename(model)]
            )
        )
        editor_perms += [p for p in permissions if p.codename in codenames]
        publisher_perms += permissions
    for name, permissions in [(EDITOR, editor_perms), (PUBLISHER, publisher_perms)]:
        group, _created = Group.objects.using(using).get_or_create(name=name)
        group.permissions.add(*permissions)
