import re
import time
from datetime import timedelta
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.test import Client
from django.utils import timezone

from lumcglobal.models import Subscriber

pytestmark = pytest.mark.usefixtures("demo_content")

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


def link_in(email, path):
    (url,) = re.findall(rf"{re.escape(settings.SITE_URL)}{path}\S+/", email.body)
    return url


def test_footer_box_prefills_the_sign_up_form(client):
    html = BeautifulSoup(client.get("/newsletter/?email=ana@example.org").content, "html.parser")

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


def test_the_confirmation_link_subscribes_and_welcomes(sign_up, follow, mailoutbox):
    sign_up()

    response = follow(link_in(mailoutbox[0], "/newsletter/confirm/"))

    assert response.status_code == 200
    assert "You are subscribed" in response.text
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.confirmed_at is not None
    welcome = mailoutbox[1]
    unsubscribe = link_in(welcome, "/newsletter/unsubscribe/")
    assert welcome.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert welcome.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Opening the link again changes nothing and sends nothing more.
    assert follow(link_in(mailoutbox[0], "/newsletter/confirm/")).status_code == 200
    assert len(mailoutbox) == 2


def confirmed_subscriber(sign_up, follow, mailoutbox):
    sign_up()
    follow(link_in(mailoutbox[0], "/newsletter/confirm/"))
    return link_in(mailoutbox[1], "/newsletter/unsubscribe/")


def test_one_click_unsubscribe_from_the_link(sign_up, follow, mailoutbox):
    unsubscribe = confirmed_subscriber(sign_up, follow, mailoutbox)

    response = follow(unsubscribe)

    assert response.status_code == 200
    assert "You are unsubscribed" in response.text
    assert "researcher@example.org" in response.text
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED


def test_one_click_unsubscribe_from_the_mail_client(sign_up, follow, mailoutbox):
    unsubscribe = confirmed_subscriber(sign_up, follow, mailoutbox)
    mail_client = Client(enforce_csrf_checks=True)

    response = mail_client.post(
        unsubscribe.removeprefix(settings.SITE_URL), {"List-Unsubscribe": "One-Click"}
    )

    assert response.status_code == 200
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED


def test_an_unsubscribed_address_can_subscribe_again(sign_up, follow, mailoutbox):
    follow(confirmed_subscriber(sign_up, follow, mailoutbox))

    sign_up()

    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    assert link_in(mailoutbox[-1], "/newsletter/confirm/")


def test_signing_up_again_does_not_reveal_who_is_subscribed(sign_up, follow, mailoutbox):
    confirmed_subscriber(sign_up, follow, mailoutbox)
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
        response = follow(url)
        assert response.status_code == 404
        assert "This link does not work" in response.text
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_an_unsubscribe_link_does_not_confirm(sign_up, follow, mailoutbox):
    sign_up()
    subscriber = Subscriber.objects.get()

    response = follow(subscriber.unsubscribe_url().replace("unsubscribe", "confirm"))

    assert response.status_code == 404
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_a_confirmation_link_expires(sign_up, follow, mailoutbox):
    with mock.patch(
        "time.time", return_value=time.time() - settings.NEWSLETTER_CONFIRM_MAX_AGE - 60
    ):
        sign_up()

    response = follow(link_in(mailoutbox[0], "/newsletter/confirm/"))

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
