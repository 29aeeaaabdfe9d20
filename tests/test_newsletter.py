import email.policy
import re
import time
from datetime import timedelta
from unittest import mock
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core import signing
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from lumcglobal.models import Subscriber
from lumcglobal.tasks import send_subscriber_email
from tests.checkers import axe_violations, html_problems
from tests.html import soup

pytestmark = pytest.mark.django_db

SIGN_UP = {"email": "Researcher@Example.org", "consent": "on"}


@pytest.fixture
def sign_up(client, django_capture_on_commit_callbacks):
    def send(data=SIGN_UP, address="192.0.2.1"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/newsletter/", data, REMOTE_ADDR=address)

    return send


@pytest.fixture
def follow(client, django_capture_on_commit_callbacks):
    """Open a link from an email, running what waits for the commit."""

    def open_link(url, method="get", **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return getattr(client, method)(url.removeprefix(settings.SITE_URL), **extra)

    return open_link


@pytest.fixture
def press(follow):
    """Open a link from an email and press the one button on its page, as a person would."""

    def open_and_press(url):
        page = follow(url)
        assert page.status_code == 200
        form = the_form(page)
        return follow(form["action"], "post")

    return open_and_press


def the_form(response):
    """The page's one form that sends something, checked to have exactly one button."""
    html = soup(response)
    (form,) = html.select("main form[method=post]")
    (button,) = form.find_all("button")
    assert button.get("type") == "submit"
    assert button.get_text(strip=True)
    return form


def link_in(email, path):
    (url,) = re.findall(rf"{re.escape(settings.SITE_URL)}{path}\S+/", email.body)
    return url


def list_unsubscribe(url):
    """The List-Unsubscribe value for an unsubscribe link: the link, then mail to the staff."""
    subject = quote(f"Unsubscribe {url}", safe=":")
    return f"<{url}>, <mailto:lumcglobal@lumc.nl?subject={subject}>"


@pytest.fixture
def smtp_server(settings):
    """The bytes an SMTP server receives from the site's own SMTP backend."""
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "mail.example.org"},
        }
    }
    received = []
    with mock.patch("smtplib.SMTP") as connection_class:
        connection = connection_class.return_value
        connection.sendmail.side_effect = lambda sender, to, data: received.append(data)
        yield received


def raw_header(raw, name, linesep=b"\r\n"):
    """Header `name` in raw message bytes: its physical lines, and its value unfolded."""
    head = raw.split(linesep * 2, 1)[0].split(linesep)
    start = next(i for i, line in enumerate(head) if line.lower().startswith(name.lower() + b":"))
    end = next((i for i in range(start + 1, len(head)) if head[i][:1] not in b" \t"), len(head))
    lines = head[start:end]
    # Unfolding (RFC 5322 2.2.3) removes each line break that comes before white space.
    return lines, b"".join(lines)[len(name) + 1 :].strip()


def test_footer_box_prefills_the_sign_up_form(client):
    html = soup(client.get("/newsletter/?email=ana@example.org"))

    assert (
        html.find("input", attrs={"name": "email", "type": "email"})["value"] == "ana@example.org"
    )
    assert "Stay up to date with news, inspirations and events." in html.text


def test_signing_up_sends_a_confirmation_link_and_subscribes_nobody_yet(sign_up, mailoutbox):
    response = sign_up()

    assert response.status_code == 302
    assert response["Location"] == "/newsletter/thanks/"
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "researcher@example.org"
    assert subscriber.status == Subscriber.Status.PENDING
    (email,) = mailoutbox
    assert email.to == ["researcher@example.org"]
    assert link_in(email, "/newsletter/confirm/")


def test_the_button_behind_the_confirmation_link_subscribes_and_welcomes(
    sign_up, follow, press, mailoutbox
):
    sign_up()

    response = press(link_in(mailoutbox[0], "/newsletter/confirm/"))

    assert response.status_code == 200
    assert "You are subscribed" in response.text
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.confirmed_at is not None
    welcome = mailoutbox[1]
    unsubscribe = link_in(welcome, "/newsletter/unsubscribe/")
    assert welcome.extra_headers["List-Unsubscribe"] == list_unsubscribe(unsubscribe)
    assert welcome.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Opening the link or pressing again changes nothing and sends nothing more.
    again = follow(link_in(mailoutbox[0], "/newsletter/confirm/"))
    assert again.status_code == 200
    assert "You are subscribed" in again.text
    assert follow(link_in(mailoutbox[0], "/newsletter/confirm/"), "post").status_code == 200
    assert len(mailoutbox) == 2
    assert Subscriber.objects.get().confirmed_at == subscriber.confirmed_at


@pytest.mark.parametrize("kind", ["confirm", "welcome"])
def test_list_unsubscribe_is_sent_as_plain_urls_however_long(settings, smtp_server, kind):
    settings.SITE_URL = "https://international-exchange-and-partnerships.global.lumc.example.org"
    status = Subscriber.Status.PENDING if kind == "confirm" else Subscriber.Status.CONFIRMED
    subscriber = Subscriber.objects.create(
        email="a.researcher.with.a.long.address@department.example.org", status=status
    )

    assert send_subscriber_email.call(subscriber.pk, kind) == "sent"

    (raw,) = smtp_server
    lines, value = raw_header(raw, b"List-Unsubscribe")
    assert b"=?" not in b"".join(lines), "no RFC 2047 encoded words"
    assert all(len(line) <= 998 for line in lines)
    unsubscribe = re.match(rb"<([^>]+)>", value)[1].decode("ascii")
    assert len(unsubscribe) > 78, "the link alone must not fit on one folded line"
    token = unsubscribe.removeprefix(f"{settings.SITE_URL}/newsletter/unsubscribe/")
    assert Subscriber.from_token(token.rstrip("/"), Subscriber.UNSUBSCRIBE_SALT) == subscriber
    assert value.decode("ascii") == list_unsubscribe(unsubscribe)
    assert raw_header(raw, b"List-Unsubscribe-Post")[1] == b"List-Unsubscribe=One-Click"
    # What a mail client reads back from those bytes.
    received = email.message_from_bytes(raw, policy=email.policy.default)
    assert received["List-Unsubscribe"] == list_unsubscribe(unsubscribe)


def test_list_unsubscribe_is_plain_however_the_message_is_written_out(
    settings, sign_up, press, mailoutbox
):
    settings.SITE_URL = "https://international-exchange-and-partnerships.global.lumc.example.org"
    sign_up()
    press(link_in(mailoutbox[0], "/newsletter/confirm/"))
    unsubscribe = link_in(mailoutbox[1], "/newsletter/unsubscribe/")

    for policy, linesep in [(email.policy.default, b"\n"), (email.policy.SMTP, b"\r\n")]:
        raw = mailoutbox[1].message(policy=policy).as_bytes()
        lines, value = raw_header(raw, b"List-Unsubscribe", linesep)
        assert b"=?" not in b"".join(lines)
        assert value.decode("ascii") == list_unsubscribe(unsubscribe)


def confirmed_subscriber(sign_up, press, mailoutbox):
    sign_up()
    press(link_in(mailoutbox[0], "/newsletter/confirm/"))
    return link_in(mailoutbox[1], "/newsletter/unsubscribe/")


def test_the_button_behind_the_unsubscribe_link_unsubscribes(sign_up, press, mailoutbox):
    unsubscribe = confirmed_subscriber(sign_up, press, mailoutbox)

    response = press(unsubscribe)

    assert response.status_code == 200
    assert "You are unsubscribed" in response.text
    assert "researcher@example.org" in response.text
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED


# The two encodings RFC 8058 allows for the one-click POST.
ONE_CLICK_BODIES = {
    "multipart": {"data": {"List-Unsubscribe": "One-Click"}},
    "urlencoded": {
        "data": "List-Unsubscribe=One-Click",
        "content_type": "application/x-www-form-urlencoded",
    },
}


@pytest.mark.parametrize("body", ONE_CLICK_BODIES.values(), ids=ONE_CLICK_BODIES.keys())
def test_one_click_unsubscribe_from_the_mail_client(sign_up, press, mailoutbox, body):
    unsubscribe = confirmed_subscriber(sign_up, press, mailoutbox)
    mail_client = Client(enforce_csrf_checks=True)  # no cookie, no CSRF token (RFC 8058)

    response = mail_client.post(unsubscribe.removeprefix(settings.SITE_URL), **body)

    assert response.status_code == 200
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED


def test_opening_the_confirmation_link_changes_nothing(sign_up, follow, mailoutbox):
    sign_up()
    link = link_in(mailoutbox[0], "/newsletter/confirm/")

    # What a mail scanner does that fetches every link, several times over.
    for _visit in range(3):
        response = follow(link)
        assert response.status_code == 200
        assert "Confirm your subscription" in response.text
        assert "researcher@example.org" in response.text
        assert the_form(response)["action"] == link.removeprefix(settings.SITE_URL)
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.confirmed_at is None
    assert len(mailoutbox) == 1


def test_opening_the_unsubscribe_link_changes_nothing(sign_up, follow, press, mailoutbox):
    unsubscribe = confirmed_subscriber(sign_up, press, mailoutbox)

    for _visit in range(3):
        response = follow(unsubscribe)
        assert response.status_code == 200
        assert "Unsubscribe from LUMC Global news?" in response.text
        assert "researcher@example.org" in response.text
        assert the_form(response)["action"] == unsubscribe.removeprefix(settings.SITE_URL)
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.unsubscribed_at is None


def test_the_confirmation_button_needs_no_cookie(sign_up, mailoutbox):
    """A browser that refuses cookies can still confirm: the signed link is the authority."""
    sign_up()
    link = link_in(mailoutbox[0], "/newsletter/confirm/").removeprefix(settings.SITE_URL)
    browser = Client(enforce_csrf_checks=True)

    action = the_form(browser.get(link))["action"]
    browser.cookies.clear()
    response = browser.post(action)

    assert response.status_code == 200
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED


def test_an_old_confirmation_link_is_void_once_unsubscribed(sign_up, follow, press, mailoutbox):
    press(confirmed_subscriber(sign_up, press, mailoutbox))
    old_link = link_in(mailoutbox[0], "/newsletter/confirm/")

    for method in ["get", "post"]:
        response = follow(old_link, method)
        assert response.status_code == 404
        assert "This link does not work" in response.text
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED

    # Signing up again sends a new link that works; the old one stays void.
    sign_up()
    new_link = link_in(mailoutbox[-1], "/newsletter/confirm/")
    assert new_link != old_link
    for method in ["get", "post"]:
        assert follow(old_link, method).status_code == 404
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    assert "You are subscribed" in press(new_link).text
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED


def test_an_earlier_link_of_the_same_sign_up_still_works(sign_up, press, mailoutbox):
    sign_up()
    Subscriber.objects.update(
        requested_at=timezone.now() - timedelta(seconds=settings.NEWSLETTER_RESEND_AFTER)
    )
    sign_up()
    first, second = (link_in(email, "/newsletter/confirm/") for email in mailoutbox)
    assert first != second

    assert "You are subscribed" in press(first).text
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED


def test_confirmation_links_sent_before_they_carried_the_request_time_still_work(
    sign_up, follow, press, mailoutbox
):
    sign_up()
    subscriber = Subscriber.objects.get()
    token = signing.dumps(
        [subscriber.pk, subscriber.email], salt=Subscriber.CONFIRM_SALT, compress=True
    )
    link = f"/newsletter/confirm/{token}/"

    assert "You are subscribed" in press(link).text
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED
    # ... and are void too once the subscriber has unsubscribed.
    press(link_in(mailoutbox[-1], "/newsletter/unsubscribe/"))
    sign_up()
    assert follow(link, "post").status_code == 404
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


@pytest.mark.usefixtures("demo_content")  # the pages as the site shows them, footer and all
def test_the_newsletter_link_pages_are_valid_html(sign_up, follow, press, mailoutbox):
    sign_up()
    confirm = link_in(mailoutbox[0], "/newsletter/confirm/")
    documents = {"confirm button": follow(confirm).text, "confirmed": press(confirm).text}
    unsubscribe = link_in(mailoutbox[1], "/newsletter/unsubscribe/")
    documents["unsubscribe button"] = follow(unsubscribe).text
    documents["unsubscribed"] = press(unsubscribe).text
    documents["invalid link"] = follow(confirm).text

    assert html_problems(documents) == {}


def test_an_unsubscribed_address_can_subscribe_again(sign_up, press, mailoutbox):
    press(confirmed_subscriber(sign_up, press, mailoutbox))

    sign_up()

    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    assert link_in(mailoutbox[-1], "/newsletter/confirm/")


def test_signing_up_again_does_not_reveal_who_is_subscribed(sign_up, press, mailoutbox):
    confirmed_subscriber(sign_up, press, mailoutbox)
    sent = len(mailoutbox)

    response = sign_up({"email": "researcher@example.org", "consent": "on"})

    assert response["Location"] == "/newsletter/thanks/"
    assert len(mailoutbox) == sent
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED


def test_a_tampered_link_is_refused(sign_up, follow, mailoutbox):
    sign_up()
    link = link_in(mailoutbox[0], "/newsletter/confirm/")
    token = link.rstrip("/").rsplit("/", 1)[1]
    tampered = link.replace(token, token[:-2] + ("AA" if token[-2:] != "AA" else "BB"))

    for url in [tampered, "/newsletter/confirm/nonsense/", "/newsletter/unsubscribe/x/"]:
        for method in ["get", "post"]:
            response = follow(url, method)
            assert response.status_code == 404
            assert "This link does not work" in response.text
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_an_unsubscribe_link_does_not_confirm(sign_up, follow, mailoutbox):
    sign_up()
    subscriber = Subscriber.objects.get()

    for method in ["get", "post"]:
        response = follow(subscriber.unsubscribe_url().replace("unsubscribe", "confirm"), method)
        assert response.status_code == 404
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_a_confirmation_link_expires(sign_up, follow, mailoutbox):
    with mock.patch(
        "time.time", return_value=time.time() - settings.NEWSLETTER_CONFIRM_MAX_AGE - 60
    ):
        sign_up()

    for method in ["get", "post"]:
        response = follow(link_in(mailoutbox[0], "/newsletter/confirm/"), method)
        assert response.status_code == 404
        assert "expired" in response.text
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"email": "researcher@example.org"}, "Please tick the box to subscribe."),
        ({"email": "nope", "consent": "on"}, "Enter a valid email address."),
        ({"email": "a" * 250 + "@example.org", "consent": "on"}, "at most 254 characters"),
    ],
)
def test_bad_input_is_explained(sign_up, mailoutbox, data, error):
    response = sign_up(data)

    assert response.status_code == 200
    assert error in response.text
    assert not Subscriber.objects.exists()
    assert not mailoutbox


def test_the_honeypot_drops_bots_quietly(sign_up, mailoutbox):
    response = sign_up({**SIGN_UP, "website": "spam"})

    assert response["Location"] == "/newsletter/thanks/"
    assert not Subscriber.objects.exists()
    assert not mailoutbox


def test_each_address_may_sign_up_a_few_times_an_hour(sign_up, mailoutbox):
    limit, _seconds = settings.NEWSLETTER_RATE_LIMIT
    for number in range(limit):
        assert sign_up({"email": f"person{number}@example.org", "consent": "on"}).status_code == 302

    response = sign_up({"email": "one-more@example.org", "consent": "on"})

    assert response.status_code == 429
    assert "try again in an hour" in response.text
    assert Subscriber.objects.count() == len(mailoutbox) == limit


def test_an_inbox_cannot_be_flooded_with_confirmations(sign_up, mailoutbox):
    for number in range(4):
        sign_up(address=f"192.0.2.{number}")

    assert len(mailoutbox) == 1
    Subscriber.objects.update(
        requested_at=timezone.now() - timedelta(seconds=settings.NEWSLETTER_RESEND_AFTER)
    )
    sign_up()
    assert len(mailoutbox) == 2


@pytest.mark.browser
def test_the_link_pages_work_by_keyboard_and_have_no_accessibility_violations(
    site, page, mailoutbox
):
    subscriber = Subscriber.objects.create(email="reader@example.org")

    page.goto(site + subscriber.confirm_url())
    assert axe_violations(page) == []
    page.get_by_role("button", name="Confirm my subscription").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("You are subscribed")
    assert axe_violations(page) == []

    page.goto(site + subscriber.unsubscribe_url())
    assert axe_violations(page) == []
    page.get_by_role("button", name="Unsubscribe", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("You are unsubscribed")
    assert axe_violations(page) == []
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED
