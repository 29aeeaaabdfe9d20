"""Test data: staff in each role, content in each state of publication."""

import io
from datetime import timedelta

from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.utils import timezone
from model_bakery import baker
from PIL import Image as PillowImage

from editorial.models import Image, Publishable
from people.models import Person, Team


def staff_member(username, group=None, **extra):
    user = User.objects.create_user(username, password="pw", is_staff=True, **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


# The four states of publication, as field values.
STATES = {
    "draft": lambda now: {"status": Publishable.Status.DRAFT},
    "scheduled": lambda now: {
        "status": Publishable.Status.PUBLISHED,
        "publish_from": now + timedelta(days=3),
    },
    "published": lambda now: {
        "status": Publishable.Status.PUBLISHED,
        "publish_from": now - timedelta(days=3),
    },
    "expired": lambda now: {
        "status": Publishable.Status.PUBLISHED,
        "publish_from": now - timedelta(days=30),
        "publish_until": now - timedelta(minutes=1),
    },
}


def in_state(state):
    return STATES[state](timezone.now())


def person(state="published", **fields):
    team = fields.pop("team", None) or Team.objects.get_or_create(name="LUMC Global team")[0]
    fields.setdefault("photo", None)
    return baker.make(Person, team=team, **{**in_state(state), **fields})


def image(width=800, height=600, colour="#3366aa", alt_text="A portrait", **fields):
    """A stored Image with its renditions, made from a plain JPEG."""
    output = io.BytesIO()
    PillowImage.new("RGB", (width, height), colour).save(output, "JPEG")
    return Image.objects.create(
        file=ContentFile(output.getvalue(), name="photo.jpg"), alt_text=alt_text, **fields
    )


def full_profile(**fields):
    """A published person with every field filled in, photo included."""
    return person(
        **{
            "name": "Ellis Nieveen",
            "role": "Policy advisor",
            "photo": image(alt_text="Ellis Nieveen"),
            "quote": "Internationalisation is an essential building block for innovation",
            "bio": "<h2>Work</h2><p>Partnerships in <strong>Asia</strong>.</p>"
            "<ul><li>Erasmus+</li></ul><table><tbody><tr><th>Year</th><td>2024</td></tr>"
            "</tbody></table>",
            "email": "e.nieveen@example.org",
            "languages": "Dutch, English",
            "topics": "Partnerships, Erasmus+",
            "regions": "Asia, Europe",
            "orcid": "0000-0002-1825-0097",
            "linkedin": "https://www.linkedin.com/in/example",
            "website": "https://example.org",
            **fields,
        }
    )
