"""
The world map of partner countries, drawn on the server as SVG: a static
background of every country, and on it the marked countries, each a link.
The shapes come from Natural Earth (public domain); scripts/make_world_map.py
made them into research/world.json and research/static/research/world.svg.
"""

import json
from functools import cache
from pathlib import Path

WORLD = Path(__file__).resolve().parent / "world.json"


@cache
def world():
    return json.loads(WORLD.read_text())


def by_country(items):
    """
    The rows of the table beside the map: [(country, [items])] in the order of
    the countries' names, each item (a partner, a project) under every country
    its `countries()` gives, in the order of `items`.
    """
    rows = {}
    for item in items:
        for country in item.countries():
            rows.setdefault(country.code, (country, []))[1].append(item)
    return sorted(rows.values(), key=lambda row: row[0].name)


def country_marks(rows, phrase):
    """
    What the map draws for the rows of `by_country()`: each country's shape, a
    dot on it, a label such as "Brazil: 2 partners", and a link to its row in
    the table beside the map. `phrase` is an ngettext_lazy with a `count`.
    """
    shapes = world()["countries"]
    marks = []
    for country, items in rows:
        path, x, y = shapes.get(country.code, ["", None, None])
        marks.append(
            {
                "label": f"{country.name}: {phrase % {'count': len(items)}}",
                "url": f"#country-{country.code.lower()}",
                "path": path,
                "x": x,
                "y": y,
            }
        )
    return marks


def map_size():
    return world()["width"], world()["height"]
