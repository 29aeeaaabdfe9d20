"""The HTTP benchmark's yardstick and its reading of wrk; the benchmark itself needs wrk."""

import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bench import wrk
from tests.checkers import ROOT

WRK_OUTPUT = """\
Running 10s test @ http://127.0.0.1:41234/news/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    35.01ms   12.20ms 210.44ms   80.12%
    Req/Sec   229.51     31.77   310.00     71.00%
  Latency Distribution
     50%  812.00us
     75%   40.12ms
     90%   48.90ms
     99%    1.21s
  4581 requests in 10.01s, 80.02MB read
  Socket errors: connect 0, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 7
Requests/sec:    457.66
Transfer/sec:      7.99MB
""".replace("1.21s", "1.21s ")  # wrk pads a figure in seconds with a space

NOTHING_ANSWERED = """\
Running 2s test @ http://127.0.0.1:41234/events/calendar.ics
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     0.00us    0.00us   0.00us    -nan%
    Req/Sec     0.00      0.00     0.00      -nan%
  Latency Distribution
     50%    0.00us
     75%    0.00us
     90%    0.00us
     99%    0.00us
  0 requests in 2.01s, 0.00B read
Requests/sec:      0.00
Transfer/sec:       0.00B
"""


def python(code, environment):
    env = {"PATH": os.environ["PATH"], **environment}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_bare_page_renders_20_kb_with_django_alone():
    page = python(
        "import json, django; django.setup()\n"
        "from django.conf import settings\n"
        "from django.test import Client\n"
        "response = Client().get('/')\n"
        "print(json.dumps({'status': response.status_code, 'size': len(response.content),"
        " 'type': response['Content-Type'], 'html': response.content.decode(),"
        " 'debug': settings.DEBUG, 'apps': settings.INSTALLED_APPS,"
        " 'middleware': settings.MIDDLEWARE,"
        " 'database': settings.DATABASES['default']['ENGINE']}))",
        {"DJANGO_SETTINGS_MODULE": "bench.bare.settings"},
    )

    assert page["status"] == 200
    assert page["type"] == "text/html; charset=utf-8"
    assert 19_000 < page["size"] < 22_000
    assert page["html"].count('<li class="card">') == 26
    assert "health &amp; care" in page["html"]  # autoescaped, as on the site
    assert (page["debug"], page["apps"], page["middleware"]) == (False, [], [])
    assert page["database"] == "django.db.backends.dummy"  # none: any query would fail


def test_the_site_settings_of_the_benchmark_differ_in_the_static_folder_only(tmp_path):
    code = (
        "import json, django; django.setup()\n"
        "from django.conf import settings\n"
        "print(json.dumps({'static': str(settings.STATIC_ROOT), 'urls': settings.ROOT_URLCONF,"
        " 'apps': len(settings.INSTALLED_APPS), 'debug': settings.DEBUG}))"
    )
    production = {
        "DJANGO_SECRET_KEY": "benchmark-" * 6,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "BENCH_STATIC_ROOT": str(tmp_path),
    }

    bench = python(code, production | {"DJANGO_SETTINGS_MODULE": "bench.site_settings"})
    site = python(code, production | {"DJANGO_SETTINGS_MODULE": "lumcglobal.settings"})

    assert bench == site | {"static": str(tmp_path)}
    assert site["static"] == str(ROOT / "staticfiles")


def test_wrk_figures_are_read_in_milliseconds_with_every_error_counted():
    result = wrk.parse_wrk(WRK_OUTPUT)

    assert result == wrk.Result(rps=457.66, p50=0.812, p99=1210.0, requests=4581, errors=12)


def test_a_page_that_answered_nothing_in_time_shows_as_such():
    result = wrk.parse_wrk(NOTHING_ANSWERED)

    assert (result.rps, result.requests, result.errors) == (0.0, 0, 0)
    assert wrk.latency(result) == "none answered"
    assert wrk.ratio(result, 500.0) == "-"


def row(label, rps, hits=(0, 0), status=200):
    return {
        "label": label,
        "path": f"/{label}/",
        "scale": 10,
        "uncached": wrk.Result(rps=rps, p50=20.4, p99=80.6, requests=100, errors=0),
        "cached": wrk.Result(rps=rps * 8, p50=2.0, p99=9.0, requests=800, errors=1),
        "uncached status": status,
        "cached status": status,
        "uncached hits": hits[0],
        "cached hits": hits[1],
    }


def test_the_table_gives_each_page_its_ratios_to_the_bare_page():
    lines = wrk.table([row("news", 50.0, hits=(0, 3)), row("feed", 250.0, status=404)], {10: 500})

    assert lines.splitlines()[2:] == [
        "| news `/news/` | 10 | 50.0 | 400 | 500 | 0.10 | 0.80 | 20 / 81 | 2 / 9 | 0/3, 3/3 | 1 |",
        "| feed `/feed/` (404) | 10 | 250 | 2,000 | 500 | 0.50 | 4.00 | 20 / 81 | 2 / 9 "
        "| 0/3, 0/3 | 1 |",
    ]


@pytest.mark.parametrize(
    ("hits", "says"),
    [
        ((0, 3), "HIT in 3 of 3 sampled answers of the cached instance, in 0 of 3"),
        ((0, 0), "No cached answer was a hit: the page cache is missing or off"),
        ((3, 3), "The uncached instance answered from the page cache"),
    ],
)
def test_a_run_whose_caching_is_not_what_its_columns_say_is_flagged(hits, says):
    assert says in wrk.cache_check([row("news", 50.0, hits=hits)])


def test_each_page_can_be_chosen_by_its_label_and_an_unknown_one_is_named():
    assert [wrk.chosen_pages(label) for label, _ in wrk.PAGES] == [[page] for page in wrk.PAGES]
    assert wrk.chosen_pages("feed, home") == [("home", "/"), ("feed", "/news/feed/")]
    with pytest.raises(SystemExit, match="No such page: homepage; the pages are home, people"):
        wrk.chosen_pages("home,homepage")


def test_an_instance_is_busy_while_a_request_is_open_even_after_its_client_has_gone():
    with socket.create_server(("127.0.0.1", 0)) as listener:
        server = wrk.Server("site", "lumcglobal.wsgi", {}, listener.getsockname()[1], Path())
        assert server.connections() == 0

        client = socket.create_connection(listener.getsockname())
        taken, _ = listener.accept()
        assert server.connections() == 1
        client.close()  # wrk has stopped; the worker still has the request
        assert server.connections() == 1

        threading.Timer(0.5, taken.close).start()  # the worker is done with it
        started = time.monotonic()
        server.wait_until_idle(most=10)

        assert 0.4 < time.monotonic() - started < 5
        assert server.connections() == 0
