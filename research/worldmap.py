"""
The world map of partner countries, drawn on the server as SVG: a static
background of every country, and on it the marked countries, each a link.
The shapes come from Natural Earth (public domain); scripts/make_world_map.py
made them into research/world.json and research/static/research/world.svg.
"""

import json
from functools import cache
from pathlib import Path

from django_countries import countries

WORLD = Path(__file__).resolve().parent / "world.json"


@cache
def world():
    return json.loads(WORLD.read_text())


def country_marks(counts, phrase):
    """
    What the map draws for {country code: count}: each country's shape, a dot
    on it, a label such as "Brazil: 2 partners", and a link to its row in the
    table beside the map. `phrase` is an ngettext_lazy with a `count`.
    """
    shapes = world()["countries"]
    marks = []
    for code, count in counts.items():
        path, x, y = shapes.get(code, ["", None, None])
        name = countries.name(code)
        marks.append(
            {
                "code": code,
                "name": name,
                "label": f"{name}: {phrase % {'count': count}}",
                "url": f"#country-{code.lower()}",
                "path": path,
                "x": x,
                "y": y,
            }
        )
    return sorted(marks, key=lambda mark: mark["name"])


def map_size():
    return world()["width"], world()["height"]
