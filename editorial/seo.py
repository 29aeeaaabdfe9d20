"""Addresses, breadcrumbs and structured data: what pages tell browsers and search engines."""

import re

from django.conf import settings
from django.urls import reverse

# What a slug in an address may look like; anything else is not worth a query.
SLUG = re.compile(r"\A[-a-zA-Z0-9_]{1,120}\Z")


def absolute_url(url):
    """`url` with the site's public origin in front, unless it has an origin already."""
    return url if "://" in url else settings.SITE_URL + url


def breadcrumbs(*trail):
    """
    A page's breadcrumbs below Home from (label, target) pairs, where a target is
    a URL name ("research:index"), a URL, or None for the page itself.
    """
    return [
        (label, reverse(target) if target and ":" in target else target) for label, target in trail
    ]


def structured(data, **optional):
    """schema.org data with the optional properties that have a value."""
    return data | {key: value for key, value in optional.items() if value}
