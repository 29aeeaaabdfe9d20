"""Demo content helpers shared by the apps' `demo.py` loaders."""

from .models import Page, PageSection


def load_page(key, title, intro, description="", sections=()):
    """
    Fill in a fixed page's texts (rich text) the first time, and add a section
    whose anchor is missing; leave whatever an editor wrote alone.
    `sections` are (heading, anchor, body) triples.
    """
    page, _created = Page.objects.get_or_create(key=key)
    # The record exists from the start, with a title only: fill it in once.
    if not page.intro:
        page.title, page.intro, page.description = title, intro, description
        page.save()
    for position, (heading, anchor, body) in enumerate(sections):
        PageSection.objects.get_or_create(
            page=page,
            anchor=anchor,
            defaults={"heading": heading, "body": body, "position": position},
        )
