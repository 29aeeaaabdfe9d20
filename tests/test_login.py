"""Signing in to the admin: wrong passwords are throttled per account and address."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessLog
from django.test import Client
from django.urls import reverse

from tests.checkers import html_problems
from tests.factories import staff_member

LIMIT = 5


@pytest.fixture
def account(db):
    return staff_member("nora")


def log_in(client, password, username="nora", **headers):
    return client.post(
        reverse("admin:login"), {"username": username, "password": password}, **headers
    )


def signed_in(client):
    return "_auth_user_id" in client.session


def fail(client, times, **headers):
    for _ in range(times):
        response = log_in(client, "wrong", **headers)
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.text


def lock(client, **headers):
    """Enough wrong passwords to pause the account: the last one is answered with the pause."""
    fail(client, LIMIT - 1, **headers)
    assert log_in(client, "wrong", **headers).status_code == 429


@pytest.mark.usefixtures("account")
def test_a_few_wrong_passwords_leave_the_log_in_form_working(client):
    fail(client, LIMIT - 1)

    response = log_in(client, "pw")

    assert response.status_code == 302
    assert signed_in(client)


@pytest.mark.usefixtures("account")
def test_too_many_wrong_passwords_pause_the_account_even_for_the_right_one(client):
    fail(client, LIMIT - 1)

    response = log_in(client, "wrong")

    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    assert "Signing in is paused" in response.text
    assert "paused for 15 minutes" in response.text
    response = log_in(client, "pw")
    assert response.status_code == 429
    assert not signed_in(client)


@pytest.mark.usefixtures("account")
def test_the_pause_holds_for_one_account_at_one_address(client, settings):
    settings.NUM_PROXIES = 1
    lock(client, HTTP_X_FORWARDED_FOR="192.0.2.10")
    assert log_in(client, "pw", HTTP_X_FORWARDED_FOR="192.0.2.10").status_code == 429

    staff_member("sam")
    assert (
        log_in(client, "pw", username="sam", HTTP_X_FORWARDED_FOR="192.0.2.10").status_code == 302
    )
    client.logout()
    assert log_in(client, "pw", HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 302
    assert signed_in(client)


@pytest.mark.usefixtures("account")
def test_the_pause_ends_after_the_cool_off(client):
    lock(client)
    assert log_in(client, "pw").status_code == 429

    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16)
    )

    assert log_in(client, "pw").status_code == 302
    assert signed_in(client)


@pytest.mark.usefixtures("account")
def test_signing_in_clears_the_count_and_keeps_no_record(client):
    fail(client, LIMIT - 1)
    assert log_in(client, "pw").status_code == 302
    client.logout()

    fail(client, LIMIT - 1)

    assert log_in(client, "pw").status_code == 302
    assert not AccessAttempt.objects.exists()
    assert not AccessLog.objects.exists()


@pytest.mark.usefixtures("account")
def test_a_user_manager_clears_a_pause_in_the_admin(client, superuser):
    lock(client)
    attempt = AccessAttempt.objects.get()
    assert attempt.username == "nora"
    assert "wrong" not in attempt.post_data

    admin = Client()
    admin.force_login(superuser)
    changelist = reverse("admin:axes_accessattempt_changelist")
    assert "nora" in admin.get(changelist).text
    response = admin.post(
        changelist,
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )
    assert response.status_code == 302

    assert log_in(client, "pw").status_code == 302


@pytest.mark.usefixtures("account")
def test_the_pause_page_and_the_attempts_in_the_admin_are_valid_html(client, admin_client):
    fail(client, LIMIT - 1)
    documents = {"log-in paused": log_in(client, "wrong").text}
    attempt = AccessAttempt.objects.get()
    for view, args in [("changelist", []), ("change", [attempt.pk])]:
        response = admin_client.get(reverse(f"admin:axes_accessattempt_{view}", args=args))
        assert response.status_code == 200
        documents[view] = response.text

    assert html_problems(documents) == {}
