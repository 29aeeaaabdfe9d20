from django import template

from ..worldmap import map_size

register = template.Library()


@register.inclusion_tag("research/includes/world_map.html")
def world_map(marks, caption):
    width, height = map_size()
    return {"marks": marks, "caption": caption, "width": width, "height": height}
