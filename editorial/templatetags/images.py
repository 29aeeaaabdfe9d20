from django import template
from django.core.files.storage import default_storage
from django.utils.html import format_html, format_html_join

from ..images import FORMATS, RENDITION_FORMATS

register = template.Library()


def srcset(entries):
    return ", ".join(f"{default_storage.url(name)} {width}w" for width, name in entries)


@register.simple_tag
def picture(image, shape="original", sizes="100vw", css_class="", loading="lazy"):
    """
    An image as `<picture>`: AVIF and WebP sources with a JPEG fallback, each
    in several widths, with width and height set so the page does not jump.
    Until its renditions are made, the original as a plain `<img>`.
    """
    if not image:
        return ""
    rendition = image.shown_renditions.get(shape)
    css = format_html(' class="{}"', css_class) if css_class else ""
    if not rendition:
        return original(image, loading, css)
    sources = format_html_join(
        "",
        '<source type="{}" srcset="{}" sizes="{}">',
        (
            (FORMATS[fmt][1], srcset(rendition[fmt]), sizes)
            for fmt in RENDITION_FORMATS[:-1]
            if rendition.get(fmt)
        ),
    )
    fallback = rendition[RENDITION_FORMATS[-1]]
    _width, middle_name = fallback[len(fallback) // 2]
    return format_html(
        '<picture>{}<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"'
        ' loading="{}" decoding="async"{}></picture>',
        sources,
        default_storage.url(middle_name),
        srcset(fallback),
        sizes,
        rendition["width"],
        rendition["height"],
        image.alt,
        loading,
        css,
    )


def original(image, loading, css):
    """The uploaded file itself, at its own size: for the moments before the renditions exist."""
    size = (
        format_html(' width="{}" height="{}"', image.width, image.height)
        if image.width and image.height
        else ""
    )
    return format_html(
        '<img src="{}"{} alt="{}" loading="{}" decoding="async"{}>',
        default_storage.url(image.file.name),
        size,
        image.alt,
        loading,
        css,
    )
