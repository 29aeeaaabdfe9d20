from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.core import signing
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from editorial.models import Publication, PublishableQuerySet


class SocialLink(Publication):
    """A link to one of LUMC Global's social media pages, in the footer of every page."""

    name = models.CharField(_("name"), max_length=50, help_text=_("For example LinkedIn."))
    url = models.URLField(_("address"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("social media link")
        verbose_name_plural = _("social media links")
        permissions = [("publish_sociallink", _("Can publish and unpublish social media links"))]

    def __str__(self):
        return self.name


class ContactMessage(models.Model):
    """A message sent through the contact form. Stored before anyone is notified."""

    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email address"))
    subject = models.CharField(_("subject"), max_length=200)
    message = models.TextField(_("message"), max_length=5000)
    consent = models.BooleanField(_("consent to store"), default=False)
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    address_hash = models.CharField(
        _("sender address (hashed)"), max_length=64, blank=True, editable=False
    )
    handled = models.BooleanField(
        _("handled"), default=False, help_text=_("Tick once the message has been answered.")
    )
    notified_at = models.DateTimeField(_("staff notified"), null=True, blank=True)
    notify_attempts = models.PositiveSmallIntegerField(_("notification attempts"), default=0)
    notify_error = models.TextField(_("last notification error"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")

    def __str__(self):
        return f"{self.subject} ({self.name})"


class Subscriber(models.Model):
    """A newsletter subscription, confirmed by a signed link (double opt-in)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for confirmation")
        CONFIRMED = "confirmed", _("subscribed")
        UNSUBSCRIBED = "unsubscribed", _("unsubscribed")

    # Salts that keep a confirmation link from serving as an unsubscribe link and back.
    CONFIRM_SALT = "newsletter.confirm"
    UNSUBSCRIBE_SALT = "newsletter.unsubscribe"

    email = models.EmailField(_("email address"), unique=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.PENDING, db_index=True
    )
    created_at = models.DateTimeField(_("first signed up"), auto_now_add=True)
    requested_at = models.DateTimeField(
        _("last asked to subscribe"), default=timezone.now, db_index=True
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    address_hash = models.CharField(
        _("sign-up address (hashed)"), max_length=64, blank=True, editable=False
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("newsletter subscriber")
        verbose_name_plural = _("newsletter subscribers")

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = self.email.lower()
        super().save(*args, **kwargs)

    def confirm_url(self):
        # The request time lets an unsubscription void the links sent before it.
        token = signing.dumps(
            [self.pk, self.email, self.requested_at.timestamp()],
            salt=self.CONFIRM_SALT,
            compress=True,
        )
        return reverse("newsletter_confirm", args=[token])

    def unsubscribe_url(self):
        token = signing.dumps([self.pk, self.email], salt=self.UNSUBSCRIBE_SALT, compress=True)
        return reverse("newsletter_unsubscribe", args=[token])

    @classmethod
    def from_token(cls, token, salt, max_age=None):
        """The subscriber a signed link was made for, or None if it is forged, expired or void."""
        try:
            pk, email, *requested_at = signing.loads(token, salt=salt, max_age=max_age)
        except (signing.BadSignature, ValueError, TypeError):
            return None
        subscriber = cls.objects.filter(pk=pk, email=email).first()
        if subscriber and salt == cls.CONFIRM_SALT and subscriber.unsubscribed_since(*requested_at):
            return None
        return subscriber

    def unsubscribed_since(self, requested_at=None):
        """Whether the subscription asked for at `requested_at` (a timestamp) has ended."""
        if self.status == self.Status.UNSUBSCRIBED:
            return True
        # Links made before they carried the request time: void after any unsubscription.
        return self.unsubscribed_at is not None and (
            requested_at is None or self.unsubscribed_at.timestamp() > requested_at
        )

    def confirm(self):
        """Confirm a pending subscription; False if it was not pending (any more)."""
        now = timezone.now()
        # One update, so that two presses of the button confirm (and welcome) once.
        confirmed = Subscriber.objects.filter(pk=self.pk, status=self.Status.PENDING).update(
            status=self.Status.CONFIRMED, confirmed_at=now, unsubscribed_at=None
        )
        if confirmed:
            self.status, self.confirmed_at, self.unsubscribed_at = self.Status.CONFIRMED, now, None
        return bool(confirmed)

    def unsubscribe(self):
        if self.status != self.Status.UNSUBSCRIBED:
            self.status = self.Status.UNSUBSCRIBED
            self.unsubscribed_at = timezone.now()
            self.save(update_fields=["status", "unsubscribed_at"])


class SearchDocument(models.Model):
    """
    One searchable item as the site search reads it: its texts by weight, its
    address and a copy of its publication fields, so that one query searches
    every type and `published()` decides at query time what the public finds.
    Written on every save and delete of a searchable item (lumcglobal.search).
    """

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("type"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("item"))
    kind = models.CharField(_("kind"), max_length=20)  # a search.Kind's key, the ?type= value
    title = models.TextField(_("title"))  # weight A, shown
    keywords = models.TextField(_("other names"), blank=True)  # weight A, not shown
    summary = models.TextField(_("summary"), blank=True)  # weight B, shown
    details = models.TextField(_("details"), blank=True)  # weight C
    body = models.TextField(_("text"), blank=True)  # weight D, plain text
    url = models.CharField(_("address"), max_length=500)  # in the default language
    status = models.CharField(_("status"), max_length=10, choices=Publication.Status)
    publish_from = models.DateTimeField(_("publish from"), null=True, blank=True)
    publish_until = models.DateTimeField(_("publish until"), null=True, blank=True)
    # The weighted words, on PostgreSQL only (null on SQLite); GIN-indexed by a migration.
    vector = SearchVectorField(null=True, editable=False)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="searchdocument_unique_item"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.url
