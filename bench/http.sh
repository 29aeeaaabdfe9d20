#!/usr/bin/env bash
# Requests per second through gunicorn, as production serves the site.
#
#   bench/http.sh [seconds per page, default 15]
#
# Starts gunicorn (2 sync-threaded workers) on 127.0.0.1:8765 with a throw-away
# SQLite database and the demo content, warms up each page for 5 s, then runs
# wrk (2 threads, 16 connections) and prints a Markdown table. Needs wrk
# (apt-get install wrk). Compare with docs/performance.md only on the same machine.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_PAGE="${1:-15}"
PORT=8765
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }

work=$(mktemp -d)
trap 'kill $(cat "$work/pid") 2>/dev/null || true; sleep 1; rm -rf "$work"' EXIT
export DJANGO_SECRET_KEY="bench-$(head -c 30 /dev/urandom | base64 | tr -d '/+=')"
export DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_EMAIL_BACKEND=console
export DATABASE_URL="sqlite:///$work/bench.sqlite3"
.venv/bin/python manage.py migrate --verbosity 0
.venv/bin/python manage.py load_demo_content >/dev/null
.venv/bin/python manage.py collectstatic --noinput --verbosity 0
.venv/bin/gunicorn lumcglobal.wsgi --bind 127.0.0.1:$PORT --workers 2 --threads 4 \
    --pid "$work/pid" --daemon --error-logfile "$work/error.log"
sleep 2

echo "| page | req/s | p50 ms | p99 ms | non-2xx |"
echo "|---|---|---|---|---|"
for path in / /about/ /contact/ /people/ /people/suze-kruisheer/ /research/ /exchange/ \
    /events/ /events/past/ /news/ /news/feed/ /events/calendar.ics /healthz; do
    url="http://127.0.0.1:$PORT$path"
    wrk -t2 -c16 -d5s "$url" >/dev/null
    out=$(wrk -t2 -c16 -d"${SECONDS_PER_PAGE}s" --latency "$url")
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    errors=$(awk '/Non-2xx/ {print $5}' <<<"$out")
    echo "| \`$path\` | $rps | $p50 | $p99 | ${errors:-0} |"
done
