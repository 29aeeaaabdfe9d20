"""Bench data: years of published, related content, made the same way every time."""

import io

import pytest
from django.core.management import call_command

from events.models import Event, NewsItem
from people.models import Person
from programmes.models import ExchangeOption
from research.models import PartnerInstitution, Project

pytestmark = pytest.mark.django_db(transaction=True)


def generate(**options):
    out = io.StringIO()
    call_command("generate_bench_data", stdout=out, **options)
    return out.getvalue()


def snapshot():
    return {
        model: list(
            model.objects.filter(slug__startswith="bench-")
            .order_by("slug")
            .values_list("slug", "status")
        )
        for model in (Person, PartnerInstitution, ExchangeOption, Event, NewsItem, Project)
    }


def test_scale_one_makes_the_shape_it_says_published_and_linked_and_the_same_again():
    said = generate(scale=1)

    made = snapshot()
    expected = {
        Person: 300,
        PartnerInstitution: 1_000,
        ExchangeOption: 3_000,
        Event: 5_000,
        NewsItem: 10_000,
        Project: 100,
    }
    assert {model: len(rows) for model, rows in made.items()} == expected
    for model, count in expected.items():
        assert f"{count:,} {model._meta.verbose_name_plural}" in said
        assert model.objects.published().filter(slug__startswith="bench-").count() == count
    assert Event.speakers.through.objects.count() > 2_000
    assert ExchangeOption.destinations.through.objects.count() > 1_000
    news = NewsItem.objects.filter(slug__startswith="bench-").values_list("title", flat=True)
    titles = list(news)

    generate(scale=1)

    assert snapshot() == made
    assert list(news.all()) == titles


def test_a_scale_below_one_is_refused():
    with pytest.raises(Exception, match="whole number of 1 or more"):
        generate(scale=0)
