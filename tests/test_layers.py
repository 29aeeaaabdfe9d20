"""The apps' layers hold in templates too: nothing names an app above its own."""

import pytest
from django.core.management import CommandError, call_command


def write(root, name, text):
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_the_site_templates_keep_to_the_layers(capsys):
    call_command("lint_templates")

    assert "editorial < people < research < programmes < events < lumcglobal" in (
        capsys.readouterr().out
    )


@pytest.mark.parametrize(
    "text",
    [
        "{% load i18n worldmap %}",  # research's tag library
        '{% include "events/includes/related.html" %}',
        '{% extends "lumcglobal/base.html" %}',
    ],
)
def test_a_template_that_names_a_higher_app_fails_the_check(tmp_path, capsys, text):
    write(tmp_path, "people/person_detail.html", text)
    write(tmp_path, "events/event_detail.html", "{% load images related worldmap %}")

    with pytest.raises(CommandError, match="1 template"):
        call_command("lint_templates", templates=tmp_path)

    assert "people/person_detail.html" in capsys.readouterr().err


def test_shared_templates_may_use_only_the_core(tmp_path, capsys):
    write(tmp_path, "base.html", "{% load i18n seo static %}")
    write(tmp_path, "includes/card.html", '{% include "research/includes/row.html" %}')

    with pytest.raises(CommandError, match="1 template"):
        call_command("lint_templates", templates=tmp_path)

    assert "includes/card.html" in capsys.readouterr().err
