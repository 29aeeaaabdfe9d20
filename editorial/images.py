"""
Image uploads: checked by content, cleaned of metadata, and turned into
renditions by a task once saved (`make_image_renditions` in editorial/tasks.py).
Pages link the renditions, and the original only until they are made.
"""

import io
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image as PillowImage
from PIL import ImageCms, ImageOps

from .seo import absolute_url

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
# Pillow refuses anything over twice this outright, and warns above it; the
# warning is made an error below, so 40 megapixels is the hard limit.
PillowImage.MAX_IMAGE_PIXELS = MAX_PIXELS

# Pillow format: (file extension, MIME type, encoder options)
FORMATS = {
    "JPEG": ("jpg", "image/jpeg", {"quality": 85, "optimize": True, "progressive": True}),
    "PNG": ("png", "image/png", {"optimize": True}),
    "WEBP": ("webp", "image/webp", {"quality": 82, "method": 4}),
    "AVIF": ("avif", "image/avif", {"quality": 60, "speed": 8}),
}
# The stored original is written fast, in the request: it is the renditions' source and
# shown only until they are made. A baseline JPEG takes a seventh of the time of an
# optimised progressive one (0.08 s against 0.6 s for 24 megapixels).
ORIGINAL_OPTIONS = {
    **{fmt: options for fmt, (_extension, _mime, options) in FORMATS.items()},
    "JPEG": {"quality": 85},
    "PNG": {"compress_level": 1},
    "WEBP": {"quality": 82, "method": 0},
}
ACCEPTED = ["JPEG", "PNG", "WEBP", "AVIF"]
ACCEPTED_TYPES = [FORMATS[fmt][1] for fmt in ACCEPTED]

# Shapes the site shows images in: (aspect ratio or None for the original, widths).
SHAPES = {
    "original": (None, [480, 960, 1600]),
    "square": (1.0, [160, 320, 640]),
}
# Rendition formats, best first; the last is the fallback for every browser.
RENDITION_FORMATS = ["AVIF", "WEBP", "JPEG"]
# Browsers show untagged images as sRGB, so colours converted to it need no profile.
SRGB = ImageCms.createProfile("sRGB")


def open_checked(file):
    """
    Open an upload with Pillow, or say in plain words why it is not accepted.
    The form field, the model's validator and the cleaning all ask: the upload
    is decoded once, for the first.
    """
    upload = file.file if isinstance(file, FieldFile) else file
    if (checked := getattr(upload, "checked_image", None)) is not None:
        return checked
    if file.size > MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; images may be at most %(limit)s.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(MAX_BYTES)},
            code="too_big",
        )
    too_many_pixels = ValidationError(
        _("The image has more than 40 megapixels; make it smaller before uploading."),
        code="too_many_pixels",
    )
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PillowImage.DecompressionBombWarning)
            image = PillowImage.open(file, formats=ACCEPTED)
            # The header gives the size: refuse before decoding a single pixel.
            if image.width * image.height > MAX_PIXELS:
                raise too_many_pixels
            image.load()
    except (PillowImage.DecompressionBombError, PillowImage.DecompressionBombWarning):
        raise too_many_pixels from None
    except ValidationError:
        raise
    except Exception:
        raise ValidationError(
            _(
                "This is not a JPEG, PNG, WebP or AVIF image. Other formats, SVG included, "
                "are not accepted."
            ),
            code="not_an_image",
        ) from None
    finally:
        file.seek(0)
    upload.checked_image = image
    return image


def validate_upload(file):
    # Only new uploads: stored files were checked when they came in.
    if not getattr(file, "_committed", True):
        open_checked(file)


def clean_original(file):
    """
    Apply the camera's orientation and the colour profile, and drop all
    metadata by re-encoding; return the new width and height.
    """
    image = open_checked(file)
    fmt = image.format
    image = _pixels_only(ImageOps.exif_transpose(image))
    extension, _mime, _options = FORMATS[fmt]
    output = io.BytesIO()
    _encodable(image, fmt).save(output, fmt, **ORIGINAL_OPTIONS[fmt])
    stem = file.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    file.file = ContentFile(output.getvalue())
    file.name = f"{stem}.{extension}"
    return image.size


def _pixels_only(image):
    """
    `image` as nothing but pixels, in sRGB: no EXIF, GPS, XMP, IPTC, comment,
    text chunk or colour profile is left for an encoder to write back (Pillow's
    encoders copy some of them from the image they are given). May change `image`.
    """
    if image.mode in ("P", "PA") or "transparency" in image.info:
        # The palette and its transparency become colours and alpha, which need no info.
        image = image.convert("RGBA" if image.has_transparency_data else "RGB")
    if icc_profile := image.info.get("icc_profile"):
        image = _in_srgb(image, icc_profile)
    image.info = {}
    return image


def _in_srgb(image, icc_profile):
    """`image` with its colour profile applied, so that the profile itself can go."""
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        mode = "RGBA" if "A" in image.getbands() else "RGB"
        return ImageCms.profileToProfile(image, profile, SRGB, outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        # A broken profile, or one that does not fit the pixels: they stay as they are.
        return image


def _encodable(image, fmt):
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        background = PillowImage.new("RGB", image.size, "white")
        image = image.convert("RGBA")
        background.paste(image, mask=image.getchannel("A"))
        return background
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        return image.convert("RGBA" if "A" in image.getbands() else "RGB")
    return image


def _crop(image, ratio, focal_x, focal_y):
    """The largest part of `image` with this aspect ratio, centred on the focal point."""
    if ratio is None:
        return image
    return ImageOps.fit(image, _fit_size(image, ratio), centering=(focal_x / 100, focal_y / 100))


def _fit_size(image, ratio):
    width, height = image.size
    if width / height > ratio:
        return round(height * ratio), height
    return width, round(width / ratio)


def make_renditions(image):
    """
    Write every shape, width and format of `image` to storage and return where
    they are: {shape: {"width": w, "height": h, FORMAT: [[width, name], ...]}}.
    """
    with image.file.open("rb") as file:
        source = PillowImage.open(file, formats=ACCEPTED)
        source.load()
    # Originals stored before all metadata went still carry some: none reaches a rendition.
    source = _pixels_only(source)
    source = source.convert("RGBA" if "A" in source.getbands() else "RGB")
    result = {}
    for shape, (ratio, widths) in SHAPES.items():
        cropped = _crop(source, ratio, image.focal_x, image.focal_y)
        # Never wider than the source; the source's own width when it is smaller.
        usable = [width for width in widths if width <= cropped.width]
        if cropped.width < widths[-1] and cropped.width not in usable:
            usable.append(cropped.width)
        entry = {}
        for width in usable:
            height = round(cropped.height * width / cropped.width)
            resized = cropped.resize((width, height), PillowImage.Resampling.LANCZOS)
            for fmt in RENDITION_FORMATS:
                extension, _mime, options = FORMATS[fmt]
                output = io.BytesIO()
                _encodable(resized, fmt).save(output, fmt, **options)
                name = default_storage.save(
                    f"images/renditions/{image.pk}/{shape}-{width}.{extension}",
                    ContentFile(output.getvalue()),
                )
                entry.setdefault(fmt, []).append([width, name])
            entry["width"], entry["height"] = width, height
        result[shape] = entry
    return result


def delete_renditions(renditions, keep):
    kept = {
        name
        for entry in keep.values()
        for fmt in RENDITION_FORMATS
        for _width, name in entry.get(fmt, [])
    }
    for entry in renditions.values():
        for fmt in RENDITION_FORMATS:
            for _width, name in entry.get(fmt, []):
                if name not in kept:
                    default_storage.delete(name)


def image_url(image, shape="original", fmt="JPEG"):
    """
    The absolute address of the largest rendition, e.g. for sharing and structured
    data; of the original until the renditions are made.
    """
    entries = image.shown_renditions.get(shape, {}).get(fmt)
    return absolute_url(default_storage.url(entries[-1][1] if entries else image.file.name))


def smallest_or_original(image, shape):
    """
    What the admin shows of an image: the smallest JPEG rendition of a shape, or
    the original until the renditions are made; (width, height, url).
    """
    entry = image.shown_renditions.get(shape, {})
    if not entry.get("JPEG"):
        return image.width, image.height, default_storage.url(image.file.name)
    width, name = entry["JPEG"][0]
    return width, round(entry["height"] * width / entry["width"]), default_storage.url(name)
