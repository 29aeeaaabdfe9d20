import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def json_ld(data):
    """
    A schema.org JSON-LD data block. It is data, not script, so the Content
    Security Policy lets it through; "<" is escaped so no text can end it.
    """
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).replace("<", "\\u003c")
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag(takes_context=True)
def breadcrumbs_json_ld(context, breadcrumbs):
    """The page's breadcrumb trail as a schema.org BreadcrumbList."""
    request = context["request"]
    trail = [(_("Home"), "/"), *breadcrumbs]
    items = [
        {
            "@type": "ListItem",
            "position": position,
            "name": str(label),
            "item": settings.SITE_URL + str(url or request.path),
        }
        for position, (label, url) in enumerate(trail, start=1)
    ]
    return json_ld(
        {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items}
    )
