"""What machines read: health check, robots.txt, sitemaps, icons, and the error pages."""

from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError, ProgrammingError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from tests.html import sitemap_locations

pytestmark = pytest.mark.usefixtures("demo_content")


@pytest.fixture
def database_down():
    with mock.patch.object(
        BaseDatabaseWrapper, "cursor", side_effect=OperationalError("connection refused")
    ):
        yield


def test_health_check_says_ok_when_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain"
    assert response.text == "ok\n"
    assert "no-cache" in response["Cache-Control"]


def test_health_check_says_503_when_the_database_is_down(client, database_down):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response["Content-Type"] == "text/plain"


def test_the_500_page_renders_without_the_database():
    client = Client(raise_request_exception=False)

    # A failing query that is no outage: an outage gives the 503 page (test_resilience.py).
    with mock.patch.object(BaseDatabaseWrapper, "cursor", side_effect=ProgrammingError("no")):
        response = client.get("/about/")

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text
    assert 'href="/contact/"' in response.text  # the navigation, which needs no database
    assert response["Content-Security-Policy"].startswith("default-src 'self'")


def test_an_unknown_path_gives_the_site_404_page(client):
    response = client.get("/no/such/page/")

    assert response.status_code == 404
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "We cannot find that page" in response.text
    assert 'class="site-nav"' in response.text


@pytest.mark.parametrize(
    "path",
    [
        "/" + "a" * 3000 + "/",
        "/newsletter/?email=" + "x" * 5000,
        "/contact/?%ff%fe=%00",
        "/about/?page=-1&q=%00",
        "/newsletter/confirm/" + "A" * 2000 + "/",
        "/newsletter/unsubscribe/..%2F..%2Fetc%2Fpasswd/",
        "/sitemap-nonsense.xml",
        "/sitemap-pages.xml?p=abc",
        "/sitemap-pages.xml?p=99",
    ],
)
def test_odd_requests_never_give_a_server_error(client, path):
    assert client.get(path).status_code < 500


def test_an_oversized_form_is_refused_with_a_4xx(client):
    response = client.post("/contact/", {"message": "x" * 3_000_000})

    assert response.status_code == 400


def test_robots_txt_names_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in response.text.splitlines()


def test_the_sitemap_index_lists_each_section_at_the_public_address(client):
    locations = sitemap_locations(client.get("/sitemap.xml"), root="sitemapindex")

    assert locations == [
        f"{settings.SITE_URL}/sitemap-pages.xml",
        f"{settings.SITE_URL}/sitemap-people.xml",
        f"{settings.SITE_URL}/sitemap-research.xml",
        f"{settings.SITE_URL}/sitemap-research-items.xml",
        f"{settings.SITE_URL}/sitemap-programmes.xml",
        f"{settings.SITE_URL}/sitemap-programmes-items.xml",
        f"{settings.SITE_URL}/sitemap-events.xml",
        f"{settings.SITE_URL}/sitemap-events-items.xml",
    ]


def test_the_pages_sitemap_lists_the_site_wide_pages(client):
    locations = sitemap_locations(client.get("/sitemap-pages.xml"))

    assert locations == [
        f"{settings.SITE_URL}/",
        f"{settings.SITE_URL}/about/",
        f"{settings.SITE_URL}/contact/",
        f"{settings.SITE_URL}/newsletter/",
    ]
    for location in locations:
        assert client.get(location.removeprefix(settings.SITE_URL)).status_code == 200


@pytest.mark.parametrize(
    ("path", "content_type"),
    [("/favicon.ico", "image/x-icon"), ("/apple-touch-icon.png", "image/png")],
)
def test_icons_answer_at_the_site_root(client, path, content_type):
    response = client.get(path)
    response.close()

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
