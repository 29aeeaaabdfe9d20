from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResearchConfig(AppConfig):
    name = "research"
    verbose_name = _("Research and collaborations")
    # The fixed pages whose texts editors keep (editorial.Page).
    pages = {
        "research": _("Research"),
        "collaborations": _("Collaborations and alliances"),
        "global-phd": _("Global PhD"),
    }
