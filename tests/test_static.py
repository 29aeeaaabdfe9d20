"""Static files as production serves them: collected, hashed, compressed, cached for a year."""

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client

PRODUCTION_STATIC = {
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}


@pytest.fixture
def collected(settings, tmp_path, demo_content):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": PRODUCTION_STATIC}
    call_command("collectstatic", interactive=False, stdout=io.StringIO())
    return tmp_path


def test_collected_files_have_hashed_names_and_compressed_copies(collected):
    (css,) = collected.glob("css/site.*.css")

    assert re.fullmatch(r"site\.[0-9a-f]{12}\.css", css.name)
    assert (collected / "css" / (css.name + ".gz")).exists()
    assert (collected / "css" / (css.name + ".br")).exists()


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
