from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csp import csp_override


class EditorialAdminSite(admin.AdminSite):
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
