"""
Image rules, each proved with real files made by Pillow: what is accepted (by
content), what is refused and with which message, metadata stripped and EXIF
orientation applied, alt text, and renditions made once, by a task after the
save, and used as is; the original shown until they exist.
"""

import io
import os
import struct
import time
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models.fields.files import ImageFieldFile
from django.template import Context, Template
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from PIL import ExifTags, ImageCms, PngImagePlugin
from PIL import Image as PillowImage

from editorial import images
from editorial.models import Image
from editorial.seo import absolute_url
from editorial.tasks import make_image_renditions
from tests.factories import committed, person
from tests.html import soup

pytestmark = pytest.mark.django_db

NOT_AN_IMAGE = "This is not a JPEG, PNG, WebP or AVIF image."
TOO_MANY_PIXELS = "The image has more than 40 megapixels"
TOO_BIG = "images may be at most 10.0\xa0MB"
ALT_REQUIRED = "Describe the image, or tick “decorative” if it adds nothing."

ORIENTATION = ExifTags.Base.Orientation  # 0x0112
GPS_IFD = ExifTags.IFD.GPSInfo  # 0x8825

RED = (255, 0, 0)
BLUE = (0, 0, 255)
GREEN = (0, 255, 0)

SVG = b"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" viewBox="0 0 100 100">
  <rect width="100" height="100" fill="red"/>
  <script>alert("svg can carry scripts")</script>
</svg>
"""


@pytest.fixture(autouse=True)
def temporary_media_root(settings, tmp_path):
    """Every test writes its uploads and renditions to a directory of its own."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


# Making files -----------------------------------------------------------------


def encode(image, fmt, **options):
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def image_bytes(fmt, size=(64, 48), mode="RGB", color="teal", **options):
    return encode(PillowImage.new(mode, size, color), fmt, **options)


def two_colours(size, first, second, split="vertical"):
    """An image whose first half (left, or top) is `first` and second half is `second`."""
    width, height = size
    image = PillowImage.new("RGB", size, second)
    box = (0, 0, width // 2, height) if split == "vertical" else (0, 0, width, height // 2)
    image.paste(first, box)
    return image


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def new_image(content, name="photo.jpg", **fields):
    """An unsaved Image holding a fresh upload, as the admin form would build it."""
    return Image(file=upload(name, content), **{"alt_text": "A test image", **fields})


def saved_image(content, name="photo.jpg", **fields):
    """A stored Image, and its renditions made as after a commit."""
    image = new_image(content, name, **fields)
    image.full_clean()
    with committed():
        image.save()
    image.refresh_from_db()
    return image


def open_stored(name):
    with default_storage.open(name, "rb") as file:
        image = PillowImage.open(io.BytesIO(file.read()))
        image.load()
    return image


def rendition_names(image):
    return {
        name
        for entry in image.renditions.values()
        for fmt in images.RENDITION_FORMATS
        for _width, name in entry[fmt]
    }


def media_files(root):
    """Every file in storage, renditions included."""
    for directory, _dirs, files in os.walk(root):
        for file in files:
            yield os.path.join(directory, file)


def assert_close(pixel, colour, tolerance=40):
    """Equal but for what lossy compression changes."""
    assert all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=True)), pixel


# Posting through the admin ----------------------------------------------------


def post_image(client, file, **fields):
    data = {
        "file": file,
        "alt_text": "A test image",
        "focal_x": "50",
        "focal_y": "50",
        "credit": "",
        **fields,
    }
    if data.pop("decorative", False):
        data["decorative"] = "on"
    with committed():
        return client.post(reverse("admin:editorial_image_add"), data)


def form_errors(response, field):
    assert response.status_code == 200, "the admin should show the form again, with errors"
    return response.context["adminform"].form.errors.get(field, [])


def assert_refused_with(response, message, field="file"):
    errors = form_errors(response, field)
    assert any(message in error for error in errors), errors
    assert message in response.text
    assert not Image.objects.exists()


def field_file(name, content):
    """An upload as the model field's validator receives it: not yet in storage."""
    file = ImageFieldFile(Image(), Image._meta.get_field("file"), name)
    file.file = upload(name, content)
    file._committed = False
    return file


def assert_model_refuses(content, name, message):
    """Refused by `Image.full_clean()`, which runs the file field's validator."""
    with pytest.raises(ValidationError) as refusal:
        new_image(content, name).full_clean()
    errors = refusal.value.message_dict["file"]
    assert any(message in error for error in errors), errors


# 1. Accepted formats ----------------------------------------------------------

ACCEPTED_UPLOADS = [
    ("photo.jpg", "JPEG", "image/jpeg"),
    ("photo.png", "PNG", "image/png"),
    ("photo.webp", "WEBP", "image/webp"),
    ("photo.avif", "AVIF", "image/avif"),
]


@pytest.mark.parametrize(("name", "fmt", "content_type"), ACCEPTED_UPLOADS)
def test_jpeg_png_webp_and_avif_uploads_are_accepted_in_the_admin(
    admin_client, name, fmt, content_type
):
    response = post_image(
        admin_client, upload(name, image_bytes(fmt, size=(800, 600)), content_type)
    )

    assert response.status_code == 302, (
        response.context and response.context["adminform"].form.errors
    )
    image = Image.objects.get()
    assert (image.width, image.height) == (800, 600)
    stored = open_stored(image.file.name)
    assert stored.format == fmt
    assert image.renditions["original"]["JPEG"]


def test_a_png_with_transparency_is_accepted_and_its_jpeg_renditions_are_flattened(
    admin_client,
):
    content = image_bytes("PNG", size=(600, 400), mode="RGBA", color=(0, 0, 255, 0))

    response = post_image(admin_client, upload("logo.png", content, "image/png"))

    assert response.status_code == 302
    image = Image.objects.get()
    _width, name = image.renditions["square"]["JPEG"][0]
    jpeg = open_stored(name)
    assert jpeg.mode == "RGB"
    assert all(channel > 240 for channel in jpeg.getpixel((5, 5))), "transparent becomes white"


# 2. SVG -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content_type"), [("drawing.svg", "image/svg+xml"), ("drawing.png", "image/png")]
)
def test_svg_is_refused_in_the_admin(admin_client, name, content_type):
    response = post_image(admin_client, upload(name, SVG, content_type))

    assert form_errors(response, "file")
    assert not Image.objects.exists()
    assert not list(media_files(default_storage.location))


@pytest.mark.parametrize(
    ("name", "content_type"), [("drawing.svg", "image/svg+xml"), ("drawing.png", "image/png")]
)
def test_the_admin_says_svg_is_not_accepted(admin_client, name, content_type):
    response = post_image(admin_client, upload(name, SVG, content_type))

    assert_refused_with(response, NOT_AN_IMAGE)
    assert "SVG included, are not accepted" in response.text


@pytest.mark.parametrize("name", ["drawing.svg", "drawing.png"])
def test_svg_is_refused_by_the_model_validator(name):
    assert_model_refuses(SVG, name, NOT_AN_IMAGE)
    assert_model_refuses(SVG, name, "SVG included, are not accepted")
    with pytest.raises(ValidationError, match="SVG included"):
        images.validate_upload(field_file(name, SVG))


def test_the_validator_leaves_stored_files_alone():
    """Files already in storage were checked when they came in; they are not reread."""
    stored = ImageFieldFile(Image(), Image._meta.get_field("file"), "images/old.jpg")

    with mock.patch.object(images, "open_checked", side_effect=AssertionError("reread")):
        images.validate_upload(stored)

    assert stored._committed


# 3. Renamed non-images ----------------------------------------------------------

NON_IMAGES = [
    ("photo.jpg", b"Just some text, not a photo at all.\n" * 20),
    ("photo.jpg", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"),
    ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100),  # a PNG signature and nothing real
]


@pytest.mark.parametrize(("name", "content"), NON_IMAGES)
def test_a_renamed_non_image_is_refused_in_the_admin(admin_client, name, content):
    response = post_image(admin_client, upload(name, content, "image/jpeg"))

    errors = form_errors(response, "file")
    assert errors, "a file that is not an image must be refused"
    assert not Image.objects.exists()


@pytest.mark.parametrize(("name", "content"), NON_IMAGES)
def test_a_renamed_non_image_is_refused_by_the_model_validator(name, content):
    assert_model_refuses(content, name, NOT_AN_IMAGE)


# 4. Other formats Pillow reads ----------------------------------------------------

OTHER_FORMATS = [("GIF", "anim.gif"), ("BMP", "scan.bmp"), ("TIFF", "scan.tif")]


@pytest.mark.parametrize(("fmt", "name"), OTHER_FORMATS)
def test_other_pillow_formats_are_refused_in_the_admin(admin_client, fmt, name):
    response = post_image(admin_client, upload(name, image_bytes(fmt), "image/" + fmt.lower()))

    assert_refused_with(response, NOT_AN_IMAGE)


@pytest.mark.parametrize(("fmt", "name"), OTHER_FORMATS)
def test_other_pillow_formats_are_refused_even_when_renamed_to_jpg(admin_client, fmt, name):
    """The format is checked by content, not by the name of the file."""
    response = post_image(admin_client, upload("photo.jpg", image_bytes(fmt), "image/jpeg"))

    assert_refused_with(response, NOT_AN_IMAGE)
    assert_model_refuses(image_bytes(fmt), "photo.jpg", NOT_AN_IMAGE)


# 5. Size limit --------------------------------------------------------------------


@pytest.fixture(scope="module")
def twelve_megabyte_png():
    """A valid PNG of random noise, stored uncompressed: a little over 12 MB."""
    noise = PillowImage.frombytes("RGB", (2048, 2048), os.urandom(2048 * 2048 * 3))
    content = encode(noise, "PNG", compress_level=0)
    assert len(content) > 12 * 1024 * 1024
    return content


def test_a_file_over_10_mb_is_refused_in_the_admin(admin_client, twelve_megabyte_png):
    response = post_image(admin_client, upload("noise.png", twelve_megabyte_png, "image/png"))

    assert_refused_with(response, TOO_BIG)
    assert "The file is 12.0\xa0MB" in response.text


def test_a_file_over_10_mb_is_refused_by_the_model_validator(twelve_megabyte_png):
    assert_model_refuses(twelve_megabyte_png, "noise.png", TOO_BIG)


def test_the_size_is_checked_before_pillow_reads_the_file(twelve_megabyte_png):
    with (
        mock.patch.object(PillowImage, "open", side_effect=AssertionError("opened")),
        pytest.raises(ValidationError) as refusal,
    ):
        images.validate_upload(field_file("noise.png", twelve_megabyte_png))

    assert refusal.value.code == "too_big"
    assert TOO_BIG in refusal.value.message


# 6. Decompression bombs -------------------------------------------------------------


@pytest.fixture(scope="module")
def bombs():
    """Tiny files that would take far more memory once decoded."""
    bombs = {
        "100 megapixels": image_bytes("PNG", size=(10_000, 10_000), mode="1", color=0),
        "just over 40 megapixels": image_bytes("PNG", size=(8000, 5001), mode="1", color=0),
    }
    # Compressed they are small; decoded they are many megapixels.
    assert all(len(content) < 100_000 for content in bombs.values())
    return bombs


BOMBS = ["100 megapixels", "just over 40 megapixels"]


@pytest.mark.parametrize("bomb", BOMBS)
def test_a_decompression_bomb_is_refused_quickly_by_the_validator(bombs, bomb):
    started = time.perf_counter()

    with pytest.raises(ValidationError, match=TOO_MANY_PIXELS) as refusal:
        images.validate_upload(field_file("bomb.png", bombs[bomb]))

    assert refusal.value.code == "too_many_pixels"
    assert time.perf_counter() - started < 2


@pytest.mark.parametrize("bomb", BOMBS)
def test_a_decompression_bomb_is_refused_without_decoding_its_pixels(bombs, bomb):
    """Refused on the size in the header: Pillow never allocates the pixels."""
    with (
        mock.patch.object(PillowImage.Image, "load", side_effect=AssertionError("decoded")),
        pytest.raises(ValidationError, match=TOO_MANY_PIXELS),
    ):
        images.open_checked(upload("bomb.png", bombs[bomb]))


@pytest.mark.parametrize("bomb", BOMBS)
def test_a_decompression_bomb_is_refused_quickly_in_the_admin(admin_client, bombs, bomb):
    started = time.perf_counter()
    response = post_image(admin_client, upload("bomb.png", bombs[bomb], "image/png"))

    assert time.perf_counter() - started < 5
    assert form_errors(response, "file")
    assert not Image.objects.exists()
    assert not list(media_files(default_storage.location))


# Between 40 and 80 megapixels Pillow only warns (DecompressionBombWarning), and
# outside `images.open_checked` that stays a warning in production; the test
# settings make every warning an error, which would let Django's own form field
# and dimension reading refuse the file before the project's check is reached.
# These tests run as production does. Over 80 megapixels Pillow raises an error
# whatever the warning filters.
AS_IN_PRODUCTION = pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")


@AS_IN_PRODUCTION
@pytest.mark.parametrize("bomb", BOMBS)
def test_the_admin_names_the_megapixel_limit_when_refusing_a_bomb(admin_client, bombs, bomb):
    response = post_image(admin_client, upload("bomb.png", bombs[bomb], "image/png"))

    assert_refused_with(response, TOO_MANY_PIXELS)


@AS_IN_PRODUCTION
@pytest.mark.parametrize("bomb", BOMBS)
def test_the_model_refuses_a_bomb_with_the_megapixel_message(bombs, bomb):
    assert_model_refuses(bombs[bomb], "bomb.png", TOO_MANY_PIXELS)


def test_an_image_of_exactly_40_megapixels_is_within_the_limit():
    largest = image_bytes("PNG", size=(8000, 5000), mode="1", color=0)

    image = images.open_checked(upload("large.png", largest))

    assert image.size == (8000, 5000)


# 7. EXIF orientation applied, metadata dropped ------------------------------------------


def exif_rotated_with_gps():
    exif = PillowImage.Exif()
    exif[ORIENTATION] = 6  # the camera was turned: rotate 90° clockwise to show
    exif[GPS_IFD] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (52.0, 9.0, 58.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (4.0, 28.0, 40.0),
    }
    exif[ExifTags.Base.Make] = "TestCam"
    return exif


def photo_with_exif(fmt):
    """400 x 200 as stored; its left quarter is red, the rest green."""
    pixels = PillowImage.new("RGB", (400, 200), GREEN)
    pixels.paste(RED, (0, 0, 100, 200))
    content = encode(pixels, fmt, exif=exif_rotated_with_gps().tobytes())
    source = PillowImage.open(io.BytesIO(content))
    assert source.getexif()[ORIENTATION] == 6, "the test file must carry the orientation"
    assert source.getexif().get_ifd(GPS_IFD), "the test file must carry a GPS position"
    return content


EXIF_FORMATS = [
    ("JPEG", "phone.jpg"),
    ("PNG", "phone.png"),
    ("WEBP", "phone.webp"),
    ("AVIF", "phone.avif"),
]


@pytest.mark.parametrize(("fmt", "name"), EXIF_FORMATS)
def test_exif_orientation_is_applied_to_the_stored_original(admin_client, fmt, name):
    response = post_image(admin_client, upload(name, photo_with_exif(fmt)))

    assert response.status_code == 302
    image = Image.objects.get()
    stored = open_stored(image.file.name)
    assert stored.size == (200, 400), "width and height swap when the rotation is applied"
    assert (image.width, image.height) == (200, 400)
    # The red left edge of the sensor is the top of the picture once turned clockwise.
    assert_close(stored.convert("RGB").getpixel((100, 20)), RED)
    assert_close(stored.convert("RGB").getpixel((100, 380)), GREEN)


@pytest.mark.parametrize(("fmt", "name"), EXIF_FORMATS)
def test_exif_and_gps_are_dropped_from_the_stored_original(admin_client, fmt, name):
    response = post_image(admin_client, upload(name, photo_with_exif(fmt)))

    assert response.status_code == 302
    stored = open_stored(Image.objects.get().file.name)
    exif = stored.getexif()
    assert ORIENTATION not in exif
    assert GPS_IFD not in exif
    assert not exif.get_ifd(GPS_IFD)
    assert ExifTags.Base.Make not in exif
    assert "exif" not in stored.info


def test_exif_and_gps_are_not_in_the_renditions(admin_client):
    post_image(admin_client, upload("phone.jpg", photo_with_exif("JPEG")))

    for name in rendition_names(Image.objects.get()):
        rendition = open_stored(name)
        assert not rendition.getexif(), name
        assert "exif" not in rendition.info, name


# 7b. No other metadata either: comments, XMP, IPTC, text chunks, colour profiles ---------

# Each piece of metadata carries a text that must not be found anywhere in a stored file.
SECRETS = {
    "comment": b"COMMENT-Ana's phone, Leiden",
    "xmp": b"XMP-Ana Souza, photographer",
    "extended xmp": b"XMP-EXTENSION-home address",
    "iptc": b"IPTC-Ana Souza, by-line",
    "png text": b"PNG-TEXT-Author Ana",
    "png compressed text": b"PNG-ZTXT-Comment Ana",
    "png international text": b"PNG-ITXT-Description Ana",
    "exif": b"TestCam",
}


def xmp_packet(secret):
    return (
        b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF'
        b' xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>'
        + secret
        + b'</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    )


def jpeg_segment(marker, payload):
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def iptc_segment(secret):
    """APP13 as Photoshop writes it: an IPTC-IIM record 2 (By-line) in an 8BIM resource."""
    iptc = b"\x1c\x02\x50" + struct.pack(">H", len(secret)) + secret
    iptc += b"\x00" * (len(iptc) % 2)
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(iptc)) + iptc
    return jpeg_segment(0xED, b"Photoshop 3.0\x00" + resource)


def extended_xmp_segment(secret):
    """APP1 holding the part of an XMP packet that did not fit in the first one."""
    data = xmp_packet(secret)
    guid = b"0123456789ABCDEF0123456789ABCDEF"
    header = b"http://ns.adobe.com/xmp/extension/\x00" + guid + struct.pack(">II", len(data), 0)
    return jpeg_segment(0xE1, header + data)


def srgb_profile():
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def red_green_swapped_profile():
    """An RGB profile whose red primary is sRGB's green, and back: red pixels show green."""
    profile = bytearray(srgb_profile())
    (count,) = struct.unpack(">I", profile[128:132])
    entries = {bytes(profile[132 + 12 * i : 136 + 12 * i]): 136 + 12 * i for i in range(count)}
    red, green = entries[b"rXYZ"], entries[b"gXYZ"]
    profile[red : red + 8], profile[green : green + 8] = (
        profile[green : green + 8],
        profile[red : red + 8],
    )
    return bytes(profile)


def photo_with_everything(fmt, icc_profile=None, colour=RED):
    """A photo carrying every kind of metadata its format can hold."""
    pixels = PillowImage.new("RGB", (400, 200), colour)
    options = {
        "exif": exif_rotated_with_gps().tobytes(),
        "icc_profile": icc_profile or srgb_profile(),
        "xmp": xmp_packet(SECRETS["xmp"]),
    }
    if fmt == "JPEG":
        content = encode(pixels, fmt, comment=SECRETS["comment"], **options)
        # After SOI: Photoshop's IPTC and the rest of a long XMP packet, which Pillow never writes.
        extra = iptc_segment(SECRETS["iptc"]) + extended_xmp_segment(SECRETS["extended xmp"])
        content = content[:2] + extra + content[2:]
        assert {0xFE, 0xED, 0xE1, 0xE2} <= {marker for marker, _ in jpeg_segments(content)}
    elif fmt == "PNG":
        text = PngImagePlugin.PngInfo()
        text.add_text("Author", SECRETS["png text"])
        text.add_text("Comment", SECRETS["png compressed text"], zip=True)
        text.add_itxt("Description", SECRETS["png international text"], "en", "Description")
        text.add_itxt("XML:com.adobe.xmp", options.pop("xmp").decode())
        text.add(b"tIME", struct.pack(">HBBBBB", 2024, 5, 1, 12, 0, 0))
        content = encode(pixels, fmt, pnginfo=text, **options)
        kinds = {kind for kind, _ in png_chunks(content)}
        assert {b"tEXt", b"zTXt", b"iTXt", b"tIME", b"eXIf", b"iCCP"} <= kinds
    elif fmt == "WEBP":
        content = encode(pixels, fmt, **options)
        assert {b"ICCP", b"EXIF", b"XMP "} <= {kind for kind, _ in webp_chunks(content)}
    else:
        content = encode(pixels, fmt, **options)
        items, colours = avif_items_and_colours(content)
        assert {b"Exif", b"mime"} <= set(items), items
        assert {b"prof", b"rICC"} & set(colours), colours
    return content


# Reading files as bytes, not through Pillow: what is there, not what Pillow shows.


def jpeg_segments(data):
    """(marker, payload) for every segment of a JPEG file, scans and all, up to EOI."""
    assert data[:2] == b"\xff\xd8", "a JPEG starts with SOI"
    segments, position = [], 2
    while True:
        assert data[position] == 0xFF, f"a marker at {position}"
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker == 0xD9:
            assert data[position + 2 :] == b"", "nothing after EOI"
            return segments
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        segments.append((marker, data[position + 4 : position + 2 + length]))
        position += 2 + length
        if marker == 0xDA:  # entropy-coded data runs to the next marker
            while True:
                position = data.index(b"\xff", position)
                following = data[position + 1]
                if following != 0x00 and not 0xD0 <= following <= 0xD7:
                    break
                position += 2


def png_chunks(data):
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, position = [], 8
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        chunks.append((kind, data[position + 8 : position + 8 + length]))
        position += 12 + length
    assert chunks[-1][0] == b"IEND"
    return chunks


def webp_chunks(data):
    assert data[:4] == b"RIFF"
    assert data[8:12] == b"WEBP"
    chunks, position = [], 12
    while position < len(data):
        kind, length = struct.unpack("<4sI", data[position : position + 8])
        chunks.append((kind, data[position + 8 : position + 8 + length]))
        position += 8 + length + length % 2
    return chunks


def isobmff_boxes(data):
    position = 0
    while position < len(data):
        size, kind = struct.unpack(">I4s", data[position : position + 8])
        header = 8
        if size == 1:
            (size,) = struct.unpack(">Q", data[position + 8 : position + 16])
            header = 16
        elif size == 0:
            size = len(data) - position
        yield kind, data[position + header : position + size]
        position += size


def avif_items_and_colours(data):
    """The item types (images, Exif, XMP as "mime") and colour boxes of an AVIF file."""
    items, colours = [], []

    def walk(boxes):
        for kind, body in boxes:
            if kind == b"meta":
                walk(isobmff_boxes(body[4:]))
            elif kind in (b"iprp", b"ipco"):
                walk(isobmff_boxes(body))
            elif kind == b"iinf":
                walk(isobmff_boxes(body[6 if body[0] == 0 else 8 :]))
            elif kind == b"infe":
                start = 4 + (2 if body[0] == 2 else 4) + 2
                items.append(body[start : start + 4])
            elif kind == b"colr":
                colours.append(body[:4])

    walk(isobmff_boxes(data))
    return items, colours


# What may be in a stored file: pixels and how to decode them, nothing about the picture.
JPEG_MARKERS = {0xC0, 0xC1, 0xC2, 0xC4, 0xDA, 0xDB, 0xDD}  # frames, tables, scans, restarts
PNG_CHUNKS = {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}
WEBP_CHUNKS = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH"}
VP8X_METADATA_FLAGS = 0x20 | 0x08 | 0x04  # ICC profile, EXIF, XMP


def assert_no_metadata(data, name):
    for kind, secret in SECRETS.items():
        assert secret not in data, f"{kind} found in {name}"
    if data[:2] == b"\xff\xd8":
        for marker, payload in jpeg_segments(data):
            if marker == 0xE0:
                assert payload.startswith(b"JFIF\x00"), f"APP0 other than JFIF in {name}"
                continue
            assert marker in JPEG_MARKERS, f"segment {marker:#x} {payload[:20]!r} in {name}"
    elif data[:4] == b"\x89PNG":
        kinds = {kind for kind, _ in png_chunks(data)}
        assert kinds <= PNG_CHUNKS, f"{kinds - PNG_CHUNKS} in {name}"
    elif data[:4] == b"RIFF":
        chunks = dict(webp_chunks(data))
        assert set(chunks) <= WEBP_CHUNKS, f"{set(chunks) - WEBP_CHUNKS} in {name}"
        if b"VP8X" in chunks:
            assert not chunks[b"VP8X"][0] & VP8X_METADATA_FLAGS, name
    else:
        items, colours = avif_items_and_colours(data)
        assert items, f"no image item in {name}"
        assert set(items) == {b"av01"}, f"items {items} in {name}"
        assert set(colours) <= {b"nclx"}, f"colour boxes {colours} in {name}"


def stored_files(image):
    """The stored original and every rendition, as bytes."""
    for name in [image.file.name, *sorted(rendition_names(image))]:
        with default_storage.open(name, "rb") as file:
            yield name, file.read()


FORMAT_EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "AVIF": "avif"}


@pytest.mark.parametrize(("fmt", "name"), EXIF_FORMATS)
def test_no_metadata_is_left_in_the_original_or_any_rendition(admin_client, fmt, name):
    response = post_image(admin_client, upload(name, photo_with_everything(fmt)))

    assert response.status_code == 302
    image = Image.objects.get()
    files = dict(stored_files(image))
    assert {name.rsplit(".", 1)[1] for name in files} == {
        FORMAT_EXTENSIONS[fmt],
        "avif",
        "webp",
        "jpg",
    }
    for stored_name, data in files.items():
        assert_no_metadata(data, stored_name)
    stored = open_stored(image.file.name)
    assert stored.format == fmt
    assert stored.size == (200, 400), "the orientation is still applied"
    assert_close(stored.convert("RGB").getpixel((100, 200)), RED)


@pytest.mark.parametrize(("fmt", "name"), EXIF_FORMATS)
def test_the_colour_profile_is_applied_before_it_is_dropped(fmt, name):
    content = photo_with_everything(fmt, icc_profile=red_green_swapped_profile())

    image = saved_image(content, name)

    for stored_name, data in stored_files(image):
        assert_no_metadata(data, stored_name)
        # Red under this profile is what sRGB calls green.
        assert_close(open_stored(stored_name).convert("RGB").getpixel((10, 10)), GREEN, 60)


@pytest.mark.parametrize(("fmt", "name"), [("JPEG", "broken.jpg"), ("PNG", "broken.png")])
def test_a_broken_colour_profile_is_dropped_and_the_image_kept(fmt, name):
    content = encode(PillowImage.new("RGB", (300, 200), BLUE), fmt, icc_profile=b"not a profile")

    image = saved_image(content, name)

    for stored_name, data in stored_files(image):
        assert_no_metadata(data, stored_name)
        assert_close(open_stored(stored_name).convert("RGB").getpixel((10, 10)), BLUE)


def test_renditions_of_an_original_stored_with_metadata_have_none(temporary_media_root):
    """Originals stored before metadata went are cleaned when their renditions are remade."""
    image = saved_image(image_bytes("PNG", size=(300, 200)), "old.png")
    with default_storage.open(image.file.name, "wb") as file:
        file.write(photo_with_everything("JPEG"))

    image.renditions = images.make_renditions(image)

    for name in rendition_names(image):
        with default_storage.open(name, "rb") as file:
            assert_no_metadata(file.read(), name)


# 8. Alt text --------------------------------------------------------------------------


@pytest.mark.parametrize("alt_text", ["", "   "])
def test_alt_text_is_required_unless_decorative(alt_text):
    image = new_image(image_bytes("JPEG"), alt_text=alt_text, decorative=False)

    with pytest.raises(ValidationError) as refusal:
        image.full_clean()

    assert refusal.value.message_dict["alt_text"] == [ALT_REQUIRED]


def test_a_decorative_image_needs_no_alt_text():
    image = new_image(image_bytes("JPEG"), alt_text="", decorative=True)

    image.full_clean()  # raises if the rule were wrong

    assert image.alt == ""


def test_the_database_refuses_an_image_without_alt_text_that_is_not_decorative():
    with pytest.raises(IntegrityError), transaction.atomic():
        Image.objects.bulk_create(
            [Image(file="images/x.jpg", width=1, height=1, alt_text="", decorative=False)]
        )


def test_the_database_accepts_a_decorative_image_without_alt_text():
    Image.objects.bulk_create(
        [Image(file="images/x.jpg", width=1, height=1, alt_text="", decorative=True)]
    )

    assert Image.objects.get().decorative


def test_the_admin_shows_the_alt_text_error(admin_client):
    response = post_image(
        admin_client, upload("photo.jpg", image_bytes("JPEG"), "image/jpeg"), alt_text=""
    )

    assert form_errors(response, "alt_text") == [ALT_REQUIRED]
    assert ALT_REQUIRED in response.text
    assert not Image.objects.exists()
    assert not list(media_files(default_storage.location)), "nothing is stored for a refusal"


def test_a_decorative_image_is_saved_from_the_admin_and_shown_with_empty_alt(admin_client):
    response = post_image(
        admin_client,
        upload("border.jpg", image_bytes("JPEG", size=(400, 300)), "image/jpeg"),
        alt_text="",
        decorative=True,
    )

    assert response.status_code == 302
    html = render_picture(Image.objects.get())
    assert 'alt=""' in html


def test_a_decorative_image_with_alt_text_still_renders_empty_alt():
    image = saved_image(image_bytes("JPEG", size=(400, 300)), alt_text="Ignored", decorative=True)

    assert 'alt=""' in render_picture(image)


# 9. Renditions: made once, after the save, used in pages ------------------------------------


def render_picture(image, shape="square", sizes="10rem"):
    template = Template("{% load images %}{% picture image shape sizes=sizes %}")
    return template.render(Context({"image": image, "shape": shape, "sizes": sizes}))


EXPECTED_WIDTHS = {"original": [480, 960, 1600], "square": [160, 320, 640]}


def test_renditions_are_made_on_save_for_every_shape_width_and_format():
    image = saved_image(encode(two_colours((2000, 1200), RED, BLUE), "JPEG"))

    assert set(image.renditions) == set(images.SHAPES)
    for shape, widths in EXPECTED_WIDTHS.items():
        entry = image.renditions[shape]
        for fmt in ("AVIF", "WEBP", "JPEG"):
            assert [width for width, _name in entry[fmt]] == widths
            for width, name in entry[fmt]:
                assert default_storage.exists(name), name
                rendition = open_stored(name)
                assert rendition.format == fmt
                assert rendition.width == width <= 2000
                if shape == "square":
                    assert rendition.height == width
                else:
                    assert rendition.height == round(width * 1200 / 2000)
    assert (image.renditions["original"]["width"], image.renditions["original"]["height"]) == (
        1600,
        960,
    )
    assert (image.renditions["square"]["width"], image.renditions["square"]["height"]) == (
        640,
        640,
    )
    # What is saved in the database is what the instance holds.
    assert Image.objects.get(pk=image.pk).renditions == image.renditions


def test_saving_again_without_changes_does_not_remake_renditions():
    image = saved_image(image_bytes("JPEG", size=(2000, 1200)))
    before = image.renditions
    mtimes = {name: default_storage.get_modified_time(name) for name in rendition_names(image)}

    with (
        mock.patch.object(
            images, "make_renditions", wraps=images.make_renditions
        ) as make_renditions,
        committed(),
    ):
        image.save()
        image.alt_text = "A new description"
        image.credit = "Photo: LUMC"
        image.save()
        reloaded = Image.objects.get(pk=image.pk)
        reloaded.save()

    make_renditions.assert_not_called()
    assert reloaded.renditions == before
    assert {name: default_storage.get_modified_time(name) for name in mtimes} == mtimes


def test_editing_text_in_the_admin_does_not_remake_renditions(admin_client):
    post_image(admin_client, upload("photo.jpg", image_bytes("JPEG", size=(1000, 800))))
    image = Image.objects.get()
    before = image.renditions

    with (
        mock.patch.object(images, "make_renditions", wraps=images.make_renditions) as made,
        committed(),
    ):
        response = admin_client.post(
            reverse("admin:editorial_image_change", args=[image.pk]),
            {"alt_text": "Better words", "focal_x": "50", "focal_y": "50", "credit": "LUMC"},
        )

    assert response.status_code == 302
    made.assert_not_called()
    image.refresh_from_db()
    assert image.alt_text == "Better words"
    assert image.renditions == before


@pytest.mark.parametrize("focal", [{"focal_x": 10}, {"focal_y": 90}])
def test_changing_the_focal_point_remakes_renditions_and_deletes_the_old_ones(focal):
    image = saved_image(image_bytes("JPEG", size=(2000, 1200)))
    old_names = rendition_names(image)

    reloaded = Image.objects.get(pk=image.pk)
    for field, value in focal.items():
        setattr(reloaded, field, value)
    with (
        mock.patch.object(images, "make_renditions", wraps=images.make_renditions) as made,
        committed(),
    ):
        reloaded.save()

    made.assert_called_once()
    assert made.call_args.args[0].pk == image.pk
    reloaded.refresh_from_db()
    new_names = rendition_names(reloaded)
    assert len(new_names) == len(old_names)
    assert old_names.isdisjoint(new_names)
    assert all(default_storage.exists(name) for name in new_names)
    assert not any(default_storage.exists(name) for name in old_names)
    renditions_folder = os.path.join(default_storage.location, "images", "renditions")
    assert len(list(media_files(renditions_folder))) == len(new_names), "no files left behind"
    assert Image.objects.get(pk=image.pk).renditions == reloaded.renditions


def test_changing_the_focal_point_in_the_admin_remakes_renditions(admin_client):
    post_image(
        admin_client, upload("photo.jpg", encode(two_colours((2000, 1000), RED, BLUE), "JPEG"))
    )
    image = Image.objects.get()
    old_names = rendition_names(image)

    with committed():
        response = admin_client.post(
            reverse("admin:editorial_image_change", args=[image.pk]),
            {"alt_text": "A test image", "focal_x": "100", "focal_y": "50", "credit": ""},
        )

    assert response.status_code == 302
    image.refresh_from_db()
    assert not any(default_storage.exists(name) for name in old_names - rendition_names(image))
    assert_close(square_pixel(image), BLUE)


def test_rendering_a_picture_uses_the_stored_renditions_only():
    image = saved_image(image_bytes("JPEG", size=(2000, 1200)), alt_text="Students & staff")
    page_image = Image.objects.get(pk=image.pk)

    with mock.patch.object(
        images, "make_renditions", side_effect=AssertionError("renditions made while rendering")
    ):
        html = render_picture(page_image, "square", "10rem")

    assert html.startswith("<picture>")
    assert html.endswith("</picture>")
    assert html.count("<source ") == 2
    assert '<source type="image/avif"' in html
    assert '<source type="image/webp"' in html
    assert html.index("image/avif") < html.index("image/webp") < html.index("<img ")
    square = page_image.renditions["square"]
    for fmt in ("AVIF", "WEBP", "JPEG"):
        srcset = ", ".join(f"{default_storage.url(name)} {width}w" for width, name in square[fmt])
        assert f'srcset="{srcset}"' in html
    assert html.count('sizes="10rem"') == 3
    img = html[html.index("<img ") :]
    assert 'width="640"' in img
    assert 'height="640"' in img
    assert 'alt="Students &amp; staff"' in img
    assert 'loading="lazy"' in img
    assert "src=" in img


def test_the_original_shape_is_rendered_with_its_own_size():
    image = saved_image(image_bytes("JPEG", size=(2000, 1200)))

    html = render_picture(image, "original", "100vw")

    assert 'width="1600" height="960"' in html


# 10. Focal point and the square crop ----------------------------------------------------


def square_pixel(image, x=0.5, y=0.5):
    """A pixel of the largest square JPEG rendition, at a fraction across and down."""
    _width, name = image.renditions["square"]["JPEG"][-1]
    square = open_stored(name).convert("RGB")
    return square.getpixel((int(x * (square.width - 1)), int(y * (square.height - 1))))


@pytest.mark.parametrize(("focal_x", "colour"), [(0, RED), (100, BLUE)])
def test_the_square_crop_follows_the_focal_point_across(focal_x, colour):
    left_red_right_blue = encode(two_colours((2000, 1000), RED, BLUE), "JPEG")

    image = saved_image(left_red_right_blue, focal_x=focal_x)

    for x in (0.05, 0.5, 0.95):
        assert_close(square_pixel(image, x=x), colour)


def test_the_square_crop_is_centred_by_default():
    image = saved_image(encode(two_colours((2000, 1000), RED, BLUE), "JPEG"))

    assert_close(square_pixel(image, x=0.25), RED)
    assert_close(square_pixel(image, x=0.75), BLUE)


@pytest.mark.parametrize(("focal_y", "colour"), [(0, RED), (100, BLUE)])
def test_the_square_crop_follows_the_focal_point_down(focal_y, colour):
    top_red_bottom_blue = encode(two_colours((1000, 2000), RED, BLUE, "horizontal"), "JPEG")

    image = saved_image(top_red_bottom_blue, focal_y=focal_y)

    assert_close(square_pixel(image, y=0.5), colour)


def test_the_original_shape_is_not_cropped_by_the_focal_point():
    image = saved_image(encode(two_colours((2000, 1000), RED, BLUE), "JPEG"), focal_x=0)

    _width, name = image.renditions["original"]["JPEG"][-1]
    original = open_stored(name).convert("RGB")
    assert original.size == (1600, 800)
    assert_close(original.getpixel((10, 400)), RED)
    assert_close(original.getpixel((1590, 400)), BLUE)


@pytest.mark.parametrize("focal", [{"focal_x": 101}, {"focal_y": 150}])
def test_a_focal_point_beyond_the_edges_is_refused(focal):
    image = new_image(image_bytes("JPEG"), **focal)

    with pytest.raises(ValidationError) as refusal:
        image.full_clean()

    assert set(refusal.value.message_dict) == set(focal)


# 11. No upscaling -----------------------------------------------------------------------


def test_small_images_are_not_upscaled():
    image = saved_image(image_bytes("JPEG", size=(300, 200)))

    original, square = image.renditions["original"], image.renditions["square"]
    for fmt in ("AVIF", "WEBP", "JPEG"):
        assert [width for width, _name in original[fmt]] == [300]
        assert [width for width, _name in square[fmt]] == [160, 200]
    assert (original["width"], original["height"]) == (300, 200)
    assert (square["width"], square["height"]) == (200, 200)
    for name in rendition_names(image):
        rendition = open_stored(name)
        assert rendition.width <= 300
        assert rendition.height <= 200


@pytest.mark.parametrize(
    ("size", "original_widths"),
    [
        ((480, 320), [480]),
        ((1000, 700), [480, 960, 1000]),
        ((1600, 900), [480, 960, 1600]),
        ((2400, 1600), [480, 960, 1600]),
    ],
)
def test_renditions_stop_at_the_source_width(size, original_widths):
    image = saved_image(image_bytes("JPEG", size=size))

    widths = [width for width, _name in image.renditions["original"]["JPEG"]]
    assert widths == original_widths
    assert max(widths) <= size[0]
    for name in rendition_names(image):
        assert open_stored(name).width <= size[0]


@pytest.mark.parametrize(
    ("size", "square_widths"),
    [((200, 150), [150]), ((500, 400), [160, 320, 400]), ((640, 640), [160, 320, 640])],
)
def test_square_renditions_stop_at_the_source_size(size, square_widths):
    image = saved_image(image_bytes("JPEG", size=size))

    widths = [width for width, _name in image.renditions["square"]["JPEG"]]
    assert widths == square_widths


# 12. Renditions made by a task; the original shown until they exist ----------------------

TASK_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def queued():
    """The renditions tasks waiting in the queue: [(args, kwargs), ...], oldest first."""
    return [
        (result.args_kwargs["args"], result.args_kwargs["kwargs"])
        for result in DBTaskResult.objects.order_by("enqueued_at")
        if result.task_path == "editorial.tasks.make_image_renditions"
    ]


def run_queued():
    """What the worker does: run each queued task, oldest first; what each returned."""
    return [make_image_renditions.call(*args, **kwargs) for args, kwargs in queued()]


def change_image(client, image, **fields):
    """Post the image's change form with `fields` changed, as after the commit."""
    data = {
        "alt_text": image.alt_text,
        "focal_x": image.focal_x,
        "focal_y": image.focal_y,
        "credit": image.credit,
        **fields,
    }
    with committed():
        return client.post(reverse("admin:editorial_image_change", args=[image.pk]), data)


def shown_image(client, image):
    """The `<img>` of `image` on the page of a person whose photo it is."""
    page = client.get(person(photo=image).get_absolute_url())
    assert page.status_code == 200
    return soup(page).select_one("img.portrait")


def assert_shows_the_original(img, image):
    """A plain `<img>` of the uploaded file, with its size and alt text, no srcset."""
    assert img.parent.name != "picture"
    assert img["src"] == default_storage.url(image.file.name)
    assert (img["width"], img["height"]) == (str(image.width), str(image.height))
    assert img["alt"] == image.alt
    assert "srcset" not in img.attrs
    assert default_storage.exists(image.file.name)


def assert_shows_renditions(img, image):
    assert img.parent.name == "picture"
    square = image.renditions["square"]
    assert img["src"] in {default_storage.url(name) for _width, name in square["JPEG"]}
    assert all(default_storage.exists(name) for name in rendition_names(image))


def admin_says(client, image):
    """What the image's change form and the image list say of its renditions."""
    form = soup(client.get(reverse("admin:editorial_image_change", args=[image.pk])))
    listed = soup(client.get(reverse("admin:editorial_image_changelist")))
    return (
        form.select_one(".field-renditions_made .readonly").get_text(strip=True),
        listed.select_one("td.field-renditions_column").get_text(strip=True),
    )


def test_the_renditions_are_made_after_the_commit_not_in_the_save(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks() as callbacks:
        image = new_image(image_bytes("JPEG", size=(1000, 800)))
        image.save()
        image.refresh_from_db()
        assert (image.renditions, image.rendered_from) == ({}, {})

    assert len(callbacks) == 1
    callbacks[0]()  # the commit: the immediate backend runs the task at once
    image.refresh_from_db()
    assert image.rendered_from == {"file": image.file.name, "focal": [50, 50]}
    assert set(image.renditions) == set(images.SHAPES)


@pytest.mark.django_db(transaction=True)
def test_with_a_task_queue_the_form_answers_at_once_and_the_worker_makes_the_renditions(
    admin_client, settings
):
    settings.TASKS = TASK_QUEUE
    response = post_image(admin_client, upload("photo.jpg", image_bytes("JPEG", (2000, 1500))))

    assert response.status_code == 302
    image = Image.objects.get()
    assert image.renditions == {}, "no rendition is made in the request"
    assert queued() == [([image.pk, {"file": image.file.name, "focal": [50, 50]}], {})]
    assert_shows_the_original(shown_image(admin_client, image), image)
    assert admin_says(admin_client, image) == (
        "Being made; pages show the original until they are ready.",
        "Being made",
    )

    call_command("db_worker", "--batch", "--interval", "0", "--no-startup-delay", verbosity=0)

    image.refresh_from_db()
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert set(image.renditions) == set(images.SHAPES)
    assert_shows_renditions(shown_image(admin_client, image), image)
    assert admin_says(admin_client, image) == ("18 files, ready", "18")


def test_the_task_is_queued_on_upload_and_on_a_focal_change_but_not_for_words(
    admin_client, settings
):
    settings.TASKS = TASK_QUEUE
    post_image(admin_client, upload("photo.jpg", image_bytes("JPEG", (1000, 800))))
    image = Image.objects.get()
    uploaded = {"file": image.file.name, "focal": [50, 50]}
    assert queued() == [([image.pk, uploaded], {})]
    assert run_queued() == ["made"]

    assert (
        change_image(admin_client, image, alt_text="Better words", credit="LUMC").status_code == 302
    )
    assert change_image(admin_client, image, decorative="on", alt_text="").status_code == 302
    assert len(queued()) == 1, "words alone change no rendition"

    assert change_image(admin_client, image, focal_x=20).status_code == 302
    assert queued()[1:] == [([image.pk, {"file": image.file.name, "focal": [20, 50]}], {})]

    image.refresh_from_db()
    replaced = upload("new.png", image_bytes("PNG", (900, 900)), "image/png")
    assert change_image(admin_client, image, file=replaced).status_code == 302
    image.refresh_from_db()
    assert image.file.name.endswith("new.png")
    assert queued()[2:] == [([image.pk, {"file": image.file.name, "focal": [20, 50]}], {})]
    # The upload's task again (made already), the focal point's (overtaken), the new file's.
    assert run_queued() == ["made already", "stale", "made"]
    image.refresh_from_db()
    assert image.rendered_from == {"file": image.file.name, "focal": [20, 50]}


def test_running_the_task_twice_makes_the_renditions_once():
    image = saved_image(image_bytes("JPEG", (1000, 800)))
    names = rendition_names(image)

    with mock.patch.object(images, "make_renditions", wraps=images.make_renditions) as made:
        again = make_image_renditions.call(image.pk, image.rendition_source)

    assert again == "made already"
    made.assert_not_called()
    image.refresh_from_db()
    assert rendition_names(image) == names
    assert all(default_storage.exists(name) for name in names)


def test_a_task_for_a_deleted_image_does_nothing():
    image = saved_image(image_bytes("JPEG", (400, 300)))
    source, pk = image.rendition_source, image.pk
    image.delete()

    assert make_image_renditions.call(pk, source) == "image deleted"


def test_a_stale_task_does_not_overwrite_newer_renditions(admin_client, settings, media_root):
    settings.TASKS = TASK_QUEUE
    post_image(admin_client, upload("first.jpg", image_bytes("JPEG", (1000, 800), color=RED)))
    image = Image.objects.get()
    replaced = upload("second.jpg", image_bytes("JPEG", (1000, 800), color=BLUE), "image/jpeg")
    change_image(admin_client, image, file=replaced)
    (first_args, _), (second_args, _) = queued()

    assert make_image_renditions.call(*second_args) == "made"
    image.refresh_from_db()
    newer = image.renditions
    assert make_image_renditions.call(*first_args) == "stale"

    image.refresh_from_db()
    assert image.renditions == newer
    assert_close(square_pixel(image), BLUE)
    renditions_folder = os.path.join(media_root, "images", "renditions")
    assert len(list(media_files(renditions_folder))) == len(rendition_names(image))


def test_a_task_overtaken_while_it_runs_stores_nothing_and_leaves_no_files(settings, media_root):
    image = saved_image(image_bytes("JPEG", (1000, 800)))
    before = image.renditions
    settings.TASKS = TASK_QUEUE
    with committed():
        image.focal_x = 10
        image.save()
    ((args, kwargs),) = queued()

    make_renditions = images.make_renditions

    def overtaken(image):
        made = make_renditions(image)
        # Meanwhile an editor moves the focal point again, and that save commits first.
        Image.objects.filter(pk=image.pk).update(focal_x=90)
        return made

    with mock.patch.object(images, "make_renditions", side_effect=overtaken):
        assert make_image_renditions.call(*args, **kwargs) == "stale"

    image.refresh_from_db()
    assert image.renditions == before, "the renditions of the newer focal point's task to come"
    renditions_folder = os.path.join(media_root, "images", "renditions")
    assert len(list(media_files(renditions_folder))) == len(rendition_names(image))


def test_a_new_file_deletes_the_old_renditions(admin_client, media_root):
    post_image(admin_client, upload("first.jpg", image_bytes("JPEG", (1000, 800))))
    image = Image.objects.get()
    old_names = rendition_names(image)

    replaced = upload("second.jpg", image_bytes("JPEG", (1200, 900)), "image/jpeg")
    assert change_image(admin_client, image, file=replaced).status_code == 302

    image.refresh_from_db()
    assert image.rendered_from["file"] == image.file.name
    assert not any(default_storage.exists(name) for name in old_names)
    renditions_folder = os.path.join(media_root, "images", "renditions")
    assert len(list(media_files(renditions_folder))) == len(rendition_names(image))


def test_the_page_shows_the_original_of_a_new_file_until_its_renditions_are_made(
    admin_client, settings
):
    image = saved_image(image_bytes("JPEG", (1000, 800), color=RED), alt_text="Ada smiling")
    assert_shows_renditions(shown_image(admin_client, image), image)
    settings.TASKS = TASK_QUEUE

    replaced = upload("second.jpg", image_bytes("JPEG", (1200, 900), color=BLUE), "image/jpeg")
    change_image(admin_client, image, file=replaced)

    image.refresh_from_db()
    assert image.renditions, "the old file's renditions are still stored..."
    assert_shows_the_original(shown_image(admin_client, image), image)  # ...but not shown
    run_queued()
    image.refresh_from_db()
    assert_shows_renditions(shown_image(admin_client, image), image)
    assert_close(square_pixel(image), BLUE)


def test_the_page_keeps_the_old_crop_while_a_new_focal_point_is_made(admin_client, settings):
    image = saved_image(image_bytes("JPEG", (1000, 800)))
    settings.TASKS = TASK_QUEUE

    change_image(admin_client, image, focal_x=10)

    image.refresh_from_db()
    assert_shows_renditions(shown_image(admin_client, image), image)
    assert admin_says(admin_client, image)[1] == "Being made"


def test_the_picture_tag_gives_the_original_until_the_renditions_exist(settings):
    settings.TASKS = TASK_QUEUE
    image = saved_image(image_bytes("JPEG", (1000, 800)), alt_text="Students & staff")

    html = Template(
        '{% load images %}{% picture image "square" sizes="10rem" css_class="portrait" %}'
    ).render(Context({"image": image}))

    assert html == (
        f'<img src="{default_storage.url(image.file.name)}" width="1000" height="800"'
        ' alt="Students &amp; staff" loading="lazy" decoding="async" class="portrait">'
    )
    assert images.image_url(image) == absolute_url(default_storage.url(image.file.name))


def test_saving_an_image_read_before_its_renditions_were_made_keeps_them(settings):
    settings.TASKS = TASK_QUEUE
    image = saved_image(image_bytes("JPEG", (1000, 800)))
    read_before = Image.objects.get(pk=image.pk)
    run_queued()

    read_before.alt_text = "Better words"
    with committed():
        read_before.save()

    image.refresh_from_db()
    assert image.alt_text == "Better words"
    assert image.rendered_from == image.rendition_source
    assert all(default_storage.exists(name) for name in rendition_names(image))
    assert run_queued() == ["made already", "made already"], "queued again, made once"


def test_a_file_that_cannot_be_read_leaves_the_original_showing_and_is_logged(
    admin_client, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks() as callbacks:
        image = new_image(image_bytes("JPEG", (1000, 800)))
        image.save()
    with default_storage.open(image.file.name, "wb") as file:
        file.write(b"not an image any more")

    callbacks[0]()  # the commit: the immediate backend runs the task, which fails

    image.refresh_from_db()
    assert image.renditions == {}
    assert image.rendered_from == {**image.rendition_source, "failed": True}
    (record,) = [r for r in caplog.records if r.name == "editorial.tasks"]
    assert record.levelname == "ERROR"
    assert f"Image {image.pk}: no renditions could be made" in record.getMessage()
    img = shown_image(admin_client, image)
    assert img["src"] == default_storage.url(image.file.name)
    assert "srcset" not in img.attrs
    assert admin_says(admin_client, image) == (
        "Could not be made from this file; pages show the original. "
        "Save the image again to retry, or upload another file.",
        "Could not be made",
    )


def test_a_failing_task_does_not_fail_the_form(admin_client, caplog):
    with mock.patch.object(images, "make_renditions", side_effect=OSError("disk full")):
        response = post_image(admin_client, upload("photo.jpg", image_bytes("JPEG")))

    assert response.status_code == 302
    image = Image.objects.get()
    assert image.rendered_from.get("failed") is True
    assert "no renditions could be made" in caplog.text
    assert change_image(admin_client, image, credit="LUMC").status_code == 302
    image.refresh_from_db()
    assert image.renditions_state == Image.RenditionsState.READY, "saving again tries again"


@pytest.mark.django_db(transaction=True)
def test_a_queue_that_cannot_be_reached_does_not_fail_the_form(admin_client, caplog):
    broken = mock.patch.object(
        type(make_image_renditions.get_backend()),
        "enqueue",
        side_effect=DatabaseError("queue down"),
    )
    with broken:
        response = post_image(admin_client, upload("photo.jpg", image_bytes("JPEG")))

    assert response.status_code == 302
    image = Image.objects.get()
    assert image.renditions_state == Image.RenditionsState.PENDING
    assert "queue down" in caplog.text
    assert_shows_the_original(shown_image(admin_client, image), image)


def test_with_a_task_queue_a_failed_rendition_is_tried_again_later(settings):
    settings.TASKS = TASK_QUEUE
    image = saved_image(image_bytes("JPEG", (1000, 800)))
    ((args, kwargs),) = queued()

    with mock.patch.object(images, "make_renditions", side_effect=OSError("storage away")):
        assert make_image_renditions.call(*args, **kwargs) == "failed, to be tried again"

    retry = DBTaskResult.objects.order_by("enqueued_at").last()
    assert retry.args_kwargs == {"args": args, "kwargs": {"attempt": 2}}
    assert retry.run_after is not None
    assert make_image_renditions.call(*args, attempt=2) == "made"
    image.refresh_from_db()
    assert image.renditions_state == Image.RenditionsState.READY
