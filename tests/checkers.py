"""The accessibility and HTML checkers the tests run, from the project's node_modules."""

import json
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# WCAG 2.2 AA: the tags are not cumulative, so all five are needed.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_violations(page):
    """axe-core's violations on the page open in Playwright, as readable lines."""
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `make test`, which installs it with npm.")
    # Scripts that set up widgets (the rich-text editor's menu) finish first.
    page.wait_for_load_state("load")
    page.evaluate(
        "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
    )
    page.evaluate(AXE_JS.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(str(node["target"]) for node in violation["nodes"])
        for violation in result["violations"]
    ]


def html_problems(documents):
    """
    Nu Html Checker errors and warnings for each of `documents` ({name: html}),
    all checked in one run of the checker.
    """
    java = shutil.which("java")
    if not java or not VNU_JAR.exists():
        pytest.fail("The Nu Html Checker needs java and node_modules/vnu-jar: run `make test`.")
    problems = {name: [] for name in documents}
    with tempfile.TemporaryDirectory() as folder:
        names = {}
        for number, (name, html) in enumerate(documents.items()):
            path = Path(folder) / f"page{number}.html"
            path.write_text(html, encoding="utf-8")
            names[path.name] = name
        result = subprocess.run(
            [java, "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--exit-zero-always"]
            + [str(Path(folder) / file) for file in names],
            capture_output=True,
            text=True,
            check=True,
        )
    for message in json.loads(result.stdout)["messages"]:
        if message["type"] == "error" or message.get("subType") == "warning":
            name = names[message["url"].rsplit("/", 1)[-1]]
            problems[name].append(f"line {message.get('lastLine')}: {message['message']}")
    return {name: found for name, found in problems.items() if found}


class InlineCodeFinder(HTMLParser):
    """Finds what a strict Content Security Policy would block: inline scripts and styles."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "style":
            self.found.append("<style> element")
        is_data = attributes.get("type") == "application/ld+json"
        if tag == "script" and "src" not in attributes and not is_data:
            self.found.append("inline <script>")
        for name, value in attrs:
            if name == "style":
                self.found.append(f"style attribute on <{tag}>")
            if name.startswith("on"):
                self.found.append(f"{name} handler on <{tag}>")
            if value and value.strip().lower().startswith("javascript:"):
                self.found.append(f"javascript: URL on <{tag}>")


def inline_code(html):
    finder = InlineCodeFinder()
    finder.feed(html)
    return finder.found
