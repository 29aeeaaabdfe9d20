from django.conf import settings
from django.contrib import admin
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csp import csp_override


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
