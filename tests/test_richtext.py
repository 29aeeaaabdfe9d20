"""
Rich text is cleaned to an allow-list: whatever is pasted, posted or saved past
the forms, no script, event handler, style, embedded document or
javascript:/data:/vbscript: URL survives, while what the editor makes does.
"""

import html
import re
from html.parser import HTMLParser

import pytest
from django.forms import modelform_factory

from editorial.richtext import sanitize
from people.models import Person, Team

# What the editor can make: the tags and, per tag, the attributes it may carry.
ALLOWED_ATTRIBUTES = {
    "h2": set(),
    "h3": set(),
    "h4": set(),
    "p": set(),
    "br": set(),
    "strong": set(),
    "em": set(),
    "ul": set(),
    "ol": {"start", "type", "data-type"},  # the editor's ordered-list numbering
    "li": set(),
    "blockquote": set(),
    "a": {"href", "title", "rel"},
    "table": set(),
    "thead": set(),
    "tbody": set(),
    "tr": set(),
    "th": {"rowspan", "colspan"},
    "td": {"rowspan", "colspan"},
}
FORBIDDEN_TAG_OPENINGS = [
    "<script",
    "<iframe",
    "<object",
    "<embed",
    "<style",
    "<svg",
    "<math",
    "<form",
    "<input",
    "<meta",
    "<base",
    "<link",
]
SAFE_SCHEMES = {"http", "https", "mailto"}
# Browsers ignore ASCII whitespace and control characters in a URL's scheme.
IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]")
SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")


class TagCollector(HTMLParser):
    """Every start tag with its attributes, and anything that is not plain markup."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.other = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_comment(self, data):
        self.other.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.other.append(f"<!{decl}>")

    def handle_pi(self, data):
        self.other.append(f"<?{data}>")

    def unknown_decl(self, data):
        self.other.append(f"<![{data}]>")


def parse(markup):
    collector = TagCollector()
    collector.feed(markup)
    collector.close()
    return collector


def href_scheme(href):
    """The scheme a browser would see in an href, or None for a relative URL or anchor."""
    normalised = IGNORED_IN_URL.sub("", html.unescape(href)).lower()
    match = SCHEME.match(normalised)
    return match.group(1) if match else None


def assert_safe(markup):
    """The HTML holds only allowed tags and attributes and only safe link targets."""
    lowered = markup.lower()
    for opening in FORBIDDEN_TAG_OPENINGS:
        assert opening not in lowered, f"{opening} survived in {markup!r}"

    parsed = parse(markup)
    assert not parsed.other, f"comments or declarations survived in {markup!r}"
    for tag, attrs in parsed.tags:
        assert tag in ALLOWED_ATTRIBUTES, f"<{tag}> survived in {markup!r}"
        for name, value in attrs:
            assert not name.startswith("on"), f"event handler {name} survived in {markup!r}"
            assert name != "style", f"style attribute survived in {markup!r}"
            assert name in ALLOWED_ATTRIBUTES[tag], f"<{tag} {name}> survived in {markup!r}"
            if name == "href":
                scheme = href_scheme(value or "")
                assert scheme is None or scheme in SAFE_SCHEMES, (
                    f"href {value!r} with scheme {scheme}: survived in {markup!r}"
                )


XSS_VECTORS = {
    # Script elements, however spelled.
    "script": "<script>alert(1)</script>",
    "script-uppercase": "<SCRIPT>alert(1)</SCRIPT>",
    "script-mixed-case": "<ScRiPt>alert(1)</sCrIpT>",
    "script-src": '<script src="https://evil.example/x.js"></script>',
    "script-with-slash-attribute": '<script/xss src="https://evil.example/x.js"></script>',
    "script-nested-to-reassemble": "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "script-unclosed": "<p>text<script>alert(1)",
    "script-inside-paragraph": "<p>before<script>alert(1)</script>after</p>",
    "script-entity-encoded": "&lt;script&gt;alert(1)&lt;/script&gt;",
    "script-in-comment": "<!--<script>alert(1)</script>-->",
    "ie-conditional-comment": "<!--[if IE]><script>alert(1)</script><![endif]-->",
    "cdata-script": "<![CDATA[<script>alert(1)</script>]]>",
    # Event handlers.
    "img-onerror": "<img src=x onerror=alert(1)>",
    "img-onerror-uppercase": "<IMG SRC=x ONERROR=alert(1)>",
    "svg-onload": "<svg onload=alert(1)>",
    "svg-script": "<svg><script>alert(1)</script></svg>",
    "svg-xlink-href": '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "body-onload": "<body onload=alert(1)>",
    "details-ontoggle": "<details open ontoggle=alert(1)><summary>x</summary></details>",
    "video-source-onerror": "<video><source onerror=alert(1)></video>",
    "marquee-onstart": "<marquee onstart=alert(1)>x</marquee>",
    "input-autofocus-onfocus": "<input onfocus=alert(1) autofocus>",
    "link-with-onclick": '<a href="https://ok.example" onclick="alert(1)">ok</a>',
    "paragraph-onclick-uppercase": "<p ONCLICK=alert(1)>x</p>",
    "heading-onmouseover-unquoted": "<h2 onmouseover=alert(1)>x</h2>",
    "cell-onclick": "<table><tr><td onclick=alert(1)>x</td></tr></table>",
    "slash-separated-handler": "<p/onclick=alert(1)>x</p>",
    # Dangerous URLs in links.
    "href-javascript": '<a href="javascript:alert(1)">x</a>',
    "href-javascript-mixed-case": '<a href="JaVaScRiPt:alert(1)">x</a>',
    "href-javascript-unquoted": "<a href=javascript:alert(1)>x</a>",
    "href-javascript-decimal-entities": '<a href="&#106;avascript:alert(1)">x</a>',
    "href-javascript-hex-entities": '<a href="&#x6A;&#x61;vascript:alert(1)">x</a>',
    "href-javascript-padded-entities": '<a href="&#0000106;avascript:alert(1)">x</a>',
    "href-javascript-entity-colon": '<a href="javascript&colon;alert(1)">x</a>',
    "href-javascript-leading-space": '<a href=" javascript:alert(1)">x</a>',
    "href-javascript-leading-newline": '<a href="\njavascript:alert(1)">x</a>',
    "href-javascript-tab-in-scheme": '<a href="java\tscript:alert(1)">x</a>',
    "href-javascript-newline-in-scheme": '<a href="java\nscript:alert(1)">x</a>',
    "href-javascript-encoded-tab": '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "href-javascript-control-character": '<a href="\x01javascript:alert(1)">x</a>',
    "href-data-html-base64": (
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>'
    ),
    "href-vbscript": '<a href="vbscript:msgbox(1)">x</a>',
    "href-javascript-with-title": '<a href="javascript:alert(1)" title="ok">x</a>',
    # Embedded documents and plugins.
    "iframe-javascript": '<iframe src="javascript:alert(1)"></iframe>',
    "iframe-srcdoc": '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "object-data": '<object data="javascript:alert(1)"></object>',
    "embed-src": '<embed src="javascript:alert(1)">',
    "template-content": "<template><script>alert(1)</script></template>",
    # Style.
    "style-block": "<style>body{background:url(javascript:alert(1))}</style>",
    "style-attribute-expression": '<p style="width:expression(alert(1))">x</p>',
    "style-attribute-url-javascript": ("<p style=\"background:url('javascript:alert(1)')\">x</p>"),
    "cell-style": '<table><tr><td style="background:url(javascript:alert(1))">x</td></tr></table>',
    # Forms, document metadata and imports.
    "form-action": '<form action="javascript:alert(1)"><button>go</button></form>',
    "button-formaction": '<button formaction="javascript:alert(1)">go</button>',
    "isindex": "<isindex type=image src=1 onerror=alert(1)>",
    "meta-refresh": ('<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'),
    "base-href": '<base href="javascript:alert(1)//">',
    "link-import": '<link rel="import" href="https://evil.example/x.html">',
    "table-background": '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    # Mutation XSS: markup that changes meaning when parsed again.
    "noscript-title-breakout": '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "math-mtext-script": "<math><mtext><script>alert(1)</script></mtext></math>",
    "math-mglyph-style": ("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"),
    "svg-style-breakout": ('<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">'),
    "img-inside-allowed-link": (
        '<a href="https://ok.example" title="x"><img src=x onerror=alert(1)>x</a>'
    ),
    "textarea-breakout": "<textarea></textarea><img src=x onerror=alert(1)>",
    "xmp-breakout": '<xmp><p title="</xmp><img src=x onerror=alert(1)>">',
}


@pytest.mark.parametrize("vector", XSS_VECTORS.values(), ids=XSS_VECTORS.keys())
def test_sanitize_removes_xss_vector(vector):
    assert_safe(sanitize(vector))


@pytest.fixture
def team(db):
    return Team.objects.create(name="Global health")


SAVED_VECTORS = [
    "script",
    "img-onerror",
    "href-javascript-decimal-entities",
    "href-javascript-tab-in-scheme",
    "style-attribute-expression",
    "noscript-title-breakout",
    "link-with-onclick",
]


@pytest.mark.parametrize("name", SAVED_VECTORS)
def test_saving_a_person_cleans_the_bio(team, name):
    """Saving cleans the bio even when it never passed through a form."""
    person = Person.objects.create(name="Ada Lovelace", team=team, bio=XSS_VECTORS[name])
    person.refresh_from_db()

    assert_safe(person.bio)
    assert person.bio == sanitize(XSS_VECTORS[name])


def test_saving_again_after_changing_the_bio_cleans_it(team):
    person = Person.objects.create(name="Ada Lovelace", team=team, bio="<p>Fine</p>")
    person.bio = '<p onclick="alert(1)">Changed</p><script>alert(1)</script>'
    person.save()
    person.refresh_from_db()

    assert person.bio == "<p>Changed</p>"


ALLOWED_CONTENT = (
    "<h2>Heading two</h2>"
    "<h3>Heading three</h3>"
    "<h4>Heading four</h4>"
    "<p>Some <strong>bold</strong> and <em>italic</em> text.<br>A new line.</p>"
    "<ul><li>First</li><li>Second</li></ul>"
    "<ol><li>One</li><li>Two</li></ol>"
    "<blockquote><p>A quotation.</p></blockquote>"
    '<p><a href="https://www.lumc.nl/en/" title="LUMC">LUMC</a> and '
    '<a href="mailto:global@lumc.nl">mail us</a>.</p>'
    "<table><thead><tr><th>Country</th><th>Projects</th></tr></thead>"
    '<tbody><tr><td colspan="2">Kenya</td></tr></tbody></table>'
)


def test_allowed_content_survives():
    cleaned = sanitize(ALLOWED_CONTENT)
    tags = [tag for tag, _attrs in parse(cleaned).tags]

    assert_safe(cleaned)
    for tag in ALLOWED_ATTRIBUTES:
        assert tag in tags, f"<{tag}> was removed"
    assert '<a href="https://www.lumc.nl/en/" title="LUMC">LUMC</a>' in cleaned
    assert '<a href="mailto:global@lumc.nl">mail us</a>' in cleaned
    assert '<td colspan="2">Kenya</td>' in cleaned
    assert "<strong>bold</strong>" in cleaned
    assert "<em>italic</em>" in cleaned


def test_allowed_content_is_left_unchanged():
    assert sanitize(ALLOWED_CONTENT) == ALLOWED_CONTENT


@pytest.mark.parametrize("tag", ["h1", "h5", "h6"])
def test_headings_outside_h2_to_h4_lose_the_tag_but_keep_the_text(tag):
    cleaned = sanitize(f"<{tag}>Title</{tag}><p>Body</p>")

    assert cleaned == "Title<p>Body</p>"


def test_saving_a_person_keeps_allowed_content(team):
    person = Person.objects.create(name="Ada Lovelace", team=team, bio=ALLOWED_CONTENT)
    person.refresh_from_db()

    assert person.bio == ALLOWED_CONTENT


MALICIOUS_BIO = (
    '<p onclick="alert(1)">Hello <a href="javascript:alert(1)">click</a></p>'
    "<script>alert(1)</script><img src=x onerror=alert(1)>"
    '<iframe src="javascript:alert(1)"></iframe>'
)
PersonForm = modelform_factory(Person, fields=["name", "team", "bio"])


def post_person_form(team, bio):
    form = PersonForm(data={"name": "Ada Lovelace", "team": team.pk, "bio": bio})
    assert form.is_valid(), form.errors
    return form


def test_form_cleans_the_posted_bio(team):
    form = post_person_form(team, MALICIOUS_BIO)

    assert_safe(form.cleaned_data["bio"])
    assert form.cleaned_data["bio"] == "<p>Hello <a>click</a></p>"


def test_form_validation_cleans_the_bio_on_the_instance(team):
    """Model validation, run by is_valid(), cleans the bio on the form's instance."""
    form = post_person_form(team, MALICIOUS_BIO)

    assert_safe(form.instance.bio)
    assert form.instance.bio == "<p>Hello <a>click</a></p>"


def test_form_saves_a_clean_bio(team):
    form = post_person_form(team, MALICIOUS_BIO)
    person = form.save()
    person.refresh_from_db()

    assert_safe(person.bio)
    assert person.bio == "<p>Hello <a>click</a></p>"
