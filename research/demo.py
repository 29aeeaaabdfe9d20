"""Research facts of the current site as records; loading twice changes nothing."""

from .models import KeyFigure

LUMC_PROFILE = "LUMC profile for the LEaDing Fellows programme"

# (value, label, year, source), in the words and with the years the source gives.
KEY_FIGURES = [
    (
        "6th",
        "best medical research institute in Europe",
        "2014 and 2015",
        "Shanghai Ranking (ARWU)",
    ),
    ("~160", "PhD theses a year", "", LUMC_PROFILE),
    ("~2,000", "scientific publications a year", "", LUMC_PROFILE),
    ("1.5", "times the world mean citation score (MNCS)", "", LUMC_PROFILE),
    ("19", "European Research Council (ERC) projects hosted", "", LUMC_PROFILE),
    ("68", "Horizon 2020 projects, 23 of them as coordinator", "", LUMC_PROFILE),
    ("17", "Marie Skłodowska-Curie Actions", "", LUMC_PROFILE),
]


def load():
    for position, (value, label, year, source) in enumerate(KEY_FIGURES):
        KeyFigure.objects.get_or_create(
            label=label,
            defaults={"value": value, "year": year, "source": source, "position": position},
        )
