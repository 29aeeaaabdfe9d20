"""
Test data: staff in each role, and content of every type in each state of
publication. Each content factory takes the state first ("published" unless
told) and any field as a keyword, relations as lists; it fills in only what the
model needs, so a test sees no words it did not give.
"""

import io
from datetime import timedelta

from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.test import TestCase
from django.utils import timezone
from model_bakery import baker
from PIL import Image as PillowImage

from editorial.models import Image, Publishable
from events.models import Event, NewsItem
from lumcglobal.models import SocialLink
from people.models import Person, Team
from programmes.models import ExchangeOption, Programme
from research.models import (
    Alliance,
    InterdisciplinaryProgramme,
    KeyFigure,
    PartnerInstitution,
    Project,
    ResearchProfile,
    ResearchTheme,
    ScienceAreaCluster,
)


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


def made(model, state, defaults, fields):
    return baker.make(model, **{**defaults, **in_state(state), **fields})


def team(**fields):
    return baker.make(Team, **{"name": "LUMC Global team", **fields})


def person(state="published", **fields):
    team = fields.pop("team", None) or Team.objects.get_or_create(name="LUMC Global team")[0]
    return made(Person, state, {"photo": None, "team": team}, fields)


def theme(state="published", **fields):
    return made(ResearchTheme, state, {"title": "A theme", "image": None}, fields)


def profile(state="published", **fields):
    return made(ResearchProfile, state, {"title": "A profile"}, fields)


def partner(state="published", **fields):
    defaults = {
        "name": "A university",
        "kind": PartnerInstitution.Kind.UNIVERSITY,
        "country": "NL",
        "logo": None,
    }
    return made(PartnerInstitution, state, defaults, fields)


def alliance(state="published", **fields):
    return made(Alliance, state, {"name": "An alliance"}, fields)


def project(state="published", **fields):
    defaults = {"title": "A project", "kind": Project.Kind.GLOBAL_PHD, "image": None}
    return made(Project, state, defaults, fields)


def key_figure(state="published", **fields):
    return made(KeyFigure, state, {"value": "1", "label": "A figure"}, fields)


def cluster(state="published", **fields):
    return made(ScienceAreaCluster, state, {"title": "A science-area cluster"}, fields)


def interdisciplinary_programme(state="published", **fields):
    return made(
        InterdisciplinaryProgramme, state, {"title": "An interdisciplinary programme"}, fields
    )


def social_link(state="published", **fields):
    defaults = {"name": "A network", "url": "https://example.org/lumcglobal"}
    return made(SocialLink, state, defaults, fields)


def programme(state="published", **fields):
    defaults = {"title": "A programme", "offers_bachelor": True, "offers_master": True}
    return made(Programme, state, defaults, fields)


def option(state="published", **fields):
    defaults = {"title": "An option", "kind": ExchangeOption.Kind.COURSE}
    return made(ExchangeOption, state, defaults, fields)


def event(state="published", **fields):
    """An event; without a start, ten days from now, and without an end, two hours long."""
    start = fields.pop("start", None) or timezone.now() + timedelta(days=10)
    end = fields.pop("end", None) or start + timedelta(hours=2)
    defaults = {"title": "An event", "kind": Event.Kind.SYMPOSIUM, "image": None}
    return made(Event, state, {**defaults, "start": start, "end": end}, fields)


def news_item(state="published", **fields):
    return made(NewsItem, state, {"title": "A news item", "image": None}, fields)


# The factory of each model, for tests that go over every type.
FOR_MODEL = {
    Person: person,
    ResearchTheme: theme,
    ResearchProfile: profile,
    PartnerInstitution: partner,
    Alliance: alliance,
    Project: project,
    KeyFigure: key_figure,
    ScienceAreaCluster: cluster,
    InterdisciplinaryProgramme: interdisciplinary_programme,
    SocialLink: social_link,
    Programme: programme,
    ExchangeOption: option,
    Event: event,
    NewsItem: news_item,
}


def committed():
    """
    Run what waits for the transaction's commit (the renditions task, say) at the
    end of the block, as a real commit would; a test's own transaction never commits.
    """
    return TestCase.captureOnCommitCallbacks(execute=True)


def image(width=800, height=600, colour="#3366aa", alt_text="A portrait", **fields):
    """A stored Image with its renditions, made from a plain JPEG."""
    output = io.BytesIO()
    PillowImage.new("RGB", (width, height), colour).save(output, "JPEG")
    with committed():
        stored = Image.objects.create(
            file=ContentFile(output.getvalue(), name="photo.jpg"), alt_text=alt_text, **fields
        )
    stored.refresh_from_db()
    return stored


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
