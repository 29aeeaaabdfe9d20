import io

import pytest
from django.apps import apps
from django.core.management import call_command

from editorial.models import Page, PageSection
from lumcglobal.models import SocialLink
from research.models import KeyFigure


def load():
    call_command("load_demo_content", stdout=io.StringIO())


def counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.mark.django_db
def test_loading_twice_changes_nothing():
    load()
    first = counts()

    load()

    assert counts() == first
    assert Page.objects.filter(key__in=["home", "about", "contact", "newsletter"]).count() == 4
    assert (
        PageSection.objects.filter(page__key__in=["home", "about", "contact", "newsletter"]).count()
        == 8
    )
    assert first["lumcglobal.SocialLink"] == 2
    assert first["research.KeyFigure"] == 7


@pytest.mark.django_db
def test_loading_again_keeps_what_editors_changed():
    load()
    Page.objects.filter(key="about").update(title="About us")
    PageSection.objects.filter(anchor="the-platform").delete()

    load()

    assert Page.objects.get(key="about").title == "About us"
    assert PageSection.objects.filter(anchor="the-platform").count() == 1


@pytest.mark.django_db
def test_key_figures_keep_their_years_and_sources():
    load()

    ranking = KeyFigure.objects.get(value="6th")
    assert ranking.year == "2014 and 2015"
    assert ranking.source == "Shanghai Ranking (ARWU)"
    assert list(KeyFigure.objects.values_list("value", flat=True)) == [
        "6th",
        "~160",
        "~2,000",
        "1.5",
        "19",
        "68",
        "17",
    ]
    assert SocialLink.objects.filter(name="LinkedIn").exists()
