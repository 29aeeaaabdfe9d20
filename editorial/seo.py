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


# LUMC Global and the medical centre it belongs to: the one source for every
# page, feed and structured-data block that names the organisation.
ORGANISATION = {
    "name": "LUMC Global",
    "parent": "Leiden University Medical Center",
    "parent_url": "https://www.lumc.nl/",
    "street": "Albinusdreef 2",
    "postal_code": "2333 ZA",
    "city": "Leiden",
    "country": "NL",
}


def organisation(full=False):
    """
    LUMC Global as a schema.org Organization, part of the LUMC; `full` adds
    the logo and the address, for the page that describes the organisation.
    """
    data = {
        "@type": "Organization",
        "name": ORGANISATION["name"],
        "url": absolute_url("/"),
        "parentOrganization": {
            "@type": "MedicalOrganization",
            "name": ORGANISATION["parent"],
            "url": ORGANISATION["parent_url"],
        },
    }
    if full:
        data |= {
            "logo": absolute_url("/apple-touch-icon.png"),
            "address": {
                "@type": "PostalAddress",
                "streetAddress": ORGANISATION["street"],
                "postalCode": ORGANISATION["postal_code"],
                "addressLocality": ORGANISATION["city"],
                "addressCountry": ORGANISATION["country"],
            },
        }
    return data
