"""
The image chooser: how every key to an image is filled in on a content form.

The form shows the chosen image as a thumbnail with its alt text, and keeps
the image's number in a plain input, so that it submits without JavaScript
(Django's raw-id approach; the "find an image" link opens the chooser as a
page of its own). With `editorial/chooser.js`, "Choose image" opens a dialog
with the chooser's template partials: a grid of thumbnails, searched,
filtered and paged on the server, and an upload form held to the rules of the
image admin's own form. Browsing needs the view permission on images,
uploading the add permission.
"""

import django_filters as filters
from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from .images import smallest_or_original
from .models import Image, Publication

# The fields an upload in the chooser asks for; the focal point is set on the image's page.
UPLOAD_FIELDS = ["file", "alt_text", "decorative", "credit"]
# The parts of the chooser's template that its script asks for (X-Partial).
PARTIALS = {"chooser", "results", "upload"}


def card(image):
    """What the chooser and the form show of an image, and what the script is given."""
    return {
        "id": image.pk,
        # The square rendition, or the original while the renditions are being made.
        "thumbnail": smallest_or_original(image, "square")[2],
        # The alt text, or for a decorative image what it is called instead.
        "label": image.alt or _("Decorative image"),
        "file_name": image.file.name.rsplit("/", 1)[-1],
        "width": image.width,
        "height": image.height,
        "orientation": image.orientation.label if image.orientation else "",
        "in_use": getattr(image, "in_use", None),
    }


def uses_of(images, admin_site):
    """
    {image id: [item, ...]} for the items that show any of `images` (a queryset
    or ids), each with its type, state and admin address: one query per key to
    images, however many images.
    """
    found = {}
    for model, field in Image.relations():
        for item in model._default_manager.filter(**{f"{field.name}__in": images}):
            found.setdefault(getattr(item, field.attname), []).append(
                {
                    "type": capfirst(model._meta.verbose_name),
                    "field": field.verbose_name,
                    "name": str(item),
                    "url": change_url(item, admin_site),
                    # Draft, scheduled, published or expired; None for items always on the site.
                    "state": item.state if isinstance(item, Publication) else None,
                }
            )
    return found


def change_url(item, admin_site):
    opts = item._meta
    try:
        return reverse(
            f"{admin_site.name}:{opts.app_label}_{opts.model_name}_change", args=[quote(item.pk)]
        )
    except NoReverseMatch:
        return None


def chooses_image(db_field):
    return db_field.many_to_one and db_field.related_model is Image


class ImageChooserWidget(forms.TextInput):
    """
    The chosen image as a thumbnail with its alt text, and its number in an
    input that the script hides behind "Choose image" and "Remove".
    """

    chooser_template_name = "admin/editorial/image/chooser_widget.html"
    # The field's label names the group: thumbnail, number and buttons.
    use_fieldset = True

    class Media:
        js = ["editorial/chooser.js"]
        css = {"all": ["editorial/chooser.css"]}

    def __init__(self, chooser_url=None, attrs=None):
        attrs = {"class": "vForeignKeyRawIdAdminField", "inputmode": "numeric", **(attrs or {})}
        super().__init__(attrs)
        self.chooser_url = chooser_url

    def render(self, name, value, attrs=None, renderer=None):
        image = None
        if str(value or "").isdigit():
            image = Image.objects.filter(pk=value).first()
        context = {
            "widget": self.get_context(name, value, attrs)["widget"],
            # Django's own text input for the number.
            "input": super().render(name, value, attrs, renderer),
            "chooser": {"url": self.chooser_url, "image": card(image) if image else None},
        }
        # From the project's templates, which the form renderer does not read.
        return mark_safe(render_to_string(self.chooser_template_name, context))


class ImageChooserMixin:
    """For model admins: every key to an image is filled in with the image chooser."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if not chooses_image(db_field):
            return super().formfield_for_dbfield(db_field, request, **kwargs)
        browse = self.admin_site.get_model_admin(Image).has_view_permission(request)
        url = reverse(f"{self.admin_site.name}:editorial_image_choose") if browse else None
        kwargs["widget"] = ImageChooserWidget(chooser_url=url)
        # Not wrapped in the admin's add and change links: the chooser uploads.
        return db_field.formfield(**kwargs)


class ImageFilter(filters.FilterSet):
    """What the chooser's search form takes; a value it does not know is ignored."""

    # A longer search is ignored, as a value the filter does not know.
    q = filters.CharFilter(label=_("Search"), method="search", max_length=100)
    orientation = filters.ChoiceFilter(
        label=_("Orientation"),
        choices=Image.Orientation.choices,
        empty_label=_("Any"),
        method="in_orientation",
    )
    unused = filters.BooleanFilter(
        label=_("Not used yet"), widget=forms.CheckboxInput, method="only_unused"
    )

    class Meta:
        model = Image
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.auto_id = "image-chooser-%s"
        self.form.fields["q"].widget = forms.TextInput(
            {"type": "search", "placeholder": _("Alt text, credit or file name")}
        )

    def search(self, queryset, name, value):
        return queryset.search(value)

    def in_orientation(self, queryset, name, value):
        return queryset.in_orientation(value)

    def only_unused(self, queryset, name, value):
        return queryset.unused() if value else queryset


class ImageChooserView(TemplateView):
    """
    admin/editorial/image/choose/: the images, newest first, searched, filtered
    and paged (GET); an upload (POST). The script asks for one partial of the
    page (X-Partial): the whole chooser, its results, or the upload form.
    """

    model_admin = None
    template_name = "admin/editorial/image/chooser.html"
    paginate_by = 24

    def dispatch(self, request, *args, **kwargs):
        if not self.model_admin.has_view_permission(request):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @property
    def partial(self):
        part = self.request.headers.get("X-Partial")
        return part if part in PARTIALS else None

    def get_template_names(self):
        if self.partial:
            return [f"{self.template_name}#{self.partial}"]
        return [self.template_name]

    def may_upload(self):
        return self.model_admin.has_add_permission(self.request)

    def upload_form(self, data=None, files=None):
        form_class = self.model_admin.get_form(self.request, fields=UPLOAD_FIELDS)
        return form_class(data, files, auto_id="image-upload-%s")

    def get_context_data(self, upload_form=None, **kwargs):
        request = self.request
        filterset = ImageFilter(request.GET, queryset=Image.objects.with_use())
        page = Paginator(filterset.qs, self.paginate_by).get_page(request.GET.get("page"))
        if upload_form is None and self.may_upload():
            upload_form = self.upload_form()
        context = {} if self.partial else self.model_admin.admin_site.each_context(request)
        return super().get_context_data(
            **context,
            title=_("Choose an image"),
            opts=Image._meta,
            filterset=filterset,
            filtered=any(filterset.form.cleaned_data.values()),
            partial=self.partial,
            # Under the dialog's title, or under the page's.
            heading_level=3 if self.partial else 2,
            page_obj=page,
            page_range=page.paginator.get_elided_page_range(page.number, on_each_side=2),
            cards=[card(image) for image in page],
            upload_form=upload_form,
            **kwargs,
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        patch_vary_headers(response, ["X-Partial"])
        return response

    def post(self, request, *args, **kwargs):
        if not self.may_upload():
            raise PermissionDenied
        form = self.upload_form(request.POST, request.FILES)
        if not form.is_valid():
            status = 400 if self.partial else 200
            return self.render_to_response(self.get_context_data(upload_form=form), status=status)
        image = self.save(form)
        if self.partial:
            return JsonResponse(card(image), status=201)
        messages.success(
            request,
            _("The image “%(image)s” is uploaded; its number is %(number)d.")
            % {"image": image, "number": image.pk},
        )
        return redirect(request.path)

    def save(self, form):
        """Save the upload as the image admin saves an added image: with its history and log."""
        admin, request = self.model_admin, self.request
        with transaction.atomic(), admin.create_revision(request):
            image = form.save(commit=False)
            admin.save_model(request, image, form, change=False)
            admin.log_addition(
                request, image, admin.construct_change_message(request, form, None, add=True)
            )
        # Made on the commit by a backend that runs tasks at once; otherwise still to come.
        image.refresh_from_db(fields=["renditions", "rendered_from"])
        return image
