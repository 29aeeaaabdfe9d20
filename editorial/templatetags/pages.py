"""Page links of a long list: `{{ page_obj|page_links }}` gives the numbers to link, with gaps."""

from django import template

register = template.Library()


@register.filter
def page_links(page_obj):
    """The first and last pages, two either side of this one, and None for each gap between."""
    paginator = page_obj.paginator
    return [
        None if number == paginator.ELLIPSIS else number
        for number in paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
    ]
