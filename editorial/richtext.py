"""
Rich text: edited with a WYSIWYG editor in the admin, stored as HTML cleaned to
an allow-list. What the editor cannot make, the cleaner removes, whatever was
pasted or posted: no script, event handler, style, iframe or javascript:/data: URL.
"""

from django_prose_editor.fields import ProseEditorField, create_sanitizer

# Headings, lists, links, bold and italic, quotes and tables; nothing else.
EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "History": True,
}

sanitize = create_sanitizer(EXTENSIONS)


class RichTextField(ProseEditorField):
    """
    HTML from the editor, cleaned when the form is validated and again on every
    save. `heading_level` is the level its first heading takes on the public
    page: 2 under the page's title, 3 under a section's heading (the checks
    warn otherwise; it is not stored in migrations).
    """

    def __init__(self, *args, heading_level=2, **kwargs):
        self.heading_level = heading_level
        kwargs["extensions"] = EXTENSIONS
        kwargs["sanitize"] = True
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"sanitize": sanitize, **kwargs})

    def pre_save(self, model_instance, add):
        value = sanitize(getattr(model_instance, self.attname) or "")
        setattr(model_instance, self.attname, value)
        return value
