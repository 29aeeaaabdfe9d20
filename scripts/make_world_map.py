"""
Turn Natural Earth's countries (public domain, as packaged in the world-atlas
TopoJSON) into the site's world map, once:

    npm ci                                   # installs world-atlas (package.json)
    .venv/bin/python scripts/make_world_map.py

writes
    research/static/research/world.svg       every country, the map's background
    research/world.json                      the map's size and, by ISO 3166-1 alpha-2
                                             code, [path, x, y] to draw and mark a country

in the Equal Earth projection, 1000 units wide, simplified to whole pixels.
"""

import json
import math
import sys
from pathlib import Path

from django.conf import settings

settings.configure(USE_I18N=False)

from django_countries import countries  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "node_modules" / "world-atlas" / "countries-50m.json"
WIDTH = 1000
# Equal Earth spans ±2.7207 across and ±1.3173 down in its own units.
SCALE = WIDTH / (2 * 2.7207)
HEIGHT = round(2 * 1.3173 * SCALE * 0.86)  # Antarctica left out: the south is cut off
# Countries world-atlas leaves without a numeric id, by name.
UNNUMBERED = {"Kosovo": "XK", "N. Cyprus": None, "Somaliland": None}
# Not drawn: no partner there, and it would take a fifth of the map.
LEFT_OUT = {"AQ"}


def equal_earth(longitude, latitude):
    a1, a2, a3, a4 = 1.340264, -0.081106, 0.000893, 0.003796
    lam, phi = math.radians(longitude), math.radians(latitude)
    theta = math.asin(math.sqrt(3) / 2 * math.sin(phi))
    t2, t6 = theta**2, theta**6
    denominator = 3 * (9 * a4 * t6 * t2 + 7 * a3 * t6 + 3 * a2 * t2 + a1)
    x = 2 * math.sqrt(3) * lam * math.cos(theta) / denominator
    y = theta * (a1 + a2 * t2 + t6 * (a3 + a4 * t2))
    return WIDTH / 2 + x * SCALE, 1.3173 * SCALE - y * SCALE


def decode_arcs(topology):
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append(equal_earth(x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(ring, arcs):
    points = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def ring_path(points):
    """
    A closed path through `points`, rounded to whole units, repeats dropped; a
    ring that crosses the 180th meridian is cut there instead of crossing the map.
    """
    pieces, piece = [], []
    for x, y in points:
        point = (round(x), round(y))
        if piece and abs(point[0] - piece[-1][0]) > WIDTH / 2:
            pieces.append(piece)
            piece = []
        if not piece or point != piece[-1]:
            piece.append(point)
    pieces.append(piece)
    path = ""
    for piece in pieces:
        if len(piece) < 3:
            continue
        first, *rest = piece
        path += f"M{first[0]} {first[1]}{steps(zip(piece, rest, strict=False))}z"
    return path.replace(" -", "-")


def steps(pairs):
    """
    The moves between consecutive points: a run of equal moves as one, and as `h`
    or `v` when it is level or upright (the same shape in half the characters).
    """
    runs = []
    for (px, py), (x, y) in pairs:
        move = (x - px, y - py)
        if runs and runs[-1][0] == move:
            runs[-1][1] += 1
        else:
            runs.append([move, 1])
    text = ""
    for (dx, dy), times in runs:
        dx, dy = dx * times, dy * times
        text += f"h{dx}" if dy == 0 else f"v{dy}" if dx == 0 else f"l{dx} {dy}"
    return text


def country_paths(topology):
    arcs = decode_arcs(topology)
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry["properties"]["name"]
        code = countries.alpha2(int(geometry["id"])) if "id" in geometry else UNNUMBERED.get(name)
        if not code or code in LEFT_OUT:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        path, largest, centre = "", 0, (0, 0)
        for polygon in polygons:
            outer = ring_points(polygon[0], arcs)
            for ring in polygon:
                path += ring_path(ring_points(ring, arcs))
            xs, ys = [x for x, _ in outer], [y for _, y in outer]
            size = (max(xs) - min(xs)) * (max(ys) - min(ys))
            if size > largest:  # mark the country in the middle of its largest part
                largest = size
                centre = (round(sum(xs) / len(xs)), round(sum(ys) / len(ys)))
        if path:
            yield code, path, centre


def main():
    if not SOURCE.exists():
        sys.exit(f"{SOURCE} is missing: run `npm ci` first.")
    topology = json.loads(SOURCE.read_text())
    shapes = {code: [path, *centre] for code, path, centre in country_paths(topology)}
    (ROOT / "research" / "world.json").write_text(
        json.dumps(
            {"width": WIDTH, "height": HEIGHT, "countries": shapes},
            separators=(",", ":"),
            sort_keys=True,
        )
    )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}">'
        f"<title>World map</title>"
        f'<path fill="#d5dae1" stroke="#ffffff" stroke-width="0.5" d="'
        + "".join(path for path, _x, _y in shapes.values())
        + '"/></svg>'
    )
    (ROOT / "research" / "static" / "research" / "world.svg").write_text(svg)
    print(f"{len(shapes)} countries; world.svg {len(svg) // 1024} KB")


if __name__ == "__main__":
    main()
