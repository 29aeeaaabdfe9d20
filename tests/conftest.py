import io
import os
import shutil

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from pytest_django.live_server_helper import LiveServer

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


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """
    The test database, which on PostgreSQL can be dropped only when nobody uses
    it: a live server's request thread closes its connection when the browser
    closes its kept-alive socket, which may come after the last test.
    """
    yield
    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


# Fixtures that hold the demo content for the rest of a module; see pytest_collection_modifyitems.
MODULE_DEMO_FIXTURES = {"demo_transaction", "demo_site"}


def load_demo_content():
    call_command("load_demo_content", stdout=io.StringIO())


@pytest.fixture(scope="module")
def demo_transaction(django_db_setup, django_db_blocker):
    """
    The demo content, loaded once for the tests of a module that read it, in a
    transaction that each test's own transaction nests in (as a savepoint) and
    that is rolled back when the module's tests are done.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            load_demo_content()
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo_content(request, demo_transaction, db):
    """The demo content, for a test that may change it: its changes are rolled back after it."""
    marker = request.node.get_closest_marker("django_db")
    transactional = marker and (marker.kwargs.get("transaction") or marker.args[:1] == (True,))
    if transactional or {"transactional_db", "live_server"} & set(request.fixturenames):
        pytest.fail(
            "A transactional test (a live server, django_db(transaction=True)) uses `site`."
        )


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """
    The address of a live server on the demo content, committed once for the
    tests of a module that only read it, and removed after them.
    """
    with django_db_blocker.unblock():
        load_demo_content()
        server = LiveServer("localhost")
        try:
            yield server.url
        finally:
            server.stop()
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def site(live_server, transactional_db):
    """
    The address of a live server on the demo content, for a test that changes
    data: loaded for it alone and removed after it (slower than `demo_site`).
    """
    load_demo_content()
    return live_server.url


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


def pytest_collection_modifyitems(items):
    """
    Within each module, the tests that read the module's shared demo content run
    last: once loaded it stays until the module is done, and the tests before
    must not see it (nor remove it, as a live server test's flush would).
    """
    modules = {}
    for item in items:
        modules.setdefault(getattr(item, "module", None), []).append(item)
    for module, module_items in modules.items():
        shared = {
            name for item in module_items for name in MODULE_DEMO_FIXTURES & set(item.fixturenames)
        }
        if len(shared) > 1:
            raise pytest.UsageError(f"{module.__name__} uses both {' and '.join(sorted(shared))}.")
    items[:] = [
        item
        for module_items in modules.values()
        for item in sorted(
            module_items, key=lambda item: bool(MODULE_DEMO_FIXTURES & set(item.fixturenames))
        )
    ]
