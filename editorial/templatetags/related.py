from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html_join

from ..related import PROVIDERS

register = template.Library()


@register.simple_tag(takes_context=True)
def related_content(context, obj, heading_level=2):
    """What the registered providers have about `obj`: events and news, say."""
    parts = [provider(obj, heading_level) for provider in PROVIDERS]
    return format_html_join(
        "",
        "{}",
        (
            (render_to_string(name, part_context, request=context.get("request")),)
            for name, part_context in filter(None, parts)
        ),
    )
