"""
The site stays answerable when what it depends on does not: a database or a
cache that hangs or refuses connections, and clients that send their requests
slowly. Real sockets throughout: the hung services are TCP servers that accept
connections and never answer, the site runs in a process of its own (its
settings are read from the environment at start), and the slow clients meet the
nginx configuration of deploy/nginx.conf.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager, suppress

import pytest

from tests.checkers import ROOT, inline_code
from tests.servers import free_port, get, running

# Long enough for start-up and a few answers; a site that hangs fails here instead of hanging.
PROCESS_LIMIT = 20

# Asks the site for each path given on the command line, timing each answer.
ASK = """
import json, sys, time
import django
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
answers = []
for path in sys.argv[1:]:
    start = time.monotonic()
    response = client.get(path)
    answers.append({
        "path": path,
        "seconds": time.monotonic() - start,
        "status": response.status_code,
        "headers": dict(response.headers),
        "text": response.content.decode(),
    })
print(json.dumps(answers))
"""


@contextmanager
def hung_server():
    """A TCP server on a free port that accepts every connection and never says a word."""
    listener = socket.create_server(("127.0.0.1", 0), backlog=128)
    listener.settimeout(0.1)
    accepted = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join()
        listener.close()
        for connection in accepted:
            connection.close()


@contextmanager
def unreachable(how):
    """The port of a service that hangs, or of one that is down (nothing listens there)."""
    if how == "hangs":
        with hung_server() as port:
            yield port
    else:
        yield free_port()


def site_answers(environment, *paths):
    """What a fresh site process with `environment` answers to GET `paths`, by path."""
    env = {name: value for name, value in os.environ.items() if name != "REDIS_URL"}
    env.update({"DJANGO_SETTINGS_MODULE": "tests.settings", **environment})
    try:
        result = subprocess.run(
            [sys.executable, "-c", ASK, *paths],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=PROCESS_LIMIT,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"The site gave no answer to {paths} in {PROCESS_LIMIT} s: it hangs.")
    assert result.returncode == 0, result.stderr
    return {answer["path"]: answer for answer in json.loads(result.stdout.splitlines()[-1])}


# A database that hangs or is down


@pytest.fixture(scope="module", params=["hangs", "is down"])
def database_away(request):
    with unreachable(request.param) as port:
        return site_answers(
            {"DATABASE_URL": f"postgres://postgres@127.0.0.1:{port}/test"}, "/healthz", "/about/"
        )


def test_the_health_check_says_503_within_3_seconds_when_the_database_is_away(database_away):
    answer = database_away["/healthz"]

    assert answer["status"] == 503
    assert answer["seconds"] < 3
    assert answer["headers"]["Content-Type"] == "text/plain"
    assert answer["text"] == "database unavailable\n"


def test_a_page_says_temporarily_unavailable_when_the_database_is_away(database_away):
    answer = database_away["/about/"]

    assert answer["status"] == 503
    assert answer["seconds"] < 3
    assert int(answer["headers"]["Retry-After"]) > 0
    assert "no-store" in answer["headers"]["Cache-Control"]
    assert answer["headers"]["Content-Type"] == "text/html; charset=utf-8"
    assert answer["headers"]["Content-Security-Policy"].startswith("default-src 'self'")
    assert "temporarily unavailable" in answer["text"]
    assert "Please try again in a few minutes." in answer["text"]
    assert 'href="/contact/"' in answer["text"]  # the navigation, which needs no database
    assert inline_code(answer["text"]) == []


def database_options(environment):
    """The PostgreSQL connection options a fresh process makes from `environment`."""
    code = "import django, json; django.setup(); from django.conf import settings; "
    code += "print(json.dumps(settings.DATABASES['default']['OPTIONS']))"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", **environment},
        capture_output=True,
        text=True,
        timeout=PROCESS_LIMIT,
    )


def test_postgresql_connections_time_out_by_default_and_keep_the_options_of_the_url():
    url = "postgres://postgres@127.0.0.1:5432/test?options=-c%20search_path%3Dpublic"

    result = database_options({"DATABASE_URL": url})

    assert json.loads(result.stdout) == {
        "connect_timeout": 2,
        "options": "-c search_path=public -c statement_timeout=25s",
    }


def test_a_connect_timeout_below_what_postgresql_allows_is_refused():
    environment = {"DATABASE_URL": "postgres://db/test", "DJANGO_DB_CONNECT_TIMEOUT": "1"}

    result = database_options(environment)

    assert result.returncode != 0
    assert "DJANGO_DB_CONNECT_TIMEOUT must be at least 2" in result.stderr


# A cache that hangs or is down


@pytest.mark.parametrize("how", ["hangs", "is down"])
def test_the_health_check_says_503_within_3_seconds_when_redis_is_away(tmp_path, how):
    with unreachable(how) as port:
        answers = site_answers(
            {
                "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
                "REDIS_URL": f"redis://127.0.0.1:{port}/0",
            },
            "/healthz",
        )

    answer = answers["/healthz"]
    assert answer["status"] == 503
    assert answer["seconds"] < 3
    assert answer["headers"]["Content-Type"] == "text/plain"
    assert answer["text"] == "cache unavailable\n"


def test_the_health_check_says_ok_with_a_database_and_no_redis(tmp_path):
    answers = site_answers({"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}, "/healthz")

    assert answers["/healthz"]["status"] == 200
    assert answers["/healthz"]["text"] == "ok\n"


# Slow clients, with and without the proxy of deploy/nginx.conf

NGINX_CONF = ROOT / "deploy" / "nginx.conf"
SLOW_CLIENTS = 50


@contextmanager
def slow_clients(port, count=SLOW_CLIENTS):
    """`count` clients that each send their request's headers one line a second, never ending."""
    sockets = [socket.create_connection(("127.0.0.1", port)) for _ in range(count)]
    stop = threading.Event()

    def drip():
        line = 0
        while not stop.wait(1):
            line += 1
            for client in sockets:
                with suppress(OSError):  # dropped by the server: that is allowed
                    client.sendall(f"X-Slow-{line}: still sending\r\n".encode())

    for client in sockets:
        client.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    thread = threading.Thread(target=drip, daemon=True)
    thread.start()
    time.sleep(1.2)  # the first header lines have trickled in
    try:
        yield
    finally:
        stop.set()
        thread.join()
        for client in sockets:
            client.close()


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory):
    """The site under gunicorn; one worker, so every connection meets the same threads."""
    port = free_port()
    folder = tmp_path_factory.mktemp("gunicorn")
    env = {name: value for name, value in os.environ.items() if name != "REDIS_URL"}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        }
    )
    args = [sys.executable, "-m", "gunicorn", "lumcglobal.wsgi", "--bind", f"127.0.0.1:{port}"]
    args += ["--workers", "1", "--threads", "4", "--log-level", "warning"]
    args += ["--graceful-timeout", "1"]  # stuck slow clients need not delay the teardown
    with running(args, folder / "gunicorn.log", port, cwd=ROOT, env=env):
        yield port


def replace_once(pattern, replacement, text, flags=0):
    """`text` with `pattern` replaced; it must occur exactly once, or the test is out of date."""
    changed, count = re.subn(pattern, replacement, text, flags=flags)
    assert count == 1, f"deploy/nginx.conf no longer matches {pattern!r}: update this test."
    return changed


def site_config(listen_port, upstream_port):
    """deploy/nginx.conf on a local port over plain http, proxying to `upstream_port`."""
    text = NGINX_CONF.read_text()
    text = replace_once(r"server \{\n    listen 80;.*?\n\}\n", "", text, flags=re.DOTALL)
    text = replace_once(r"listen 443 ssl;", f"listen 127.0.0.1:{listen_port};", text)
    text = replace_once(r"server 127\.0\.0\.1:8000;", f"server 127.0.0.1:{upstream_port};", text)
    return re.sub(r"(?m)^\s*(http2|ssl_\w+) .*\n", "", text)  # TLS needs certificates


@pytest.fixture(scope="module")
def nginx(gunicorn, tmp_path_factory):
    """Debian's nginx with deploy/nginx.conf in a prefix of its own, in front of `gunicorn`."""
    binary = os.environ.get("NGINX_PATH") or shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.access(binary, os.X_OK):
        pytest.fail(
            "nginx is missing: run scripts/ensure-nginx (make test does) or set NGINX_PATH."
        )
    prefix = tmp_path_factory.mktemp("nginx")
    port = free_port()
    (prefix / "site.conf").write_text(site_config(port, gunicorn))
    temp_paths = "\n".join(
        f"    {kind}_temp_path {prefix / kind};"
        for kind in ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
    )
    # As root, nginx would hand its workers to "nobody", who cannot enter the test's folders.
    user = "user root;\n" if os.geteuid() == 0 else ""
    (prefix / "nginx.conf").write_text(
        f"{user}daemon off;\nworker_processes 1;\npid {prefix / 'nginx.pid'};\n"
        f"error_log {prefix / 'error.log'} warn;\n"
        "events { worker_connections 512; }\n"
        f"http {{\n    access_log off;\n{temp_paths}\n    include {prefix / 'site.conf'};\n}}\n"
    )
    args = [binary, "-p", prefix, "-e", prefix / "error.log", "-c", prefix / "nginx.conf"]
    with running(args, prefix / "nginx.log", port):
        yield port


@pytest.mark.proxy
def test_behind_nginx_slow_clients_do_not_hold_up_other_visitors(nginx, gunicorn):
    with slow_clients(nginx):
        through_nginx = [get(nginx) for _ in range(3)]
        direct = get(gunicorn)

    assert through_nginx == [200, 200, 200]  # each within a second
    assert direct == 200  # nginx kept the slow clients to itself


@pytest.mark.proxy
def test_without_nginx_slow_clients_take_every_gunicorn_thread(gunicorn):
    with slow_clients(gunicorn):
        direct = [get(gunicorn) for _ in range(2)]

    assert direct == [None, None]  # no answer within a second: why the proxy is required
    assert get(gunicorn, timeout=5) == 200  # and back once they are gone
