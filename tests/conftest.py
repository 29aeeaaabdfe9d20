import io
import os
import shutil

import pytest
from django.core.management import call_command

from tests.factories import staff_member

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def demo_content(db):
    call_command("load_demo_content", stdout=io.StringIO())


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Drive the system's Chromium: test tools cannot download their own browser here."""
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not path:
        pytest.fail("No Chromium found: run scripts/ensure-chromium or set CHROMIUM_PATH.")
    return {
        **browser_type_launch_args,
        "executable_path": path,
        "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_ARGS],
    }


@pytest.fixture
def editor(db):
    return staff_member("editor", "Editor")


@pytest.fixture
def publisher(db):
    return staff_member("publisher", "Publisher")


@pytest.fixture
def superuser(db):
    return staff_member("root", is_superuser=True)


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploads and renditions go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
