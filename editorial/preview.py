"""
The live preview: an item's public page as its change form holds it, unsaved.

The admin posts the form here as the editor types (editorial/static/editorial/
preview.js). The form is validated and saved inside a transaction that is
rolled back, with the save's signals muted and no revision open, and the
item's own public view renders the page in between: nothing is written, the
page is the one the public would get, and the answer is never cached or indexed.
"""

from copy import copy

from django.conf import settings
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.forms.formsets import all_valid
from django.http import Http404, HttpResponseNotAllowed, QueryDict
from django.template.response import TemplateResponse
from django.urls import resolve
from django.utils.cache import patch_cache_control
from django.utils.csp import CSP
from reversion.utils import mute_signals

from . import workflow

# The public page's policy, framed by the admin's change form beside it.
PREVIEW_CSP = {**settings.SECURE_CSP, "frame-ancestors": [CSP.SELF]}


def live_preview(model_admin, request, object_id=None):
    """The page of the item that the posted change form describes, or why there is none yet."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    obj = None
    if object_id is not None:
        obj = model_admin.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not model_admin.has_change_permission(request, obj):
            raise PermissionDenied
    elif not model_admin.has_add_permission(request):
        raise PermissionDenied
    with workflow.undone(), mute_signals(*workflow.WRITE_SIGNALS):
        if obj is not None:
            # The form was opened on the draft changes: start from them.
            workflow.write_changes(workflow.draft_of(obj), model_admin.owned_relations())
            obj = model_admin.get_object(request, unquote(object_id))
        form = model_admin.get_form(request, obj, change=obj is not None)(
            request.POST, request.FILES, instance=obj
        )
        formsets, _inlines = model_admin._create_formsets(
            request, form.instance, change=obj is not None
        )
        if not (form.is_valid() and all_valid(formsets)):
            response = TemplateResponse(
                request,
                "admin/editorial/live_preview_invalid.html",
                {
                    "form": form,
                    "formsets": formsets,
                    "preview": True,
                    "live_preview": True,
                },
            )
        else:
            item = form.save()
            for formset in formsets:
                formset.save()
            response = public_page(request, item)
        response.render()  # while the database holds the form's data
    patch_cache_control(response, private=True, no_store=True)
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


def public_page(request, item):
    """What the item's public view answers this editor at the item's address."""
    url = item.get_absolute_url()
    if not url:
        raise Http404  # a page text that no page shows
    match = resolve(url)
    page_request = copy(request)
    page_request.method = "GET"
    page_request.GET, page_request.POST = QueryDict(), QueryDict()
    page_request.path = page_request.path_info = url
    page_request.resolver_match = match
    page_request.editorial_live_preview = True
    return match.func(page_request, *match.args, **match.kwargs)
