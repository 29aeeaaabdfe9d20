"""
Restoring one item from its history. django-reversion's own views revert a
whole revision (every item a bulk action, an import or the demo load saved
together) and write before they check who may; here one version puts back one
item, its own fields, many-to-many links and the rows it owns (its inlines),
and nothing else.
"""

import json
from copy import copy

from django.core.exceptions import FieldDoesNotExist
from django.db import IntegrityError
from django.utils.translation import gettext as _
from reversion.errors import RevertError
from reversion.models import Version

from .models import Publication, Publishable, SlugRedirect


def restore(version, *, as_draft, owned=()):
    """
    Write the item of `version` as that version holds it (recreating it if it
    was deleted), as a draft if `as_draft`, with the rows it owns through each
    (model, foreign key) of `owned` as its revision holds them, for the change
    form to show and save; return it and the names of links to items that no
    longer exist, which are left out. It is written raw, with no side effects of its own (no
    renditions, no signals): the form's save does what a save does, and
    anything else is rolled back.
    """
    model = version._model
    stored = version._object_version
    old = stored.object
    current = model._default_manager.filter(pk=old.pk).first()
    obj = copy(current) if current else model(pk=old.pk)
    # Only the fields the version holds: a field added since keeps its value.
    for name in json.loads(version.serialized_data)[0]["fields"]:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue  # a field the type has lost since
        if field.many_to_many or name in model.history_derived_fields:
            continue
        value = getattr(old, field.attname)
        gone = field.is_relation and value is not None
        if gone and not field.related_model._default_manager.filter(pk=value).exists():
            if not field.null:
                raise RevertError(
                    _("This version refers to a %(thing)s that no longer exists.")
                    % {"thing": field.related_model._meta.verbose_name}
                )
            value = None
        setattr(obj, field.attname, value)
    if as_draft and isinstance(obj, Publication):
        obj.unpublish()
    if isinstance(obj, Publishable):
        _restore_address(obj, current)
    try:
        obj.save_base(raw=True)
    except IntegrityError as error:
        raise RevertError(
            _("This version cannot be restored: %(error)s") % {"error": error}
        ) from None
    if isinstance(obj, Publishable) and (current is None or current.slug != obj.slug):
        SlugRedirect.record(obj, current.slug if current else None)
    left_out = []
    for name, ids in (stored.m2m_data or {}).items():
        field = model._meta.get_field(name)
        existing = list(field.related_model._default_manager.filter(pk__in=ids))
        getattr(obj, name).set(existing)
        if len(existing) < len(set(ids)):
            left_out.append(str(field.verbose_name))
    for owned_model, fk_name in owned:
        _restore_owned(version, obj, owned_model, fk_name)
    return obj, left_out


def _restore_owned(version, obj, model, fk_name):
    """The rows of `model` that `obj` owns through `fk_name`, as `version`'s revision has them."""
    fk = model._meta.get_field(fk_name)
    versions = Version.objects.get_for_model(model).filter(revision=version.revision)
    rows = [v._object_version.object for v in versions]
    rows = [row for row in rows if getattr(row, fk.attname) == obj.pk]
    owned = model._default_manager.filter(**{fk.attname: obj.pk})
    owned.exclude(pk__in=[row.pk for row in rows]).delete()
    for row in rows:
        if model._default_manager.filter(pk=row.pk).exclude(**{fk.attname: obj.pk}).exists():
            row.pk = None  # its id is another item's row's now
        try:
            row.save_base(raw=True)
        except IntegrityError as error:
            raise RevertError(
                _("This version cannot be restored: %(error)s") % {"error": error}
            ) from None


def _restore_address(obj, current):
    redirected_to = SlugRedirect.target(type(obj), obj.slug)
    if obj.slug_taken() or (redirected_to and redirected_to.pk != obj.pk):
        # Another item has the address since, or visitors are sent from it to
        # another item: it gets a new one, made from the title.
        obj.slug = obj.unique_slug(getattr(obj, obj.slug_source))
    if obj.status == obj.Status.PUBLISHED and (current is None or current.status != obj.status):
        obj.revoke_preview_links()
