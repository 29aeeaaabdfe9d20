"""
The layer rule of the apps, for templates: a template may load tag libraries
and extend or include templates of its own app and of the apps below it only.
The order is import-linter's, in pyproject.toml; `make lint` runs both.
"""

import re
import tomllib
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

LOAD = re.compile(r"{%\s*load\s+(.+?)\s*%}")
TEMPLATE = re.compile(r"""{%\s*(?:extends|include)\s+["']([^"']+)["']""")


def layers():
    """The apps, lowest first, as the import-linter contract lists them."""
    config = tomllib.loads((settings.BASE_DIR / "pyproject.toml").read_text())
    (contract,) = config["tool"]["importlinter"]["contracts"]
    return list(reversed(contract["layers"]))


def libraries(apps):
    """{tag library: the app that provides it} for the project's own apps."""
    return {
        path.stem: app
        for app in apps
        for path in (settings.BASE_DIR / app / "templatetags").glob("*.py")
        if path.stem != "__init__"
    }


def layer_of(name, apps):
    """A template's app: its folder, the admin's for admin/, else the lowest (shared parts)."""
    folder = name.split("/", 1)[0]
    if folder == "admin":
        return apps[-1]
    return folder if folder in apps else apps[0]


def problems(root, apps):
    """(template, what it names, from which app) for every upward reference under `root`."""
    provided = libraries(apps)
    found = []
    for path in sorted(Path(root).rglob("*")):
        if path.suffix not in {".html", ".txt", ".xml"}:
            continue
        name = path.relative_to(root).as_posix()
        own = apps.index(layer_of(name, apps))
        text = path.read_text()
        named = [
            (f"{{% load {library} %}}", provided[library])
            for match in LOAD.finditer(text)
            for library in match.group(1).split()
            if library in provided
        ] + [(f'"{target}"', layer_of(target, apps)) for target in TEMPLATE.findall(text)]
        found += [(name, what, app) for what, app in named if apps.index(app) > own]
    return found


class Command(BaseCommand):
    help = "Check that templates use nothing of the apps above their own."

    def add_arguments(self, parser):
        parser.add_argument("--templates", help="the folder to check (default: templates/)")

    def handle(self, *args, **options):
        apps = layers()
        root = options["templates"] or settings.BASE_DIR / "templates"
        found = problems(root, apps)
        for name, what, app in found:
            self.stderr.write(f"{name}: {what} belongs to {app}, a layer above it")
        if found:
            raise CommandError(f"{len(found)} template(s) use apps above their own.")
        self.stdout.write(f"Templates keep to the layers: {' < '.join(apps)}.")
