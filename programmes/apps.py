from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = _("Programmes and exchange")
    # The fixed pages whose texts editors keep (editorial.Page).
    pages = {"exchange": _("Exchange finder")}
