"""
The page cache: whole public pages kept in Redis for the next visitor, never stale.

What a page shows comes from the database, so each kept page records which
tables it read while it was made, and the version each table had when it began.
Every write to a table, by any route through Django (a save, a queryset update,
a bulk insert, a many-to-many change, a delete), gives that table a new version
before the statement runs and again when its transaction commits; a page whose
tables changed is made afresh. Time changes pages too: a page is kept at most
until the next moment one of its tables names (`schedule_fields`: a publication
window opening or closing, an event starting or ending) and never past midnight,
when dates such as "closing soon" move.

Only what any visitor gets the same is kept: a GET answered 200 to someone
without a session or a waiting message, setting no cookie and holding no form
token (PublicCacheMiddleware decides), and never a preview. A kept page is
served with `X-Cache: HIT`, a page made and kept with `X-Cache: MISS`.

Versions and pages live in Redis (settings.PAGE_CACHE_URL), which every app
process shares; without it the page cache is off, so processes never disagree.
Redis is spoken to directly: a kept page costs one round trip.
"""

import contextvars
import functools
import hashlib
import logging
import pickle
import re
import uuid
from datetime import datetime, time, timedelta
from http import HTTPStatus

import redis
from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.db import connections, transaction
from django.db.backends.signals import connection_created
from django.db.models import Min, Q
from django.db.models.signals import post_migrate
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe, split_header_value

logger = logging.getLogger(__name__)

# Tables no public page reads, written often: not worth a new version.
UNTRACKED = re.compile(r"^(django_session|axes_|django_tasks|editorial_editingsession)")
# The statements that change rows, and the table they change (SQLite's INSERT OR IGNORE too).
WRITE = re.compile(
    r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+"(\w+)"', re.I
)
TRUNCATE = re.compile(r"^\s*TRUNCATE\b", re.I)
QUOTED = re.compile(r'"(\w+)"')
# Request headers that pages depend on (the finder answers X-Partial with its results only).
VARY = ("X-Partial",)
# Vary may name these: the key holds them, or what they decide (Accept-Language: the
# language; Cookie: only visitors without a session or a message are answered from here).
KEYED = {"x-partial", "accept-language", "cookie"}
# Headers of a kept answer that belong to one visitor only.
PERSONAL_HEADERS = {"set-cookie", "x-cache"}

reading = contextvars.ContextVar("pagecache_reading", default=None)


@functools.cache
def client(url):
    """One client (and pool of connections) a process, for each Redis address."""
    return redis.Redis.from_url(
        url,
        socket_connect_timeout=settings.PAGE_CACHE_TIMEOUT,
        socket_timeout=settings.PAGE_CACHE_TIMEOUT,
    )


def store():
    return client(settings.PAGE_CACHE_URL)


def key(*parts):
    return ":".join((settings.PAGE_CACHE_PREFIX, *parts))


def clear():
    """Forget every kept page and version (after writes that did not go through Django)."""
    names = list(store().scan_iter(match=key("*"), count=1000))
    for start in range(0, len(names), 1000):
        store().delete(*names[start : start + 1000])
    pending.clear()


def clear_after_migrate(**kwargs):
    """A release migrates: pages made by the code before it are forgotten."""
    if settings.PAGE_CACHE:
        try:
            clear()
        except redis.RedisError as error:
            logger.warning("Page cache not cleared after migrate: %s", error)


@functools.cache
def tables():
    """Every table of the site's models whose writes change versions, many-to-many included."""
    return tuple(
        sorted(
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if not UNTRACKED.match(model._meta.db_table)
        )
    )


@functools.cache
def version_keys(prefix):
    return [f"{prefix}:v:{table}" for table in tables()]


# Writes

pending = set()  # versions this process could not give while Redis was away


def bump(names):
    """New versions for `names`: every kept page that read one of them is stale from now on."""
    if not settings.PAGE_CACHE:
        return
    names = set(names) | pending
    if not names:
        return
    token = uuid.uuid4().hex
    try:
        store().mset({key("v", name): token for name in names})
    except redis.RedisError as error:  # pages are made afresh until Redis is back
        logger.warning("Page cache: versions of %s not given: %s", ", ".join(sorted(names)), error)
        pending.update(names)
    else:
        pending.difference_update(names)


def track(execute, sql, params, many, context):
    """Database execute wrapper: notes the tables a page reads, versions the tables written."""
    if not settings.PAGE_CACHE:
        return execute(sql, params, many, context)
    if match := WRITE.match(sql):
        written = {match.group(1)}
    elif TRUNCATE.match(sql):
        written = set(QUOTED.findall(sql))
    else:
        written = set()
    written = {table for table in written if not UNTRACKED.match(table)}
    if written:
        bump(written)  # before: no page kept from now on shows the old rows as current
        result = execute(sql, params, many, context)
        # After: pages made while the transaction ran read the old rows under the new version.
        alias = context["connection"].alias
        transaction.on_commit(lambda: bump(written), using=alias)
        return result
    if (read := reading.get()) is not None:
        read.update(QUOTED.findall(sql))
    return execute(sql, params, many, context)


def install(connection, **kwargs):
    if track not in connection.execute_wrappers:
        connection.execute_wrappers.append(track)


def connect():
    """Track every database connection, including those already open."""
    connection_created.connect(install, dispatch_uid="lumcglobal.pagecache")
    post_migrate.connect(clear_after_migrate, dispatch_uid="lumcglobal.pagecache")
    for connection in connections.all(initialized_only=True):
        install(connection)


# Time


def next_midnight(now):
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    return timezone.make_aware(datetime.combine(tomorrow, time.min))


@functools.cache
def scheduled_models(table):
    return tuple(
        model
        for model in apps.get_models()
        if model._meta.db_table == table and getattr(model, "schedule_fields", ())
    )


def next_change(table, now):
    """The next moment at which the rows of `table` show differently by time alone, or None."""
    moments = []
    for model in scheduled_models(table):
        found = model._default_manager.order_by().aggregate(
            **{
                field: Min(field, filter=Q(**{f"{field}__gt": now}))
                for field in model.schedule_fields
            }
        )
        moments += [moment for moment in found.values() if moment]
    return min(moments, default=None)


# Pages


def page_key(request):
    """The key of the page `request` asks for, or None when it may not come from the cache."""
    if not settings.PAGE_CACHE or request.method not in ("GET", "HEAD"):
        return None
    if any(
        name in request.COOKIES
        for name in (settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name)
    ):
        return None  # signed in, or a message waiting: the page is the visitor's own
    if "preview" in request.GET or request.path.startswith(f"/{settings.ADMIN_URL}"):
        return None
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    # What else a page may depend on: the language chosen (from Accept-Language or the
    # language cookie), and the headers named in VARY.
    parts = [
        f"{request.scheme}://{host}{request.get_full_path()}",
        translation.get_language_from_request(request),
        *(request.headers.get(header, "") for header in VARY),
    ]
    return key("p", hashlib.sha256("\n".join(parts).encode()).hexdigest())


def shared(request, response):
    """Whether `response` is the same for any visitor: a proxy or this cache may keep it."""
    return (
        request.method in ("GET", "HEAD")
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        # A form's token is the visitor's own.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def varies_within_key(response):
    """Whether the key covers every request header that `response` says it depends on."""
    return {header.lower() for header in split_header_value(response.get("Vary", ""))} <= KEYED


def find(request):
    """
    (key, entry, versions) for `request`: the key None when its page may not come from
    the cache; the kept entry when there is one and it is fresh, else None; the current
    version of every table. Raises RedisError when Redis does not answer.
    """
    name = page_key(request)
    if name is None:
        return None, None, None
    if pending:
        bump(())  # versions this process owes since Redis was last away
    entry, versions = lookup(name)
    if entry and not pending and fresh(entry, versions, timezone.now()):
        return name, entry, versions
    return name, None, versions


def lookup(name):
    """The kept entry and the current version of every table, in one command."""
    keys = version_keys(settings.PAGE_CACHE_PREFIX)
    entry, *found = store().mget([name, *keys])
    if None in found:
        # Tables not written since Redis started (or forgot): versions from now on.
        with store().pipeline(transaction=False) as pipe:
            for version_key, version in zip(keys, found, strict=True):
                if version is None:
                    pipe.setnx(version_key, uuid.uuid4().hex)
            pipe.mget(keys)
            found = pipe.execute()[-1]
    return entry and pickle.loads(entry), dict(zip(tables(), found, strict=True))


def fresh(entry, versions, now):
    return entry["expires"] > now and all(
        versions.get(table) == version for table, version in entry["tables"].items()
    )


class PageCacheMiddleware:
    """First of all middleware: answers from the page cache, and keeps what may be kept."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        now = timezone.now()  # what a page made now shows is as of this moment, or later
        try:
            name, entry, versions = find(request)
        except redis.RedisError as error:
            logger.warning("Page cache unreachable: %s", error)
            return self.get_response(request)
        if name is None:
            return self.get_response(request)
        if entry:
            return self.answer(request, entry)
        read = set()
        token = reading.set(read)
        try:
            response = self.get_response(request)
        finally:
            reading.reset(token)
        if getattr(response, "page_cacheable", False) and varies_within_key(response):
            self.keep(name, response, read, versions, now)
            response["X-Cache"] = "MISS"
        return response

    @staticmethod
    def answer(request, entry):
        response = HttpResponse(entry["content"], status=entry["status"])
        for header, value in entry["headers"]:
            response.headers[header] = value
        response = get_conditional_response(
            request,
            etag=response.headers.get("ETag"),
            last_modified=parse_http_date_safe(response.headers.get("Last-Modified", "")),
            response=response,
        )
        response["X-Cache"] = "HIT"
        return response

    def keep(self, name, response, read, versions, now):
        read_tables = read & versions.keys()
        try:
            expires = min(
                now + timedelta(seconds=settings.PAGE_CACHE_SECONDS),
                next_midnight(now),
                *self.next_changes(read_tables, versions, now),
            )
            seconds = int((expires - now).total_seconds())
            if seconds < 1:
                return
            entry = {
                "content": response.content,
                "status": response.status_code,
                "headers": [
                    (header, value)
                    for header, value in response.headers.items()
                    if header.lower() not in PERSONAL_HEADERS
                ],
                "tables": {table: versions[table] for table in read_tables},
                "expires": expires,
            }
            store().set(name, pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL), ex=seconds)
        except redis.RedisError as error:
            logger.warning("Page cache: page not kept: %s", error)

    @staticmethod
    def next_changes(read_tables, versions, now):
        """When each scheduled table read next changes by time alone, kept per table version."""
        moments = []
        for table in sorted(read_tables):
            if not scheduled_models(table):
                continue
            name = key("n", table, versions[table].decode())
            kept = store().get(name)
            moment = datetime.fromisoformat(kept.decode()) if kept else None
            if kept is None or (moment and moment <= now):
                moment = next_change(table, now)
                store().set(
                    name, moment.isoformat() if moment else "", ex=settings.PAGE_CACHE_SECONDS
                )
            if moment:
                moments.append(moment)
        return moments


class PageCacheApplication:
    """
    The WSGI application with fresh kept pages answered before Django handles the
    request at all (no middleware, no signals): what makes a kept page cheap. Anything
    else, a conditional request or a Redis that does not answer included, goes to Django,
    whose PageCacheMiddleware answers and keeps pages the same way.
    """

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        conditional = "HTTP_IF_NONE_MATCH" in environ or "HTTP_IF_MODIFIED_SINCE" in environ
        if settings.PAGE_CACHE and not conditional:
            try:
                _name, entry, _versions = find(WSGIRequest(environ))
            except Exception:
                entry = None
            if entry:
                status = HTTPStatus(entry["status"])
                start_response(
                    f"{status.value} {status.phrase}", [*entry["headers"], ("X-Cache", "HIT")]
                )
                return [] if environ["REQUEST_METHOD"] == "HEAD" else [entry["content"]]
        return self.application(environ, start_response)
