"""
Background work: email to staff and subscribers.

What an email is about is stored before the task is queued, so a mail server
that is down loses nothing: the failure is recorded, and with a task backend
that can wait (DJANGO_TASKS_BACKEND=database) the task tries again later.
"""

import logging
from email.policy import default as default_policy
from email.utils import parseaddr
from urllib.parse import quote

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from editorial.models import one_line
from editorial.tasks import retry_later

from .models import ContactMessage, Subscriber

logger = logging.getLogger(__name__)


@task()
def notify_staff_of_contact_message(message_id, attempt=1):
    message = ContactMessage.objects.filter(pk=message_id, notified_at=None).first()
    if message is None:
        return "already notified"
    admin_url = settings.SITE_URL + reverse(
        "admin:lumcglobal_contactmessage_change", args=[message.pk]
    )
    email = EmailMessage(
        # Messages stored with line breaks in the subject would make every attempt fail.
        subject=f"[{settings.SITE_NAME}] {one_line(message.subject)}",
        body=render_to_string(
            "lumcglobal/email/contact_notification.txt",
            {"message": message, "admin_url": admin_url},
        ),
        to=settings.CONTACT_RECIPIENTS,
        reply_to=[message.email],
    )
    try:
        email.send()
    except Exception as error:
        logger.warning("Contact message %s: notification failed: %s", message.pk, error)
        ContactMessage.objects.filter(pk=message.pk).update(
            notify_attempts=F("notify_attempts") + 1, notify_error=str(error)[:1000]
        )
        retry_later(notify_staff_of_contact_message, attempt, message_id)
        return "failed"
    ContactMessage.objects.filter(pk=message.pk).update(
        notified_at=timezone.now(), notify_attempts=F("notify_attempts") + 1, notify_error=""
    )
    return "sent"


class URLListHeader(str):
    """
    A header of <URL>s (RFC 2369) written out as it is, folded only after its
    commas: Python folds a long URL into RFC 2047 encoded words, which mail
    providers do not read as a URL.
    """

    def __new__(cls, name, value):
        if any(character in value for character in "\r\n") or not value.isascii():
            raise ValueError(f"{name} must be one line of ASCII, not {value!r}")
        header = super().__new__(cls, value)
        header.name = name
        return header

    def fold(self, *, policy):
        urls = [url.strip() for url in self.split(",")]
        return f"{self.name}: " + f",{policy.linesep} ".join(urls) + policy.linesep


class SubscriberEmail(EmailMessage):
    """Mail to a subscriber, with a List-Unsubscribe header that mail providers can read."""

    def message(self, *, policy=default_policy):
        message = super().message(policy=policy)
        value = self.extra_headers["List-Unsubscribe"]
        message.replace_header("List-Unsubscribe", URLListHeader("List-Unsubscribe", value))
        return message


def list_unsubscribe(unsubscribe_url):
    """The List-Unsubscribe value: the one-click link, then mail for clients without it."""
    urls = [f"<{unsubscribe_url}>"]
    if settings.CONTACT_RECIPIENTS:
        # Nothing reads this mail automatically: it reaches the staff who read the contact
        # messages, and its subject holds the link to press for the subscriber.
        address = parseaddr(settings.CONTACT_RECIPIENTS[0])[1]
        subject = quote(f"{_('Unsubscribe')} {unsubscribe_url}", safe=":")
        urls.append(f"<mailto:{address}?subject={subject}>")
    return ", ".join(urls)


SUBSCRIBER_EMAILS = {
    # kind: (status the subscriber must still have, subject, template)
    "confirm": (
        Subscriber.Status.PENDING,
        _("Please confirm your subscription to LUMC Global news"),
        "lumcglobal/email/newsletter_confirm.txt",
    ),
    "welcome": (
        Subscriber.Status.CONFIRMED,
        _("You are subscribed to LUMC Global news"),
        "lumcglobal/email/newsletter_welcome.txt",
    ),
}


@task()
def send_subscriber_email(subscriber_id, kind, attempt=1):
    status, subject, template = SUBSCRIBER_EMAILS[kind]
    subscriber = Subscriber.objects.filter(pk=subscriber_id, status=status).first()
    if subscriber is None:
        return "no longer needed"
    unsubscribe_url = settings.SITE_URL + subscriber.unsubscribe_url()
    email = SubscriberEmail(
        subject=str(subject),
        body=render_to_string(
            template,
            {
                "confirm_url": settings.SITE_URL + subscriber.confirm_url(),
                "unsubscribe_url": unsubscribe_url,
                "confirm_days": settings.NEWSLETTER_CONFIRM_MAX_AGE // 86400,
                "site_url": settings.SITE_URL,
            },
        ),
        to=[subscriber.email],
        headers={
            # One-click unsubscribe from the mail client (RFC 8058).
            "List-Unsubscribe": list_unsubscribe(unsubscribe_url),
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    try:
        email.send()
    except Exception as error:
        logger.warning("Subscriber %s: %s email failed: %s", subscriber.pk, kind, error)
        retry_later(send_subscriber_email, attempt, subscriber_id, kind)
        return "failed"
    return "sent"
