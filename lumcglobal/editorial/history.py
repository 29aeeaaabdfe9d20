"""
Restoring one item from its history. django-reversion's own views revert a
whole revision (every item a bulk action, an import or the demo load saved
together) and write before they check who may; here one version puts back one
item, its own fields and many-to-many links, and nothing else.
"""

import json

from django.db import IntegrityError
from django.utils.translation import gettext as _
from reversion.errors import RevertError

from .models import Publishable


def restore(version, *, as_draft):
    """
    Save the item of `version` as that version holds it (recreating it if it
    was deleted), as a draft if `as_draft`; return it and the names of links
    to items that no longer exist, which are left out.
    """
    model = version._model
    stored = version._object_version
    old = stored.object
    obj = model._default_manager.filter(pk=old.pk).first() or model(pk=old.pk)
    # Only the fields the version holds: a field added since keeps its value.
    fields = json.loads(version.serialized_data)[0]["fields"] if version.format == "json" else {}
    for name in fields:
        field = model._meta.get_field(name)
        if field.many_to_many or name in getattr(model, "history_derived_fields", ()):
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
    if as_draft and isinstance(obj, Publishable):
        obj.unpublish()
    if isinstance(obj, Publishable) and obj.slug_taken():
        # Another item has the address since: make a new one from the title.
        obj.slug = ""
    try:
        obj.save()
    except IntegrityError as error:
        raise RevertError(
            _("This version cannot be restored: %(error)s") % {"error": error}
        ) from None
    left_out = []
    for name, ids in (stored.m2m_data or {}).items():
        field = model._meta.get_field(name)
        existing = list(field.related_model._default_manager.filter(pk__in=ids))
        getattr(obj, name).set(existing)
        if len(existing) < len(set(ids)):
            left_out.append(str(field.verbose_name))
    return obj, left_out
