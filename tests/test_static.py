"""Static files as production serves them: collected, hashed, compressed, cached for a year."""

import io
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings

PRODUCTION_STATIC = {
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """The static files as production collects them, once for the module."""
    root = tmp_path_factory.mktemp("static")
    storages = {**settings.STORAGES, "staticfiles": PRODUCTION_STATIC}
    with override_settings(STATIC_ROOT=root, STORAGES=storages):
        call_command("collectstatic", interactive=False, stdout=io.StringIO())
        yield root


def test_collected_files_have_hashed_names_and_compressed_copies(collected):
    (css,) = collected.glob("css/site.*.css")

    assert re.fullmatch(r"site\.[0-9a-f]{12}\.css", css.name)
    assert (collected / "css" / (css.name + ".gz")).exists()
    assert (collected / "css" / (css.name + ".br")).exists()


@pytest.mark.usefixtures("demo_content")
def test_pages_link_the_hashed_files_which_are_cached_for_a_year(collected):
    client = Client()
    html = client.get("/").text
    (stylesheet,) = re.findall(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html)

    response = client.get(stylesheet, headers={"Accept-Encoding": "br, gzip"})
    response.close()

    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    assert response["Cache-Control"] == "max-age=315360000, public, immutable"
    assert response["Content-Type"].startswith("text/css")
