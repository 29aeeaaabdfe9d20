from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject
from django.views.generic import DetailView, TemplateView

from . import workflow
from .models import Page
from .seo import breadcrumbs


class BreadcrumbsMixin:
    """
    A page's breadcrumbs below Home, which base.html shows as links and as a
    schema.org BreadcrumbList. `breadcrumbs` is the trail as (label, target)
    pairs, a target being a URL name ("events:past"), a URL, or None for the
    page itself; override get_breadcrumbs() when the trail depends on the page.
    """

    breadcrumbs = ()

    def get_breadcrumbs(self):
        return self.breadcrumbs

    def get_context_data(self, **kwargs):
        kwargs.setdefault("breadcrumbs", breadcrumbs(*self.get_breadcrumbs()))
        return super().get_context_data(**kwargs)


class FilteredListView(BreadcrumbsMixin, TemplateView):
    """A list page: the items of get_queryset() that `filterset_class` lets through, by page."""

    filterset_class = None
    paginate_by = 20
    # The name of the page's items in the template.
    items_name = None

    def get_queryset(self):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        filterset = self.filterset_class(self.request.GET, queryset=self.get_queryset())
        page = Paginator(filterset.qs, self.paginate_by).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            filterset=filterset,
            page_obj=page,
            **{self.items_name: page.object_list},
            **kwargs,
        )


class PageTextMixin:
    """A fixed page whose texts editors keep, in the `Page` record named `page_key`."""

    page_key = None

    def get_context_data(self, **kwargs):
        # Looked up only when the template shows it (a partial response may not).
        page = SimpleLazyObject(lambda: Page.objects.for_key(self.page_key))
        sections = SimpleLazyObject(lambda: page.section_list)
        if getattr(self.request, "editorial_live_preview", False):
            # The page texts' form, unsaved (editorial.preview): marked, and never indexed.
            kwargs.setdefault("preview", True)
            kwargs.setdefault("live_preview", True)
        return super().get_context_data(page=page, sections=sections, **kwargs)


class PublishableDetailView(BreadcrumbsMixin, DetailView):
    """
    One published item at its public address. Staff who may change it, and
    holders of a signed preview link, also see it before or after publication,
    marked as a preview, never cached and not indexed. An old slug redirects.
    Its breadcrumbs are `breadcrumbs` (the trail above it) and the item.
    """

    preview = False
    # Whether the page shows an item's draft changes rather than what is live.
    draft_preview = False
    # Whether it shows what a change form holds, unsaved (editorial.preview).
    live_preview = False

    def get_breadcrumbs(self):
        return [*self.breadcrumbs, (str(self.object), None)]

    def get_object(self, queryset=None):
        queryset = self.get_queryset() if queryset is None else queryset
        obj = queryset.filter(slug=self.kwargs["slug"]).first()
        if obj is None:
            raise Http404
        if getattr(self.request, "editorial_live_preview", False):
            # The editor's own view of the form: allowed by the admin, always a preview.
            self.preview = self.live_preview = True
        elif not obj.is_published():
            if not self.may_preview(obj):
                raise Http404
            self.preview = True
        return obj

    def may_preview(self, obj):
        opts = obj._meta
        token = self.request.GET.get("preview", "")
        return self.request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}") or (
            token and obj.accepts_preview_token(token)
        )

    def get(self, request, *args, **kwargs):
        draft = self.previewed_draft()
        if draft is None:
            return self.get_item(request, *args, **kwargs)
        # The draft changes, written for this answer only.
        with workflow.undone():
            workflow.write_changes(draft)
            self.preview = self.draft_preview = True
            response = self.get_item(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
        return response

    def previewed_draft(self):
        """The draft changes a preview link (`?preview=`) asks to see, if this visitor may."""
        if "preview" not in self.request.GET:
            return None
        obj = self.model._default_manager.filter(slug=self.kwargs["slug"]).first()
        if obj is None or not self.may_preview(obj):
            return None
        draft = workflow.draft_of(obj)
        return draft if draft and draft.changes_id else None

    def get_item(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            moved = self.moved_to()
            if moved is None:
                raise
            url = moved.get_absolute_url()
            if request.GET:
                url += "?" + request.GET.urlencode()
            # Only a published item's new address is for keeps.
            return redirect(url, permanent=moved.is_published())

    def moved_to(self):
        """The item this address used to belong to, if this visitor may see it."""
        from .models import SlugRedirect

        target = SlugRedirect.target(self.model, self.kwargs["slug"])
        if target and (target.is_published() or self.may_preview(target)):
            return target
        return None

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            preview=self.preview,
            draft_preview=self.draft_preview,
            live_preview=self.live_preview,
            **kwargs,
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if self.preview:
            patch_cache_control(response, private=True, no_store=True)
            response.headers["X-Robots-Tag"] = "noindex, nofollow"
        return response
