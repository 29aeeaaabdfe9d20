from django.conf import settings
from django.contrib import admin, messages
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_POST

from editorial import health
from editorial.models import EditorSettings


class SiteAdminSite(admin.AdminSite):
    """
    The admin. Its pages get their own Content Security Policy, in which the
    admin's and the rich-text editor's scripts run by nonce; the public pages
    keep the strict policy without one.
    """

    site_header = _("LUMC Global administration")
    site_title = _("LUMC Global")
    index_title = _("Site content")

    def admin_view(self, view, cacheable=False):
        return csp_override(settings.SECURE_CSP_ADMIN)(super().admin_view(view, cacheable))

    def index(self, request, extra_context=None):
        from .dashboard import dashboard

        preferences = EditorSettings.objects.filter(user=request.user).first()
        context = {
            **dashboard(request.user),
            "review_emails": preferences is None or preferences.review_emails,
            **(extra_context or {}),
        }
        return super().index(request, context)

    def get_urls(self):
        return [
            path(
                "editor-settings/",
                self.admin_view(self.editor_settings),
                name="editor_settings",
            ),
            path(
                "content-health/",
                self.admin_view(self.content_health),
                name="content_health",
            ),
            *super().get_urls(),
        ]

    def content_health(self, request):
        """The content checks over everything published (editorial/health.py)."""
        return health.report_view(request, self)

    @method_decorator(require_POST)
    def editor_settings(self, request):
        """Turn one's own review emails on or off."""
        wanted = request.POST.get("review_emails") == "on"
        EditorSettings.objects.update_or_create(
            user=request.user, defaults={"review_emails": wanted}
        )
        messages.success(
            request,
            _("You get emails about reviews.") if wanted else _("You get no emails about reviews."),
        )
        return redirect("admin:index")


def locked_out(request, response, credentials):
    """
    The answer to a log-in while django-axes pauses that account at this
    address: the admin's look, what happened, and when to try again.
    """
    cool_off = settings.AXES_COOLOFF_TIME
    context = admin.site.each_context(request) | {
        "title": _("Signing in is paused"),
        "minutes": int(cool_off.total_seconds() // 60),
    }
    response = render(request, "admin/locked_out.html", context, status=429)
    response["Retry-After"] = int(cool_off.total_seconds())
    return response
