import re
from functools import partial

from django import forms
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.urls import get_resolver, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from . import images
from .richtext import RichTextField

# Words of the core's own addresses, which no content may take as its slug.
CORE_RESERVED_SLUGS = {"add", "admin", "export", "import", "new", "preview"}


def reserved_slugs():
    """
    Every word a fixed route uses next to slugs: the core's, and those each
    content type declares for its own addresses (`reserved_slugs`). A slug
    may take none of them, so no address of the site is ever ambiguous.
    """
    from django.apps import apps

    words = set(CORE_RESERVED_SLUGS)
    for model in apps.get_models():
        words |= getattr(model, "reserved_slugs", set())
    return words


def validate_slug_not_reserved(value):
    if value in reserved_slugs():
        raise ValidationError(
            _("“%(slug)s” is the address of another page of the site; choose another slug."),
            params={"slug": value},
            code="reserved",
        )


# Line breaks and other control characters (Unicode's line and paragraph
# separators included), which a one-line field or a mail header may not hold.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text):
    """`text` on one line: line breaks and other control characters become single spaces."""
    return " ".join(CONTROL_CHARACTERS.sub(" ", text).split())


class NullsLastIndex(models.Index):
    """
    An index in an order that puts empty values last (`F("date").desc(nulls_last=True)`),
    as the queries that read it do. SQLite cannot say so in an index, and needs not:
    its descending order puts them last anyway.
    """

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "sqlite":
            index = self.clone()
            index.expressions = [
                models.OrderBy(term.expression, descending=term.descending)
                if isinstance(term, models.OrderBy)
                else term
                for term in self.expressions
            ]
            return super(NullsLastIndex, index).create_sql(model, schema_editor, using, **kwargs)
        return super().create_sql(model, schema_editor, using, **kwargs)


class EditorialModel(models.Model):
    """Content that editors keep; it gets the Editor and Publisher roles' permissions."""

    # Fields worked out from others, which restoring an old version leaves alone.
    history_derived_fields = ()

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            if not isinstance(field, models.CharField) or field.name in (exclude or ()):
                continue
            value = getattr(self, field.attname)
            text = isinstance(value, str)  # a multiple-country field holds a list
            if field.name not in errors and text and CONTROL_CHARACTERS.search(value):
                errors[field.name] = [
                    ValidationError(
                        _("Write this on one line, without line breaks or tabs."),
                        code="one_line",
                    )
                ]
        if errors:
            raise ValidationError(errors)


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """
        What the public may see now: published, and within its publication window.
        "Now" is when this is called: build querysets per request, not at import.
        """
        now = timezone.now()
        return self.filter(
            Q(publish_from__isnull=True) | Q(publish_from__lte=now),
            Q(publish_until__isnull=True) | Q(publish_until__gt=now),
            status=Publication.Status.PUBLISHED,
        )

    def in_state(self, state):
        """Items in one of the states the admin shows: draft, scheduled, published, expired."""
        now = timezone.now()
        published = self.filter(status=Publication.Status.PUBLISHED)
        return {
            "draft": self.filter(status=Publication.Status.DRAFT),
            "scheduled": published.filter(publish_from__gt=now),
            "published": self.published(),
            "expired": published.filter(publish_until__lte=now),
        }[state]


class Publication(EditorialModel):
    """
    Draft or published, within an optional window, with a record of who made
    and changed it. Every public content type builds on this; `published()`
    is the one definition of what is public. Types with a page of their own
    build on `Publishable`, which adds the address.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        EXPIRED = "expired", _("Expired")

    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.DRAFT, db_index=True
    )
    publish_from = models.DateTimeField(
        _("publish from"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Leave empty to publish at once; set a time to publish it then."),
    )
    # Indexed, as is `changed_at`: what feeds and sitemaps poll reads the latest of each.
    publish_until = models.DateTimeField(
        _("publish until"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Leave empty to keep it published."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("last changed"), auto_now=True, db_index=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = PublishableQuerySet.as_manager()

    # Moments at which an item shows differently by time alone (the page cache keeps
    # pages no longer than the next of them).
    schedule_fields = ("publish_from", "publish_until")

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.publish_from and self.publish_until and self.publish_until <= self.publish_from:
            raise ValidationError(
                {"publish_until": _("The end of publication must come after its start.")}
            )

    @property
    def state(self):
        now = timezone.now()
        if self.status == self.Status.DRAFT:
            return self.State.DRAFT
        if self.publish_from and self.publish_from > now:
            return self.State.SCHEDULED
        if self.publish_until and self.publish_until <= now:
            return self.State.EXPIRED
        return self.State.PUBLISHED

    def is_published(self):
        return self.state == self.State.PUBLISHED

    def publish_now(self):
        """Make the item public from now on (not saved)."""
        now = timezone.now()
        self.status = self.Status.PUBLISHED
        if self.publish_from and self.publish_from > now:
            self.publish_from = None
        if self.publish_until and self.publish_until <= now:
            self.publish_until = None

    def unpublish(self):
        """Make the item a draft again (not saved)."""
        self.status = self.Status.DRAFT


class Publishable(Publication):
    """
    Published content with a page of its own: a slug made from its title that
    keeps its old addresses (they redirect), and preview links for reviewers.
    """

    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        blank=True,
        validators=[validate_slug_not_reserved],
        help_text=_(
            "The last part of the page's address, made from the title when left empty. "
            "Changing it keeps the old address working."
        ),
    )
    # Part of every preview link: raising it ends the links given out before.
    preview_key = models.PositiveIntegerField(default=0, editable=False)

    # The field the slug is made from.
    slug_source = "title"
    # Words that this type's fixed routes use where its slugs go, e.g. /events/past/.
    reserved_slugs = set()
    # An old version must not bring back preview links that were ended.
    history_derived_fields = ("preview_key",)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.unique_slug(getattr(self, self.slug_source))
        if self.status == self.Status.PUBLISHED and getattr(self, "_saved_status", None) not in (
            None,
            self.Status.PUBLISHED,
        ):
            # Publishing ends the preview links of the draft.
            self.preview_key += 1
        super().save(*args, **kwargs)
        old_slug = getattr(self, "_saved_slug", None)
        if old_slug != self.slug:
            SlugRedirect.record(self, old_slug)
            self._saved_slug = self.slug
        self._saved_status = self.status

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._saved_slug = instance.__dict__.get("slug")
        instance._saved_status = instance.__dict__.get("status")
        return instance

    def validate_unique(self, exclude=None):
        super().validate_unique(exclude)
        if "slug" in (exclude or ()) or self.status != self.Status.DRAFT:
            return
        if owner := self.redirected_slug_owner():
            raise ValidationError(
                {
                    "slug": ValidationError(
                        _(
                            "“%(slug)s” is the old address of “%(item)s”, which visitors are "
                            "sent on to; a draft may not take it. Choose another slug."
                        ),
                        params={"slug": self.slug, "item": owner},
                        code="redirected",
                    )
                }
            )

    def unique_slug(self, text):
        base = slugify(text)[:110] or self._meta.model_name
        if base in reserved_slugs():
            base = f"{base}-{self._meta.model_name}"
        others = type(self)._default_manager.exclude(pk=self.pk)
        old_slugs = SlugRedirect.objects.for_model(type(self)).exclude(object_id=self.pk or 0)
        slug, number = base, 1
        while others.filter(slug=slug).exists() or old_slugs.filter(old_slug=slug).exists():
            number += 1
            slug = f"{base}-{number}"
        return slug

    def slug_taken(self):
        """Whether another item of this type has this slug."""
        return type(self)._default_manager.exclude(pk=self.pk).filter(slug=self.slug).exists()

    def redirected_slug_owner(self):
        """The live item whose old address this slug is, if another item has it."""
        target = SlugRedirect.target(type(self), self.slug)
        if target and target.pk != self.pk and target.status == self.Status.PUBLISHED:
            return target
        return None

    def preview_token(self):
        return signing.dumps([self._meta.label_lower, self.pk, self.preview_key], salt=PREVIEW_SALT)

    def preview_url(self):
        return f"{self.get_absolute_url()}?preview={self.preview_token()}"

    def accepts_preview_token(self, token):
        try:
            label, pk, key = signing.loads(
                token, salt=PREVIEW_SALT, max_age=settings.PREVIEW_LINK_MAX_AGE
            )
        except (signing.BadSignature, ValueError, TypeError):
            return False
        return (label, pk, key) == (self._meta.label_lower, self.pk, self.preview_key)

    def revoke_preview_links(self):
        """End every preview link given out so far (not saved)."""
        self.preview_key += 1


PREVIEW_SALT = "editorial.preview"


class PageQuerySet(models.QuerySet):
    def for_key(self, key):
        """
        The page's texts, with its sections in `section_list`, in one query (a
        join of the page and its sections); an empty unsaved page if there is
        no record yet.
        """
        page_fields = [field.attname for field in Page._meta.concrete_fields]
        section_fields = [field.attname for field in PageSection._meta.concrete_fields]
        rows = list(
            self.filter(key=key)
            .values_list(*page_fields, *(f"sections__{name}" for name in section_fields))
            .order_by("sections__position", "sections__pk")
        )
        if not rows:
            page = Page(key=key, title=declared_pages().get(key, ""))
            page.section_list = []
            return page
        count = len(page_fields)
        page = Page.from_db(self.db, page_fields, rows[0][:count])
        page.section_list = [
            PageSection.from_db(self.db, section_fields, row[count:])
            for row in rows
            if row[count] is not None
        ]
        for section in page.section_list:
            section.page = page
        return page


def declared_pages():
    """{key: title} of the fixed pages that the apps name in their AppConfig's `pages`."""
    from django.apps import apps

    return {
        key: str(title)
        for app_config in apps.get_app_configs()
        for key, title in getattr(app_config, "pages", {}).items()
    }


def page_url(key):
    """The address of the fixed page whose view shows the texts named `key`, or None."""

    def views(patterns, namespaces):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                namespace = [pattern.namespace] if pattern.namespace else []
                yield from views(pattern.url_patterns, [*namespaces, *namespace])
            elif pattern.name:
                yield getattr(pattern.callback, "view_class", None), [*namespaces, pattern.name]

    for view, name in views(get_resolver().url_patterns, []):
        if getattr(view, "page_key", None) == key:
            return reverse(":".join(name))
    return None


class Page(EditorialModel):
    """
    The editable texts of one fixed page of the site (home, about, research,
    ...): its title, introduction, description for search engines, and
    sections. Apps name their pages in their AppConfig's `pages`; the core
    makes a record for each after migrating, and templates look them up by key.
    """

    key = models.SlugField(_("page"), max_length=60, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200, blank=True)
    intro = RichTextField(
        _("introduction"), blank=True, help_text=_("Shown large under the title.")
    )
    description = models.CharField(
        _("description for search engines"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences shown in search results and when the page is shared."),
    )
    changed_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["key"]
        verbose_name = _("page text")
        verbose_name_plural = _("page texts")
        permissions = [("publish_page", _("Can publish changes to page texts"))]

    def __str__(self):
        return self.title or self.key

    def get_absolute_url(self):
        return page_url(self.key)

    @cached_property
    def section(self):
        """
        The sections by anchor, for templates that place them one by one;
        hyphens become underscores ("leiden-university": page.section.leiden_university).
        """
        sections = getattr(self, "section_list", None)
        if sections is None:
            sections = self.sections.all() if self.pk else []
        return {section.anchor.replace("-", "_"): section for section in sections}


class PageSection(EditorialModel):
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="sections")
    heading = models.CharField(_("heading"), max_length=200)
    anchor = models.SlugField(
        _("anchor"),
        help_text=_("The section's address within the page, e.g. mission-and-vision."),
    )
    body = RichTextField(_("text"), heading_level=3)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["page", "anchor"], name="unique_page_section_anchor"),
        ]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.heading


class SlugRedirectQuerySet(models.QuerySet):
    def for_model(self, model):
        return self.filter(content_type=ContentType.objects.get_for_model(model))


class SlugRedirect(models.Model):
    """An old slug of a content item, so that its old address redirects to the new one."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    old_slug = models.SlugField(max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SlugRedirectQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "old_slug"], name="unique_old_slug_per_type"
            )
        ]

    def __str__(self):
        return f"{self.content_type}: {self.old_slug}"

    @classmethod
    def record(cls, obj, old_slug):
        content_type = ContentType.objects.get_for_model(obj)
        # A slug that is in use again is no longer an old one.
        cls.objects.filter(content_type=content_type, old_slug=obj.slug).delete()
        if old_slug:
            cls.objects.update_or_create(
                content_type=content_type,
                old_slug=old_slug,
                defaults={"object_id": obj.pk},
            )

    @classmethod
    def target(cls, model, old_slug):
        """The item of `model` that once had `old_slug`, if it still exists."""
        redirect = cls.objects.for_model(model).filter(old_slug=old_slug).first()
        if redirect is None:
            return None
        return model._default_manager.filter(pk=redirect.object_id).first()


class CheckedImageFormField(forms.ImageField):
    """An image field that says in the site's own words why an upload is refused."""

    def to_python(self, data):
        if data:
            images.open_checked(data)
        return super().to_python(data)


class CheckedImageField(models.ImageField):
    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": CheckedImageFormField, **kwargs})


class ImageQuerySet(models.QuerySet):
    def search(self, words):
        """Images with every word in their alt text, credit or file name."""
        found = self
        for word in words.split():
            found = found.filter(
                Q(alt_text__icontains=word) | Q(credit__icontains=word) | Q(file__icontains=word)
            )
        return found

    def in_orientation(self, orientation):
        """Landscape, portrait or square images, by their width and height."""
        width, height = models.F("width"), models.F("height")
        return self.filter(
            **{
                "landscape": {"width__gt": height},
                "portrait": {"height__gt": width},
                "square": {"width": height},
            }[orientation]
        )

    @staticmethod
    def shown():
        """The condition that an item of some type shows the image: an EXISTS per key to images."""
        condition = Q()
        for model, field in Image.relations():
            items = model._default_manager.filter(**{field.name: models.OuterRef("pk")})
            condition |= Q(models.Exists(items))
        return condition

    def unused(self):
        """Images that no item of any type shows."""
        return self.filter(~self.shown())

    def with_use(self):
        """Each image with `in_use`: whether an item shows it, in the same query."""
        return self.annotate(
            in_use=models.ExpressionWrapper(self.shown(), output_field=models.BooleanField())
        )


class Image(EditorialModel):
    """
    An uploaded image: checked by its content, stripped of metadata, and made
    into renditions by a task once it is saved (editorial/tasks.py); pages show
    the original until they are made.
    """

    class Orientation(models.TextChoices):
        LANDSCAPE = "landscape", _("Landscape")
        PORTRAIT = "portrait", _("Portrait")
        SQUARE = "square", _("Square")

    class RenditionsState(models.TextChoices):
        READY = "ready", _("Ready")
        PENDING = "pending", _("Being made")
        FAILED = "failed", _("Could not be made")

    file = CheckedImageField(
        _("image file"),
        upload_to="images/%Y/%m/",
        validators=[images.validate_upload],
        help_text=_("JPEG, PNG, WebP or AVIF, at most 10 MB and 40 megapixels."),
    )
    alt_text = models.CharField(
        _("alternative text"),
        max_length=250,
        blank=True,
        help_text=_(
            "What the image shows, for people who cannot see it. Required unless the image "
            "is decorative."
        ),
    )
    decorative = models.BooleanField(
        _("decorative"),
        default=False,
        help_text=_("Tick only if the image adds nothing to the text around it."),
    )
    focal_x = models.PositiveSmallIntegerField(
        _("focal point, across (%)"),
        default=50,
        validators=[MaxValueValidator(100)],
        help_text=_("Where the subject is, from the left edge (0) to the right (100)."),
    )
    focal_y = models.PositiveSmallIntegerField(
        _("focal point, down (%)"),
        default=50,
        validators=[MaxValueValidator(100)],
        help_text=_("Where the subject is, from the top (0) to the bottom (100)."),
    )
    credit = models.CharField(_("credit"), max_length=200, blank=True)
    width = models.PositiveIntegerField(editable=False, null=True)
    height = models.PositiveIntegerField(editable=False, null=True)
    renditions = models.JSONField(default=dict, editable=False)
    # The file and focal point the renditions were made from.
    rendered_from = models.JSONField(default=dict, editable=False)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    # Renditions are made from the file and focal point, whichever version those come from.
    history_derived_fields = ("renditions", "rendered_from")

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("image")
        verbose_name_plural = _("images")
        permissions = [("publish_image", _("Can change images that published items show"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(decorative=True) | ~Q(alt_text=""), name="image_alt_or_decorative"
            ),
            models.CheckConstraint(
                condition=Q(focal_x__lte=100, focal_y__lte=100), name="image_focal_in_range"
            ),
        ]

    def __str__(self):
        return self.alt_text or self.file.name.rsplit("/", 1)[-1]

    def save(self, *args, **kwargs):
        if self.file and not self.file._committed:
            self.width, self.height = images.clean_original(self.file)
        if not (self._state.adding or kwargs.get("force_insert") or "update_fields" in kwargs):
            # The renditions are the task's to write: saving an image read before it
            # finished must not put back the ones it replaced.
            kept = {"renditions", "rendered_from", *self.get_deferred_fields()}
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.attname not in kept
            ]
        super().save(*args, **kwargs)
        # The renditions say what they were made from, so they are remade
        # whenever that changed, by whatever route (a restored version, say).
        if self.rendered_from != self.rendition_source:
            from .tasks import make_image_renditions  # the tasks module imports this one

            # Robust: a queue that cannot be reached is logged; pages show the original.
            transaction.on_commit(
                partial(make_image_renditions.enqueue, self.pk, self.rendition_source),
                robust=True,
            )

    def clean(self):
        super().clean()
        if not self.decorative and not self.alt_text.strip():
            raise ValidationError(
                {"alt_text": _("Describe the image, or tick “decorative” if it adds nothing.")}
            )

    @property
    def alt(self):
        return "" if self.decorative else self.alt_text

    @property
    def rendition_source(self):
        """What the renditions are made from: the file and the focal point."""
        return {"file": self.file.name, "focal": [self.focal_x, self.focal_y]}

    @property
    def shown_renditions(self):
        """
        The renditions that pages show: none while they are being made for a
        new file (pages show the original meanwhile), and those of the old
        focal point while the new one's are made.
        """
        if self.rendered_from.get("file") != self.file.name:
            return {}
        return self.renditions or {}

    @property
    def renditions_state(self):
        """READY, PENDING (a task is making them) or FAILED (this file could not be read)."""
        if self.rendered_from == self.rendition_source:
            return self.RenditionsState.READY
        if self.rendered_from == {**self.rendition_source, "failed": True}:
            return self.RenditionsState.FAILED
        return self.RenditionsState.PENDING

    @property
    def orientation(self):
        """Landscape, portrait or square (an Orientation), or None before the file is read."""
        if not (self.width and self.height):
            return None
        if self.width == self.height:
            return self.Orientation.SQUARE
        return self.Orientation.LANDSCAPE if self.width > self.height else self.Orientation.PORTRAIT

    @staticmethod
    def relations():
        """(model, field) of every key to an image, in every app: where images are shown."""
        from django.apps import apps

        return [
            (model, field)
            for model in apps.get_models()
            for field in model._meta.concrete_fields
            if field.many_to_one and field.related_model is Image
        ]

    def uses(self):
        """The content items that show this image, of every type."""
        for model, field in self.relations():
            yield from model._default_manager.filter(**{field.name: self})


def image_field(verbose_name, **options):
    """An optional image of a content item, kept when the image itself is deleted."""
    return models.ForeignKey(
        Image,
        verbose_name=verbose_name,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        **options,
    )


class HealthReport(models.Model):
    """
    The content checks over everything published, as last run (editorial/health.py):
    the admin's home page shows its counts without running them again.
    """

    checked_at = models.DateTimeField(_("checked at"), default=timezone.now)
    items_checked = models.PositiveIntegerField(_("items checked"), default=0)
    # {check code: {"findings": n, "items": n}}, the codes in editorial.checks.PROBLEMS.
    counts = models.JSONField(_("counts"), default=dict)
    # [{"kind", "title", "url", "findings": [{"code", "label", "message"}]}], items with findings.
    items = models.JSONField(_("items"), default=list)

    class Meta:
        verbose_name = _("content health report")
        verbose_name_plural = _("content health reports")

    def __str__(self):
        return f"{self._meta.verbose_name} {self.checked_at:%Y-%m-%d %H:%M}"


class ItemQuerySet(models.QuerySet):
    """Records about content items of any type (by content type and id)."""

    def for_item(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)

    def for_model(self, model):
        return self.filter(content_type=ContentType.objects.get_for_model(model))


class ItemRecord(models.Model):
    """A record about one content item, of any type."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")

    objects = ItemQuerySet.as_manager()

    class Meta:
        abstract = True


class Draft(ItemRecord):
    """
    An item's work in progress: for a live item, the changes kept apart from
    what the public sees until a publisher publishes them (`changes`, a revision
    of its history); for any item, where it stands in review.
    """

    class Review(models.TextChoices):
        EDITING = "editing", _("Being edited")
        IN_REVIEW = "in_review", _("In review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")

    changes = models.ForeignKey(
        "reversion.Revision",
        verbose_name=_("draft changes"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    review = models.CharField(
        _("review"), max_length=20, choices=Review, default=Review.EDITING, db_index=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    changed_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="one_draft_per_item")
        ]

    def __str__(self):
        return str(self.item or self.object_id)

    @property
    def in_review(self):
        return self.review == self.Review.IN_REVIEW


class ReviewNote(ItemRecord):
    """One line of an item's editorial thread: who did what and when, and what they said."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("submitted it for review")
        CHANGES_REQUESTED = "changes_requested", _("asked for changes")
        PUBLISHED = "published", _("published it")
        UNPUBLISHED = "unpublished", _("unpublished it")
        DISCARDED = "discarded", _("discarded the draft changes")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    action = models.CharField(_("what"), max_length=20, choices=Action)
    comment = models.TextField(_("comment"), blank=True, max_length=2000)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("review note")
        verbose_name_plural = _("review notes")

    def __str__(self):
        return f"{self.user} {self.get_action_display()}"


class EditingSession(ItemRecord):
    """That a colleague has an item's form open: shown to others who open it, never a lock."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"], name="one_session_per_user_and_item"
            )
        ]

    def __str__(self):
        return f"{self.user} {self.seen_at:%H:%M}"


class EditorSettings(models.Model):
    """What a member of staff wants to hear about."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="editor_settings"
    )
    review_emails = models.BooleanField(
        _("email me about reviews"),
        default=True,
        help_text=_("Items submitted for my review, and changes asked of mine."),
    )

    class Meta:
        verbose_name = _("editor settings")
        verbose_name_plural = _("editor settings")

    def __str__(self):
        return str(self.user)

    @classmethod
    def wants_review_emails(cls, user):
        settings_ = cls.objects.filter(user=user).first()
        return settings_ is None or settings_.review_emails
