"""
Content checks: what to fix before the public reads an item. They warn and
never block; each finding says what is wrong and what to do.

They read any content model: its rich text (`RichTextField`), the plain text
fields the public reads, its web addresses and its images (`image_field`).
The change form shows them for what the form holds (`editorial/admin.py`),
and the content health report runs them over everything published
(`editorial/health.py`). The rules are listed for editors in
docs/content-checks.md.

    checker = Checker()
    findings = checker.check(obj, rows)  # rows: the item's inline rows, as Parts
    checker.finish()  # links to the site's own pages, looked up per model at once
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from . import readability
from .richtext import RichTextField

WARNING = "warning"
NOTE = "note"

# The limits, in one place; docs/content-checks.md states them for editors.
ALT_TEXT_MAX = 250
SHOUTING_RUN = 3  # words in capitals in a row
LONG_SENTENCE = 30  # words
LONG_PARAGRAPH = 150  # words
READABLE_FROM = 100  # words: shorter texts get no score
READABLE_SCORE = 50  # below this a text reads as difficult
VAGUE_LINK_TEXTS = {
    "click here",
    "click",
    "here",
    "read more",
    "more",
    "more info",
    "more information",
    "learn more",
    "find out more",
    "link",
    "this link",
    "this page",
    "this",
    "go",
    "continue",
    "details",
    # Dutch, for the texts to come under /nl/.
    "klik hier",
    "hier",
    "lees meer",
    "meer",
    "meer informatie",
    "deze link",
}
# Descriptions that only say an image is one: screen readers say so already.
REDUNDANT_ALT = re.compile(
    r"^\s*(an?\s+|the\s+)?(image|picture|photo|photograph|graphic|illustration|icon|"
    r"afbeelding|foto|plaatje)(\s+(of|showing|van|met)\b|\s*$)",
    re.IGNORECASE,
)
# A file name as a description: "IMG_2041.jpg", "DSC_0013", "photo1.png", "image-3".
FILE_NAME = re.compile(
    r"^\s*([\w\-. ]+\.(jpe?g|png|gif|webp|avif|tiff?|heic|bmp|svg)|"
    r"(img|dsc|dscn|pxl|image|photo|foto|screenshot)[_\-\s]?\d+)\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Problem:
    code: str
    title: str
    advice: str


PROBLEMS = {
    problem.code: problem
    for problem in [
        Problem(
            "alt-missing",
            gettext_lazy("Images without a description"),
            gettext_lazy("Describe what the image shows, or tick “decorative” if it adds nothing."),
        ),
        Problem(
            "alt-file-name",
            gettext_lazy("Images described by a file name"),
            gettext_lazy("A file name tells a screen reader user nothing: describe the image."),
        ),
        Problem(
            "alt-redundant",
            gettext_lazy("Image descriptions that begin “image of…”"),
            gettext_lazy("Screen readers say it is an image: begin with what it shows."),
        ),
        Problem(
            "alt-too-long",
            gettext_lazy("Image descriptions longer than 250 characters"),
            gettext_lazy("Keep the description short; put the rest in the text."),
        ),
        Problem(
            "heading-start",
            gettext_lazy("Headings at the wrong level for the page"),
            gettext_lazy(
                "The page's title is the level-1 heading: a text's headings start one level "
                "below the heading it is shown under."
            ),
        ),
        Problem(
            "heading-skip",
            gettext_lazy("Headings that skip a level"),
            gettext_lazy("Each heading goes at most one level deeper than the one before it."),
        ),
        Problem(
            "heading-empty",
            gettext_lazy("Empty headings"),
            gettext_lazy("Write the heading, or remove it."),
        ),
        Problem(
            "link-empty",
            gettext_lazy("Links without text or address"),
            gettext_lazy("A link needs words that say where it leads, and an address."),
        ),
        Problem(
            "link-text",
            gettext_lazy("Links that say “click here” or “read more”"),
            gettext_lazy("Make the link's words say where it leads."),
        ),
        Problem(
            "link-broken",
            gettext_lazy("Links to pages of the site that no longer answer"),
            gettext_lazy("Link to a published page, or remove the link."),
        ),
        Problem(
            "link-http",
            gettext_lazy("Links to http: addresses"),
            gettext_lazy("Use the https: address: http: is not secure and browsers warn."),
        ),
        Problem(
            "capitals",
            gettext_lazy("Text in capitals"),
            gettext_lazy("Write in normal case; use bold for emphasis."),
        ),
        Problem(
            "long-sentence",
            gettext_lazy("Very long sentences"),
            gettext_lazy("Split sentences of more than 30 words."),
        ),
        Problem(
            "long-paragraph",
            gettext_lazy("Very long paragraphs"),
            gettext_lazy("Split paragraphs of more than 150 words, or make a list."),
        ),
        Problem(
            "readability",
            gettext_lazy("Texts that read as difficult"),
            gettext_lazy("Aim for a reading ease of 50 or more: shorter sentences and words help."),
        ),
    ]
}


@dataclass
class Finding:
    """One thing to fix: which check, in which field, what is wrong and what to do."""

    code: str
    label: str  # the field, as the form names it
    message: str
    target: str = ""  # the id of the field's control in the form, to link to
    severity: str = WARNING

    @property
    def problem(self):
        return PROBLEMS.get(self.code)

    def as_dict(self):
        return {"code": self.code, "label": self.label, "message": self.message}


@dataclass
class Part:
    """An item, or one of its inline rows, as the change form shows it."""

    instance: models.Model
    prefix: str = ""  # the inline form's prefix ("sections-0"); the item's own form has none
    name: str = ""  # how the form names the row ("Section 2")

    def label(self, model_field):
        label = capfirst(model_field.verbose_name)
        return f"{self.name}: {label}" if self.name else str(label)

    def target(self, model_field):
        return f"id_{self.prefix}-{model_field.name}" if self.prefix else f"id_{model_field.name}"


# Fields


def image_fields(model):
    from .models import Image

    return [
        field
        for field in model._meta.concrete_fields
        if field.many_to_one and field.related_model is Image and field.editable
    ]


def text_fields(model):
    """The fields whose words the public reads, with their kind: rich, text, line or url."""
    found = []
    for model_field in model._meta.concrete_fields:
        if not model_field.editable or model_field.choices or model_field.is_relation:
            continue
        if isinstance(model_field, RichTextField):
            found.append((model_field, "rich"))
        elif isinstance(model_field, models.URLField):
            found.append((model_field, "url"))
        elif isinstance(model_field, models.SlugField | models.EmailField):
            continue
        elif isinstance(model_field, models.TextField):
            found.append((model_field, "text"))
        elif isinstance(model_field, models.CharField):
            found.append((model_field, "line"))
    return found


# Reading rich text


class Outline(HTMLParser):
    """The parts of rich text the checks read: blocks of text, headings and links."""

    HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
    BLOCKS = {"p", "li", "td", "th", "blockquote", "ul", "ol", "table", "tr", *HEADINGS}

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.blocks = []  # (kind, text): kind is "paragraph", "item", "heading" or "cell"
        self.headings = []  # (level, text)
        self.links = []  # (href or None, text)
        self._open = []
        self._text = []
        self._heading = None
        self._link = None
        self.feed(html or "")
        self.close()
        self._flush()

    def _kind(self):
        if any(tag in self.HEADINGS for tag in self._open):
            return "heading"
        if any(tag in ("td", "th") for tag in self._open):
            return "cell"
        if "li" in self._open:
            return "item"
        return "paragraph"

    def _flush(self):
        text = "".join(self._text).strip()
        if text:
            self.blocks.append((self._kind(), text))
        self._text = []

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self._text.append("\n")
        elif tag == "a":
            self._link = [dict(attrs).get("href"), []]
        elif tag in self.BLOCKS:
            self._flush()
            self._open.append(tag)
            if tag in self.HEADINGS:
                self._heading = [self.HEADINGS[tag], []]

    def handle_endtag(self, tag):
        if tag == "a" and self._link:
            href, text = self._link
            self.links.append((href, squash("".join(text))))
            self._link = None
        elif tag in self.BLOCKS and tag in self._open:
            self._flush()
            while self._open and self._open.pop() != tag:
                pass
            if tag in self.HEADINGS and self._heading:
                level, text = self._heading
                self.headings.append((level, squash("".join(text))))
                self._heading = None

    def handle_data(self, data):
        data = re.sub(r"\s+", " ", data)  # line breaks in the HTML are spaces; <br> is one
        self._text.append(data)
        if self._heading:
            self._heading[1].append(data)
        if self._link:
            self._link[1].append(data)


def squash(text):
    return " ".join(text.split())


def quoted(text, words=8):
    return Truncator(squash(text)).words(words, truncate="…")


# The checks


class Checker:
    """
    Runs the checks over items. Links to the site's own pages are collected
    and looked up in `finish()`, a few queries per linked content type, however
    many items were checked.
    """

    def __init__(self, language=None):
        self.formula = readability.formula_for(language or settings.LANGUAGE_CODE)
        self._links = defaultdict(list)  # model: [(findings, slug, label, target, href)]

    def check(self, obj, rows=()):
        """The findings for `obj` and its inline `rows` (Parts); add `finish()`'s after."""
        findings = []
        for part in [Part(obj), *rows]:
            for model_field in image_fields(type(part.instance)):
                image = getattr(part.instance, model_field.name, None)
                if image is not None:
                    findings += self.image(image, part.label(model_field), part.target(model_field))
            for model_field, kind in text_fields(type(part.instance)):
                value = getattr(part.instance, model_field.attname) or ""
                if value.strip():
                    findings += self.text_field(
                        findings,
                        value,
                        kind,
                        part.label(model_field),
                        part.target(model_field),
                        getattr(model_field, "heading_level", 2),
                    )
        return findings

    def finish(self):
        """Look up the links to the site's own pages, adding findings where they fail."""
        from .models import Publishable, SlugRedirect

        for model, links in self._links.items():
            slugs = {slug for _findings, slug, *_rest in links}
            manager = model._default_manager
            fine = set(manager.published().filter(slug__in=slugs).values_list("slug", flat=True))
            hidden = {item.slug: item for item in manager.filter(slug__in=slugs - fine)}
            if gone := slugs - fine - set(hidden):
                moved = dict(
                    SlugRedirect.objects.for_model(model)
                    .filter(old_slug__in=gone)
                    .values_list("object_id", "old_slug")
                )
                live = manager.published().filter(pk__in=moved).values_list("pk", flat=True)
                fine |= {moved[pk] for pk in live}
            for findings, slug, label, target, href in links:
                if slug in fine:
                    continue
                item = hidden.get(slug)
                if isinstance(item, Publishable):
                    message = _(
                        "A link leads to “%(item)s” (%(href)s), which is not published, so "
                        "visitors get “page not found”. Link to a published page, or remove "
                        "the link."
                    ) % {"item": item, "href": href}
                else:
                    message = self._gone(href)
                findings.append(Finding("link-broken", label, message, target))
        self._links.clear()

    # Images

    def image(self, image, label, target):
        name = image.file.name.rsplit("/", 1)[-1] if image.file else str(image.pk)
        alt = (image.alt_text or "").strip()
        if image.decorative:
            return []
        if not alt:
            message = _(
                "The image “%(name)s” has no description. Describe what it shows for people "
                "who cannot see it, or tick “decorative” if it adds nothing (edit the image "
                "with the pencil beside the field)."
            )
            return [Finding("alt-missing", label, message % {"name": name}, target)]
        found = []
        stem = name.rsplit(".", 1)[0].lower()
        if FILE_NAME.match(alt) or alt.lower() in (name.lower(), stem):
            message = _(
                "The image “%(name)s” is described as “%(alt)s”, a file name, which tells "
                "people who cannot see it nothing. Describe what the image shows (edit the "
                "image with the pencil beside the field)."
            )
            found.append(Finding("alt-file-name", label, message % {"name": name, "alt": alt}))
        elif match := REDUNDANT_ALT.match(alt):
            message = _(
                "The description of the image “%(name)s” begins “%(start)s”: screen readers "
                "say it is an image already. Begin with what it shows."
            )
            found.append(
                Finding(
                    "alt-redundant",
                    label,
                    message % {"name": name, "start": match.group(0).strip()},
                )
            )
        if len(alt) > ALT_TEXT_MAX:
            message = _(
                "The description of the image “%(name)s” has %(count)d characters; keep it "
                "to %(max)d or fewer, and put what more there is to say in the text."
            )
            found.append(
                Finding(
                    "alt-too-long",
                    label,
                    message % {"name": name, "count": len(alt), "max": ALT_TEXT_MAX},
                )
            )
        for finding in found:
            finding.target = target
        return found

    # Text

    def text_field(self, findings, value, kind, label, target, heading_level):
        if kind == "url":
            return self.link(findings, value, value, label, target, in_text=False)
        if kind == "line":
            return self.capitals([value], label, target)
        if kind == "text":
            blocks = [("paragraph", line) for line in value.splitlines() if line.strip()]
            found = []
        else:
            outline = Outline(value)
            blocks = outline.blocks
            found = self.headings(outline.headings, heading_level, label, target)
            for href, text in outline.links:
                found += self.link(findings, href, text, label, target)
        found += self.capitals([text for _kind, text in blocks], label, target)
        prose = [text for block_kind, text in blocks if block_kind in ("paragraph", "item")]
        found += self.lengths(prose, [t for k, t in blocks if k == "paragraph"], label, target)
        found += self.readability(prose, label, target)
        return found

    def headings(self, headings, start, label, target):
        found = []
        previous = None
        for level, text in headings:
            name = f"“{quoted(text)}”"
            if not text:
                message = _("A level-%(level)d heading has no text. Write it, or remove it.")
                found.append(Finding("heading-empty", label, message % {"level": level}, target))
            elif level < start:
                message = _(
                    "The heading %(name)s is at level %(level)d, but this text is shown under "
                    "a level-%(above)d heading of the page: its headings start at level "
                    "%(start)d. Make it a level-%(start)d heading."
                )
                params = {"name": name, "level": level, "above": start - 1, "start": start}
                found.append(Finding("heading-start", label, message % params, target))
            elif previous is None and level > start:
                message = _(
                    "The first heading, %(name)s, is at level %(level)d; the headings of this "
                    "text start at level %(start)d, below the page's own. Make it a "
                    "level-%(start)d heading."
                )
                params = {"name": name, "level": level, "start": start}
                found.append(Finding("heading-start", label, message % params, target))
            elif previous is not None and level > previous + 1:
                message = _(
                    "The heading %(name)s is at level %(level)d after a level-%(previous)d "
                    "heading: it skips level %(skipped)d. Make it a level-%(skipped)d heading."
                )
                params = {"name": name, "level": level, "previous": previous}
                params["skipped"] = previous + 1
                found.append(Finding("heading-skip", label, message % params, target))
            previous = level
        return found

    def link(self, findings, href, text, label, target, in_text=True):
        href = (href or "").strip()
        if in_text and not text:
            if not href:
                return []  # an empty link shows nothing at all
            message = _(
                "A link to %(href)s has no text, so screen readers read out its address or "
                "nothing. Write what it leads to as the link's words."
            )
            return [Finding("link-empty", label, message % {"href": href}, target)]
        if in_text and not href:
            message = _("The link “%(text)s” has no address. Add one, or remove the link.")
            return [Finding("link-empty", label, message % {"text": quoted(text)}, target)]
        found = []
        if in_text and squash(re.sub(r"[^\w\s]", " ", text.lower())) in VAGUE_LINK_TEXTS:
            message = _(
                "A link says “%(text)s”, which says nothing about where it leads to someone "
                "going from link to link with a screen reader. Make its words say where it "
                "leads, for example “the application form”."
            )
            found.append(Finding("link-text", label, message % {"text": text}, target))
        parts = urlsplit(href)
        if parts.scheme.lower() == "http":
            message = _(
                "A link leads to %(href)s, an http: address, which is not secure and which "
                "browsers warn about. Use its https: address."
            )
            found.append(Finding("link-http", label, message % {"href": href}, target))
        if path := self.own_path(parts):
            found += self.own_page(findings, path, href, label, target)
        return found

    def own_path(self, parts):
        """The path of an address on this site, or None for an address elsewhere."""
        site = urlsplit(settings.SITE_URL)
        if parts.scheme.lower() in ("http", "https"):
            if parts.netloc.lower() != site.netloc.lower():
                return None
        elif parts.scheme or parts.netloc:
            return None  # mailto:, tel:, //host
        path = parts.path
        if not path.startswith("/") or path.startswith((settings.MEDIA_URL, settings.STATIC_URL)):
            return None  # a part of this page (#...), or a file
        return path

    def own_page(self, findings, path, href, label, target):
        from .views import PublishableDetailView

        with translation.override(settings.LANGUAGE_CODE):
            match = None
            for candidate in [path] if path.endswith("/") else [path, f"{path}/"]:
                try:
                    match = resolve(candidate)
                    break
                except Resolver404:
                    continue
        if match is None:
            return [Finding("link-broken", label, self._gone(href), target)]
        view = getattr(match.func, "view_class", None)
        if view and issubclass(view, PublishableDetailView) and "slug" in match.kwargs:
            # Looked up in finish(), with every other link to the same type.
            self._links[view.model].append((findings, match.kwargs["slug"], label, target, href))
        return []

    def _gone(self, href):
        return _(
            "A link leads to %(href)s, which is no page of the site (any more), so visitors "
            "get “page not found”. Link to the page it should lead to, or remove the link."
        ) % {"href": href}

    def capitals(self, texts, label, target):
        runs = [run for text in texts for run in shouting(text)]
        if not runs:
            return []
        if len(runs) == 1:
            message = _(
                "“%(text)s” is written in capitals, which is harder to read and which some "
                "screen readers spell out letter by letter. Write it in normal case; use bold "
                "for emphasis."
            )
        else:
            message = ngettext(
                "“%(text)s” and %(more)d more passage are written in capitals, which is harder "
                "to read and which some screen readers spell out letter by letter. Write them "
                "in normal case; use bold for emphasis.",
                "“%(text)s” and %(more)d more passages are written in capitals, which is harder "
                "to read and which some screen readers spell out letter by letter. Write them "
                "in normal case; use bold for emphasis.",
                len(runs) - 1,
            )
        params = {"text": quoted(runs[0]), "more": len(runs) - 1}
        return [Finding("capitals", label, message % params, target)]

    def lengths(self, prose, paragraphs, label, target):
        found = []
        long = [
            sentence
            for text in prose
            for line in text.splitlines()
            for sentence in readability.sentences(line)
            if len(readability.words(sentence)) > LONG_SENTENCE
        ]
        if long:
            longest = max(long, key=lambda sentence: len(readability.words(sentence)))
            message = ngettext(
                "A sentence has %(words)d words (“%(start)s”). Split sentences of more than "
                "%(max)d words: aim for 15 to 20 words on average.",
                "%(count)d sentences have more than %(max)d words; the longest has %(words)d "
                "(“%(start)s”). Split them: aim for 15 to 20 words on average.",
                len(long),
            )
            params = {
                "count": len(long),
                "words": len(readability.words(longest)),
                "start": quoted(longest),
                "max": LONG_SENTENCE,
            }
            found.append(Finding("long-sentence", label, message % params, target))
        long = [text for text in paragraphs if len(readability.words(text)) > LONG_PARAGRAPH]
        if long:
            message = ngettext(
                "A paragraph has more than %(max)d words (“%(start)s”). Split it into shorter "
                "paragraphs, or a list, each about one thing.",
                "%(count)d paragraphs have more than %(max)d words; the first begins "
                "“%(start)s”. Split them into shorter paragraphs, or lists, each about one thing.",
                len(long),
            )
            params = {"count": len(long), "start": quoted(long[0]), "max": LONG_PARAGRAPH}
            found.append(Finding("long-paragraph", label, message % params, target))
        return found

    def readability(self, prose, label, target):
        if self.formula is None:
            return []
        if sum(len(readability.words(text)) for text in prose) < READABLE_FROM:
            return []
        lines = [line for text in prose for line in text.splitlines()]
        score = self.formula.score(lines)
        if score is None:
            return []
        params = {
            "formula": self.formula.name,
            "score": score,
            "band": readability.band(score),
            "aim": READABLE_SCORE,
        }
        if score >= READABLE_SCORE:
            message = _("%(formula)s %(score)d: %(band)s.") % params
            return [Finding("readability", label, message, target, severity=NOTE)]
        message = _(
            "%(formula)s %(score)d: %(band)s; aim for %(aim)d or more. Shorter sentences and "
            "shorter words help."
        )
        return [Finding("readability", label, message % params, target)]


def shouting(text):
    """The runs of SHOUTING_RUN or more words written in capitals in `text`."""
    runs, run, capitals = [], [], 0
    for token in [*text.split(), ""]:
        letters = [character for character in token if character.isalpha()]
        if len(letters) >= 2 and all(character.isupper() for character in letters):
            run.append(token)
            capitals += 1
        elif token and not letters and run:
            run.append(token)  # a number or a dash within a run
        else:
            if capitals >= SHOUTING_RUN:
                runs.append(" ".join(run))
            run, capitals = [], 0
    return runs


def check(obj, rows=(), language=None):
    """The findings for one item (and its inline rows), links to the site's pages included."""
    checker = Checker(language)
    findings = checker.check(obj, rows)
    checker.finish()
    return findings


def readability_rule(language=None):
    """How readability is scored, in a sentence, for the panel and the report."""
    formula = readability.formula_for(language or settings.LANGUAGE_CODE)
    if formula is None:
        return ""
    return _(
        "Readability is %(name)s (%(rule)s), scored on texts of %(least)d words or more: "
        "60 and up reads as plain language, below %(aim)d as difficult."
    ) % {
        "name": formula.name,
        "rule": formula.rule(),
        "least": READABLE_FROM,
        "aim": READABLE_SCORE,
    }


def warnings(findings):
    return [finding for finding in findings if finding.severity == WARNING]
