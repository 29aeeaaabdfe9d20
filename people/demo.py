"""The LUMC Global team of the current site; loading twice changes nothing."""

from editorial.models import Publishable

from .models import Person, Team

TEAM = "LUMC Global team"

# Name, quote exactly as the site has it (without its quotation marks), topics.
PEOPLE = [
    (
        "Suze Kruisheer",
        "Our goal is to consolidate and expand meaningful international partnerships",
        "",
    ),
    ("Maria Yazdanbakhsh", "Science has no borders", ""),
    (
        "Pieter de Koning",
        "International collaboration is more than joint research projects: you learn about "
        "other cultures and make new friends",
        "",
    ),
    ("Sascha Wanna", "", ""),
    (
        "Jacqueline Ton",
        "Diversity is a prerequisite for local and worldwide societal impact. "
        "Internationalization leads to diversity.",
        "",
    ),
    (
        "Ellis Nieveen",
        "Internationalisation is an essential building block for innovation, to bring about "
        "change through transferable skills, creativity and ambition",
        "",
    ),
    ("Gonny Pasaribu", "", ""),
    ("Sem Teeken", "Passionate about Global Health", ""),
    # Presented the LUMC's student exchange opportunities at LIMSC 2021.
    ("Evelien Hack", "", "Student exchange opportunities at the LUMC"),
]


def load():
    team, _created = Team.objects.get_or_create(name=TEAM)
    for position, (name, quote, topics) in enumerate(PEOPLE):
        Person.objects.get_or_create(
            name=name,
            defaults={
                "team": team,
                "quote": quote,
                "topics": topics,
                "position": position,
                "status": Publishable.Status.PUBLISHED,
            },
        )
