"""
Scale-out: two app processes (gunicorn) on one PostgreSQL database, one Redis
and one S3-compatible object store behave as one site. What an editor does
through one instance, a visitor sees through the other at once: an uploaded
image, a publication and a change to it.

Everything is real and on this machine: a fresh PostgreSQL database made and
dropped here, a Redis database of its own (emptied first), moto's S3 server
on a loopback port, which the site's django-storages backend talks to over
HTTP, and the site itself under gunicorn, configured by the environment alone
as in production.
"""

import io
import json
import logging
import os
import re
import subprocess
import sys
import uuid
from contextlib import ExitStack, closing
from urllib.parse import urlsplit

import boto3
import psycopg2
import pytest
import redis
import requests
from moto.server import ThreadedMotoServer
from PIL import Image as PillowImage

from tests.checkers import ROOT
from tests.html import form_data, soup, text
from tests.servers import free_port, started, wait_until_answering

pytestmark = pytest.mark.scale_out

# A Redis database of the suite's own, emptied before the instances start.
REDIS_URL = "redis://127.0.0.1:6379/5"
# The PostgreSQL server, whatever database the rest of the suite runs on.
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"
BUCKET = "lumcglobal-media"
REGION = "eu-west-1"
ACCESS_KEY, SECRET_KEY = "scale-out", "scale-out-secret"
PASSWORD = "a-long-scale-out-password-0123"
PUBLIC_READ = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/*",
        }
    ],
}
# Migrations and start-up take seconds; a step that hangs fails here instead.
PROCESS_LIMIT = 120


@pytest.fixture(scope="module")
def object_store():
    """moto's S3 server on a loopback port, with the site's bucket; its address."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    requests_log = logging.getLogger("werkzeug")  # a line per request to the store: quiet
    level = requests_log.level
    requests_log.setLevel(logging.WARNING)
    server.start()
    try:
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        client = s3_client(endpoint)
        client.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION}
        )
        # Visitors read uploads by their plain URL, as docs/deployment.md has operators set up.
        client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_READ))
        yield endpoint
    finally:
        server.stop()
        requests_log.setLevel(level)


def s3_client(endpoint):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )


def postgresql_server():
    """A connection to the PostgreSQL server's maintenance database, in autocommit."""
    try:
        connection = psycopg2.connect(POSTGRES_URL, connect_timeout=5)
    except psycopg2.OperationalError as error:
        pytest.fail(f"PostgreSQL is needed at {POSTGRES_URL} for the scale-out test: {error}")
    connection.autocommit = True
    return connection


@pytest.fixture(scope="module")
def database_url():
    """A new, empty PostgreSQL database for the two instances, dropped afterwards."""
    name = f"scaleout_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with closing(postgresql_server()) as server, server.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with closing(postgresql_server()) as server, server.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(environment, *args):
    """Run a management command with `environment`; fail with its output if it fails."""
    try:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=PROCESS_LIMIT,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"manage.py {' '.join(args)} took more than {PROCESS_LIMIT} s.")
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}{result.stderr}"


@pytest.fixture(scope="module")
def instances(object_store, database_url, tmp_path_factory):
    """The addresses of two gunicorn instances (A, B) sharing database, cache and storage."""
    ports = free_port(), free_port()
    environment = {
        **{name: value for name, value in os.environ.items() if not name.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "tests.settings",  # static files from the apps: no collectstatic
        "DJANGO_SECRET_KEY": "scale-out-secret-key-that-is-long-enough-for-django-0123456789",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SITE_URL": f"http://127.0.0.1:{ports[0]}",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_EMAIL_BACKEND": "console",
        "DJANGO_TASKS_BACKEND": "immediate",
        "DJANGO_SERVE_MEDIA": "0",  # uploads come from the object store, never from an instance
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "DJANGO_PAGE_CACHE": "1",
        "DJANGO_S3_BUCKET": BUCKET,
        "DJANGO_S3_ENDPOINT_URL": object_store,
        "DJANGO_S3_REGION": REGION,
        "DJANGO_S3_ACCESS_KEY_ID": ACCESS_KEY,
        "DJANGO_S3_SECRET_ACCESS_KEY": SECRET_KEY,
        "DJANGO_SUPERUSER_USERNAME": "publisher",
        "DJANGO_SUPERUSER_EMAIL": "publisher@example.org",
        "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
    }
    with closing(redis.Redis.from_url(REDIS_URL)) as cache:
        cache.flushdb()
    manage(environment, "migrate", "--noinput")
    manage(environment, "createsuperuser", "--noinput")
    folder = tmp_path_factory.mktemp("scale-out")
    with ExitStack() as stack:
        processes, logs = {}, {}
        for name, port in zip("AB", ports, strict=True):
            args = [sys.executable, "-m", "gunicorn", "lumcglobal.wsgi"]
            args += ["--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "2"]
            args += ["--log-level", "warning", "--graceful-timeout", "1"]
            log = logs[port] = folder / f"gunicorn-{name}.log"
            processes[port] = stack.enter_context(started(args, log, cwd=ROOT, env=environment))
        for port, process in processes.items():  # both start at once
            wait_until_answering(port, process, logs[port])
        yield tuple(f"http://127.0.0.1:{port}" for port in ports)


@pytest.fixture
def editor(instances):
    """A session signed in to the admin of instance A as the publisher (a superuser)."""
    site = instances[0]
    with requests.Session() as session:
        login = f"{site}/admin/login/"
        token = soup(session.get(login)).select_one("input[name=csrfmiddlewaretoken]")["value"]
        response = session.post(
            login,
            data={
                "csrfmiddlewaretoken": token,
                "username": "publisher",
                "password": PASSWORD,
                "next": "/admin/",
            },
            allow_redirects=False,
        )
        assert response.status_code == 302, text(response)
        assert response.headers["Location"] == "/admin/"
        yield session


@pytest.fixture
def visitor():
    """A visitor's browser: no session, no sign-in."""
    with requests.Session() as session:
        yield session


def submit(session, site, path, button, files=None, **changes):
    """Send the admin form at `path` as it stands plus `changes`, by `button`; the new item's id."""
    data = {**form_data(session.get(f"{site}{path}")), **changes, button: "1"}
    response = session.post(f"{site}{path}", data=data, files=files, allow_redirects=False)
    assert response.status_code == 302, text(response)
    found = re.search(r"/(\d+)/change/$", response.headers["Location"])
    assert found, response.headers["Location"]
    return found[1]


def small_jpeg():
    image = PillowImage.new("RGB", (64, 48), (0, 110, 180))
    image.paste((255, 200, 0), (16, 12, 48, 36))
    output = io.BytesIO()
    image.save(output, "JPEG", quality=90)
    return output.getvalue()


def stored(object_store, url):
    """The bytes the object store holds for a URL of the site's storage."""
    bucket, key = urlsplit(url).path.lstrip("/").split("/", 1)
    assert bucket == BUCKET
    return s3_client(object_store).get_object(Bucket=bucket, Key=key)["Body"].read()


def test_two_instances_behave_as_one_site(instances, object_store, editor, visitor):
    a, b = instances

    # An image uploaded through A goes to the object store.
    image_id = submit(
        editor,
        a,
        "/admin/editorial/image/add/",
        "_continue",
        files={"file": ("campus.jpg", small_jpeg(), "image/jpeg")},
        alt_text="The Leiden campus in blue and yellow",
    )
    # A news item that shows it, published through A.
    item_id = submit(
        editor,
        a,
        "/admin/events/newsitem/add/",
        "_publish",
        title="Two instances, one site",
        slug="two-instances",
        summary="Shown through the other instance at once.",
        body="<p>The second instance shows what the first one published.</p>",
        image=image_id,
    )

    # The editor's session, signed in through A, holds through B.
    image_page = editor.get(f"{b}/admin/editorial/image/{image_id}/change/")
    assert image_page.status_code == 200
    assert 'value="The Leiden campus in blue and yellow"' in image_page.text

    # B shows the item, and the image it links comes from the object store.
    page = visitor.get(f"{b}/news/two-instances/")
    assert page.status_code == 200
    assert f"img-src 'self' data: {object_store} " in page.headers["Content-Security-Policy"]
    assert soup(page).select_one("h1").get_text() == "Two instances, one site"
    picture = soup(page).select_one("article picture")
    img = picture.select_one("img")
    assert img["alt"] == "The Leiden campus in blue and yellow"
    assert img["src"].startswith(f"{object_store}/{BUCKET}/")
    served = requests.get(img["src"], timeout=5)
    assert served.status_code == 200
    assert served.headers["Content-Type"] == "image/jpeg"
    assert served.content == stored(object_store, img["src"])
    assert PillowImage.open(io.BytesIO(served.content)).size == (64, 48)
    for source in picture.select("source"):
        for candidate in source["srcset"].split(","):
            url = candidate.split()[0]
            assert url.startswith(f"{object_store}/{BUCKET}/")
            answer = requests.get(url, timeout=5)
            assert answer.status_code == 200
            assert answer.headers["Content-Type"] == source["type"]

    # B's list of news, asked twice: the second answer comes from the shared cache.
    first = visitor.get(f"{b}/news/")
    second = visitor.get(f"{b}/news/")
    assert first.status_code == second.status_code == 200
    assert "Two instances, one site" in text(second)
    assert first.headers["X-Cache"] == "MISS"
    assert second.headers["X-Cache"] == "HIT"

    # A new title, published through A, is what B shows at once: no stale page.
    submit(
        editor,
        a,
        f"/admin/events/newsitem/{item_id}/change/",
        "_publish",
        title="One site, whichever instance answers",
    )
    for path in ["/news/", "/news/two-instances/"]:
        answer = visitor.get(f"{b}{path}")
        assert answer.status_code == 200
        assert "One site, whichever instance answers" in text(answer), path
        assert "Two instances, one site" not in text(answer), path
        assert answer.headers["X-Cache"] == "MISS", path
    assert visitor.get(f"{b}/news/").headers["X-Cache"] == "HIT"
