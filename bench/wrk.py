"""
Requests a second through gunicorn, PostgreSQL and Redis, beside a bare Django page.

    .venv/bin/python bench/wrk.py [--scales "1 10"] [--duration 10] [--warmup 3] [--refill]

For each scale: a PostgreSQL database `bench_s<N>` made once (migrated, demo content,
`generate_bench_data --scale N`; reused while its marker says that scale, `--refill`
makes it again), static files collected into a temporary folder, Redis database 7
emptied, and three gunicorn instances with the settings of `make run` (2 workers of 4
threads): the site without its page cache (REDIS_URL set, DJANGO_PAGE_CACHE=0), the
site with it (DJANGO_PAGE_CACHE=1), and the bare Django page of `bench/bare/`. wrk
(2 threads, 16 connections) runs on each page a warm-up and then the measured seconds,
uncached then cached; the bare page runs before and after the pages, so drift shows.
Prints Markdown: requests a second, their ratio to the bare page, p50/p99 latency, the
share of sampled answers that said `X-Cache: HIT`, and each worker's memory (RSS) at
start, once warm and at the end. Needs wrk (apt-get install wrk). Loopback only.
"""

import argparse
import os
import platform
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import ExitStack, closing
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
HOST = "127.0.0.1"

# (label, path): the pages the issue names, on demo content that every scale has.
PAGES = [
    ("home", "/"),
    ("people", "/people/"),
    ("person", "/people/suze-kruisheer/"),
    ("research", "/research/"),
    ("collaborations", "/research/collaborations/"),
    ("programme", "/programmes/medicine/"),
    ("finder", "/exchange/"),
    ("filtered finder", "/exchange/?programme=biomedical-sciences&level=bachelor&year=2"),
    ("events", "/events/"),
    ("news", "/news/"),
    ("news item", "/news/8-global-phds/"),
    ("search", "/search/?q=summer+school"),
    ("feed", "/news/feed/"),
    ("calendar", "/events/calendar.ics"),
]
# The same as `make run`; the bare page gets exactly these too.
GUNICORN_SETTINGS = ["--workers", "2", "--worker-class", "gthread", "--threads", "4"]
SAMPLES = 3  # requests a page whose X-Cache header is read
WARM_MOST = 20  # seconds of load a page gets at most before the run, on each instance


def log(message):
    print(message, file=sys.stderr, flush=True)


# wrk's output


@dataclass
class Result:
    rps: float
    p50: float  # milliseconds
    p99: float
    requests: int
    errors: int  # non-2xx/3xx answers, and connect, read, write and timeout errors


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def milliseconds(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS[unit]


def parse_wrk(output):
    """The figures of `wrk --latency` output."""
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    socket_errors = re.search(r"^\s*Socket errors:(.*)$", output, re.MULTILINE)
    failed = re.search(r"^\s*Non-2xx or 3xx responses: (\d+)", output, re.MULTILINE)
    errors = sum(map(int, re.findall(r"\d+", socket_errors.group(1)))) if socket_errors else 0
    errors += int(failed.group(1)) if failed else 0
    return Result(
        rps=float(re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE).group(1)),
        p50=milliseconds(latency["50"]),
        p99=milliseconds(latency["99"]),
        requests=int(re.search(r"^\s*(\d+) requests in", output, re.MULTILINE).group(1)),
        errors=errors,
    )


def wrk(url, seconds, threads, connections, measure=True):
    """wrk's figures for `seconds` of load, or None when they are not wanted (a warm-up)."""
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s"]
    done = subprocess.run([*command, "--latency", url], check=True, capture_output=True, text=True)
    if not measure:
        return None
    try:
        return parse_wrk(done.stdout)
    except (AttributeError, KeyError):
        sys.exit(f"Cannot read wrk's answer for {url}:\n{done.stdout}{done.stderr}")


# The servers


def free_ports(count):
    """Ports nobody listens on, all different (each is held until all are found)."""
    with ExitStack() as stack:
        probes = [stack.enter_context(closing(socket.socket())) for _ in range(count)]
        for probe in probes:
            probe.bind((HOST, 0))
        return [probe.getsockname()[1] for probe in probes]


def get(url, timeout=60):
    """(status, X-Cache header) of one GET; errors are answers too, no answer is status 0."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            return response.status, response.headers.get("X-Cache", "")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("X-Cache", "")
    except (urllib.error.URLError, OSError):  # refused, reset or timed out
        return 0, ""


@dataclass
class Server:
    name: str
    wsgi: str
    env: dict
    port: int
    log: Path
    memory: dict = field(default_factory=dict)  # moment: {worker pid: RSS in KiB}

    def url(self, path):
        return f"http://{HOST}:{self.port}{path}"

    def start(self, ready_path):
        # No control socket: its default path is the same for every gunicorn on the machine.
        command = [str(GUNICORN), self.wsgi, *GUNICORN_SETTINGS, "--no-control-socket"]
        with self.log.open("w") as log_file:  # gunicorn keeps its own copy
            self.process = subprocess.Popen(
                [*command, "--bind", f"{HOST}:{self.port}"],
                cwd=ROOT,
                env=self.env,
                stdout=subprocess.DEVNULL,
                stderr=log_file,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"gunicorn for {self.name} stopped; see its log:\n{self.log.read_text()}")
            if get(self.url(ready_path), timeout=5)[0] == 200:
                return
            time.sleep(0.5)
        sys.exit(f"gunicorn for {self.name} did not answer in 60 s; see {self.log}")

    def workers(self):
        listed = subprocess.run(
            ["ps", "--ppid", str(self.process.pid), "-o", "pid=,rss="],
            capture_output=True,
            text=True,
        ).stdout
        return {int(pid): int(rss) for pid, rss in (line.split() for line in listed.splitlines())}

    def connections(self):
        """Connections to it that a worker has not closed yet, served or waiting."""
        port = f":{self.port:04X}"
        rows = (line.split() for line in Path("/proc/net/tcp").read_text().splitlines()[1:])
        # 01 is ESTABLISHED, 08 CLOSE_WAIT (the client has gone, the request is still served).
        return sum(1 for row in rows if row[1].endswith(port) and row[3] in {"01", "08"})

    def wait_until_idle(self, most=180):
        """
        Waits for the requests wrk left behind: a worker goes on with those it has
        taken or queued after wrk has gone, and they would slow the next run down.
        """
        deadline = time.monotonic() + most
        while self.connections():
            if time.monotonic() > deadline:
                log(f"{self.name} was still busy after {most} s; going on")
                return
            time.sleep(0.2)

    def remember_memory(self, moment):
        self.memory[moment] = self.workers()

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


# The databases


def run(command, env):
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def postgres(server_url, database, statement):
    """Runs one statement; the answer's first row, or None."""
    import psycopg2

    connection = psycopg2.connect(f"{server_url}/{database}", connect_timeout=10)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
            return cursor.fetchone() if cursor.description else None
    finally:
        connection.close()


def filled_scale(server_url, database):
    """The scale the database was filled with, or None."""
    import psycopg2

    try:
        row = postgres(server_url, database, "SELECT scale, filled_at FROM bench_filled")
    except psycopg2.Error:  # no such database, or not filled to the end
        return None
    return row


def prepare_database(args, scale, env):
    database = f"{args.database_prefix}{scale}"
    url = f"{args.postgres}/{database}"
    env = env | {"DATABASE_URL": url}
    filled = None if args.refill else filled_scale(args.postgres, database)
    if filled and filled[0] == scale:
        log(f"{database}: filled at scale {scale} on {filled[1]:%Y-%m-%d %H:%M}, reused")
        run([str(PYTHON), "manage.py", "migrate", "--noinput"], env)  # new migrations only
        return url
    log(f"{database}: making it at scale {scale} (minutes at scale 10)")
    # The name is checked in main(): letters, digits and underscores only.
    postgres(args.postgres, "postgres", f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
    postgres(args.postgres, "postgres", f"CREATE DATABASE {database}")
    run([str(PYTHON), "manage.py", "migrate", "--noinput"], env)
    run([str(PYTHON), "manage.py", "load_demo_content"], env)
    run([str(PYTHON), "manage.py", "generate_bench_data", "--scale", str(scale)], env)
    postgres(
        args.postgres,
        database,
        f"CREATE TABLE bench_filled AS SELECT {scale} AS scale, now() AS filled_at",
    )
    return url


def empty_redis(url):
    import redis

    redis.Redis.from_url(url).flushdb()


def redis_version(url):
    import redis

    return redis.Redis.from_url(url).info()["redis_version"]


# One scale


def load(server, path, seconds, args, measure=False):
    """wrk on one page of one instance, and the instance idle again afterwards."""
    result = wrk(server.url(path), seconds, args.threads, args.connections, measure)
    server.wait_until_idle()
    return result


def measure_scale(args, scale, base_env, folder, pages):
    env = base_env | {"DATABASE_URL": prepare_database(args, scale, base_env)}
    empty_redis(args.redis)
    bare_env = {
        key: value for key, value in base_env.items() if not key.startswith(("DJANGO_", "BENCH_"))
    } | {"DJANGO_SETTINGS_MODULE": "bench.bare.settings"}
    instances = {
        "uncached": ("site-uncached", "lumcglobal.wsgi", env | {"DJANGO_PAGE_CACHE": "0"}),
        "cached": ("site-cached", "lumcglobal.wsgi", env | {"DJANGO_PAGE_CACHE": "1"}),
        "bare": ("bare", "bench.bare.wsgi", bare_env),
    }
    servers = {
        kind: Server(name, wsgi, server_env, port, folder / f"scale-{scale}-{name}.log")
        for (kind, (name, wsgi, server_env)), port in zip(
            instances.items(), free_ports(len(instances)), strict=True
        )
    }
    rows = []
    with ExitStack() as stack:
        for server in servers.values():
            server.start("/" if server.name == "bare" else "/healthz")
            stack.callback(server.stop)
            server.remember_memory("start")
        # Every page answers before anything is measured, and gets the same load as in
        # the run until both workers have served it a few times (or WARM_MOST seconds):
        # templates compiled, connections opened, the page cache filled, so that memory
        # "warm" is what a worker holds once it has served them all.
        statuses = {}
        for _, path in pages:
            for kind in ("uncached", "cached"):
                statuses[path, kind] = get(servers[kind].url(path))[0]
        for server in servers.values():
            for path in ["/"] if server.name == "bare" else [path for _, path in pages]:
                answered, spent, seconds = 0, 0, max(args.warmup, 1)
                while answered < 2 * args.connections and spent < WARM_MOST:
                    answered += load(server, path, seconds, args, measure=True).requests
                    spent += seconds
            server.remember_memory("warm")

        def measure(server, path):
            if args.warmup:
                load(server, path, args.warmup, args)
            return load(server, path, args.duration, args, measure=True)

        log(f"scale {scale}: bare page")
        bare_before = measure(servers["bare"], "/")
        for label, path in pages:
            log(f"scale {scale}: {label}")
            row = {"label": label, "path": path, "scale": scale}
            for kind in ("uncached", "cached"):
                row[kind] = measure(servers[kind], path)
                row[f"{kind} status"] = statuses[path, kind]
                row[f"{kind} hits"] = sum(
                    get(servers[kind].url(path))[1].upper() == "HIT" for _ in range(SAMPLES)
                )
            rows.append(row)
        log(f"scale {scale}: bare page again")
        bare_after = measure(servers["bare"], "/")
        for server in servers.values():
            server.remember_memory("end")
    bare = (bare_before.rps + bare_after.rps) / 2
    return rows, bare_before, bare_after, bare, servers


# The report


def machine():
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "processor unknown",
    )
    kib = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    system = platform.freedesktop_os_release().get("PRETTY_NAME", platform.system())
    return f"{os.cpu_count()} cores ({cpu}), {kib / 2**20:.0f} GiB, {system}, {platform.release()}"


def versions():
    probe = subprocess.run(
        [
            str(PYTHON),
            "-c",
            "import platform, django, gunicorn, psycopg2, redis;"
            "print(f'Python {platform.python_version()}, Django {django.__version__}, "
            "gunicorn {gunicorn.__version__}, psycopg2 {psycopg2.__version__.split()[0]}, "
            "redis-py {redis.__version__}')",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    wrk_version = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout
    return f"{probe}, wrk {wrk_version.split()[1] if wrk_version else '(version unknown)'}"


def fmt(number):
    return f"{number:,.0f}" if number >= 100 else f"{number:.1f}"


def latency(result):
    if not result.requests:
        return "none answered"
    return f"{result.p50:.0f} / {result.p99:.0f}"


def ratio(result, bare):
    return f"{result.rps / bare:.2f}" if bare and result.requests else "-"


def table(rows, bare):
    lines = [
        "| page | scale | uncached req/s | cached req/s | bare req/s | uncached / bare "
        "| cached / bare | uncached p50 / p99 ms | cached p50 / p99 ms | HIT uncached, cached "
        "| errors |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        uncached, cached, scale = row["uncached"], row["cached"], row["scale"]
        statuses = {row["uncached status"], row["cached status"]}
        shown = ", ".join(str(status) if status else "no answer" for status in sorted(statuses))
        note = "" if statuses == {200} else f" ({shown})"
        lines.append(
            f"| {row['label']} `{row['path']}`{note} | {scale} | {fmt(uncached.rps)} "
            f"| {fmt(cached.rps)} | {fmt(bare[scale])} | {ratio(uncached, bare[scale])} "
            f"| {ratio(cached, bare[scale])} | {latency(uncached)} | {latency(cached)} "
            f"| {row['uncached hits']}/{SAMPLES}, {row['cached hits']}/{SAMPLES} "
            f"| {uncached.errors + cached.errors} |"
        )
    return "\n".join(lines)


def memory_table(instances):
    lines = [
        "| scale | instance | worker | RSS at start MiB | warm MiB | end MiB | end - warm MiB |",
        "|---|---|---|---|---|---|---|",
    ]
    for scale, servers in instances:
        for server in servers.values():
            for number, pid in enumerate(sorted(server.memory["start"]), 1):
                start, warm, end = (server.memory[m].get(pid) for m in ("start", "warm", "end"))
                if None in (warm, end):  # a worker that was replaced during the run
                    lines.append(
                        f"| {scale} | {server.name} | {number} | {start / 1024:.0f} "
                        "| replaced | | |"
                    )
                    continue
                lines.append(
                    f"| {scale} | {server.name} | {number} | {start / 1024:.0f} "
                    f"| {warm / 1024:.0f} | {end / 1024:.0f} | {(end - warm) / 1024:+.1f} |"
                )
    return "\n".join(lines)


def cache_check(rows):
    hits = sum(row["cached hits"] for row in rows)
    stray = sum(row["uncached hits"] for row in rows)
    samples = SAMPLES * len(rows)
    lines = [
        f"- X-Cache: HIT in {hits} of {samples} sampled answers of the cached instance, "
        f"in {stray} of {samples} of the uncached one."
    ]
    if not hits:
        lines.append(
            "  **No cached answer was a hit: the page cache is missing or off, and the cached "
            "column measures the site without it.**"
        )
    elif hits < samples:
        lines.append("  Pages with fewer hits than samples were not all served from the cache.")
    if stray:
        lines.append(
            "  **The uncached instance answered from the page cache: its column is wrong.**"
        )
    return "\n".join(lines)


def chosen_pages(labels):
    """The pages named in a comma-separated list of labels, in the usual order."""
    wanted = {label.strip() for label in labels.split(",")}
    if unknown := wanted - {label for label, _ in PAGES}:
        sys.exit(
            f"No such page: {', '.join(sorted(unknown))}; the pages are "
            + ", ".join(label for label, _ in PAGES)
        )
    return [page for page in PAGES if page[0] in wanted]


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0].strip(),
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--scales", default="1 10", help="the scales, in one argument")
    parser.add_argument("--duration", type=int, default=10, help="seconds measured a page")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of wrk before each")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections")
    parser.add_argument("--pages", help="only these labels, comma-separated (e.g. home,feed)")
    parser.add_argument("--refill", action="store_true", help="make the databases again")
    parser.add_argument(
        "--postgres", default="postgres://postgres@127.0.0.1:5432", help="server, no database"
    )
    parser.add_argument("--database-prefix", default="bench_s", help="databases: prefix + scale")
    parser.add_argument(
        "--redis", default="redis://127.0.0.1:6379/7", help="emptied before each scale"
    )
    args = parser.parse_args()
    # Stopped from outside, the servers it started are stopped too (see measure_scale).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("Stopped."))
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    try:
        scales = [int(scale) for scale in args.scales.replace(",", " ").split()]
    except ValueError:
        sys.exit(f"--scales takes whole numbers, such as '1 10', not {args.scales!r}")
    if not scales or min(scales) < 1:
        sys.exit("--scales takes whole numbers of 1 or more")
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", args.database_prefix):
        sys.exit("--database-prefix takes lower-case letters, digits and underscores")
    pages = chosen_pages(args.pages) if args.pages else PAGES

    with tempfile.TemporaryDirectory(prefix="bench-wrk-") as folder:
        folder = Path(folder)
        base_env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith("DJANGO_") and key not in {"DATABASE_URL", "REDIS_URL"}
        } | {
            "DJANGO_SETTINGS_MODULE": "bench.site_settings",
            "BENCH_STATIC_ROOT": str(folder / "static"),
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": HOST,
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_EMAIL_BACKEND": "console",
            "REDIS_URL": args.redis,
        }
        log("collecting static files")
        run([str(PYTHON), "manage.py", "collectstatic", "--noinput"], base_env)
        load_before = os.getloadavg()
        started = time.strftime("%Y-%m-%d %H:%M %Z")
        results, instances, bare = [], [], {}
        drift = []
        for scale in scales:
            rows, before, after, bare[scale], servers = measure_scale(
                args, scale, base_env, folder, pages
            )
            results += rows
            instances.append((scale, servers))
            change = f" ({(after.rps / before.rps - 1) * 100:+.0f} %)" if before.rps else ""
            drift.append(
                f"scale {scale}: {fmt(before.rps)} before the pages, {fmt(after.rps)} after"
                f"{change}, p50 / p99 {latency(before)} and {latency(after)} ms"
            )
        load_after = os.getloadavg()
        for log_file in sorted(folder.glob("*.log")):
            if "Traceback" in (text := log_file.read_text()):
                log(f"Errors in {log_file.name}, the last of them:\n{text[-3000:]}")

    print(f"# gunicorn and wrk, {started}")
    print()
    print(f"`{shlex.join(['.venv/bin/python', 'bench/wrk.py', *sys.argv[1:]])}`")
    print()
    print(
        f"- Machine: {machine()}; load average {load_before[0]:.2f} before, "
        f"{load_after[0]:.2f} after."
    )
    print(
        f"- Software: {versions()}, "
        f"PostgreSQL {postgres(args.postgres, 'postgres', 'SHOW server_version')[0]}, "
        f"Redis {redis_version(args.redis)}."
    )
    print(
        f"- gunicorn {' '.join(GUNICORN_SETTINGS)} for each instance; wrk -t{args.threads} "
        f"-c{args.connections}, {args.warmup} s warm-up then {args.duration} s a page."
    )
    print(f"- Bare page req/s ({'; '.join(drift)}); ratios use the mean of the two.")
    print(cache_check(results))
    print()
    print(table(results, bare))
    print()
    print(memory_table(instances))


if __name__ == "__main__":
    main()
