from django.conf import settings


def absolute_url(url):
    """`url` with the site's public origin in front, unless it has an origin already."""
    return url if "://" in url else settings.SITE_URL + url
