"""The admin as a member of staff uses it: a signed-in client, an item's addresses, its form."""

from django.test import Client
from django.urls import reverse

from tests.html import form_data


def as_user(user):
    """A client signed in as `user`."""
    client = Client()
    client.force_login(user)
    return client


def admin_url(obj, view="change"):
    """The admin address of `obj` for `view` ("change", "history", "live_preview", ...)."""
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk])


def change_url(obj):
    return admin_url(obj)


def opened(client, obj):
    """The change form of `obj` as `client` opens it: the response and what it would send."""
    response = client.get(change_url(obj))
    assert response.status_code == 200
    return response, form_data(response)
