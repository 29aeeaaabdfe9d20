import pytest
from django.test import Client

from tests.checkers import inline_code
from tests.pages import PUBLIC_PAGES

pytestmark = pytest.mark.usefixtures("demo_content")


def policy(response):
    directives = {}
    for directive in response["Content-Security-Policy"].split(";"):
        name, *sources = directive.split()
        directives[name] = sources
    return directives


@pytest.mark.parametrize("path", [*PUBLIC_PAGES, "/no-such-page/"])
def test_every_page_has_a_strict_content_security_policy(client, path):
    csp = policy(client.get(path))

    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]
    for sources in csp.values():
        assert not any("unsafe" in source or "nonce" in source for source in sources)


@pytest.mark.parametrize("path", [*PUBLIC_PAGES, "/no-such-page/"])
def test_public_pages_carry_no_inline_script_or_style(client, path):
    assert inline_code(client.get(path).text) == []


@pytest.mark.parametrize("path", ["/", "/contact/", "/healthz", "/robots.txt"])
def test_security_headers(client, path):
    response = client.get(path)

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_json_ld_cannot_break_out_of_its_data_block(client):
    from editorial.models import Page

    Page.objects.filter(key="home").update(description="</script><script>alert(1)</script>")

    html = client.get("/").text

    assert "</script><script>alert(1)" not in html
    assert "\\u003c/script>\\u003cscript>alert(1)\\u003c/script>" in html


@pytest.fixture
def production(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    return Client()


def test_in_production_plain_http_is_redirected_to_https(production):
    response = production.get("/about/")

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/about/"


def test_in_production_https_pages_have_hsts_and_secure_cookies(production):
    response = production.get("/contact/", headers={"X-Forwarded-Proto": "https"})

    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    csrf = response.cookies["csrftoken"]
    assert csrf["secure"] is True
    assert csrf["samesite"] == "Lax"


def test_the_health_check_answers_load_balancers_over_plain_http(production):
    assert production.get("/healthz").status_code == 200
