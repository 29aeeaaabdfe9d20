from django.db import migrations

# Where the text blocks of the research pages go: (page, section anchor), or
# no anchor for the page's own title and introduction.
PLACES = {
    "research_intro": ("research", None),
    "phd_and_postdocs": ("research", "phd-and-postdocs"),
    "research_funding": ("research", "research-funding"),
    "collaborations_intro": ("collaborations", None),
    "leiden_university": ("collaborations", "leiden-university"),
    "science_areas": ("collaborations", "science-areas"),
    "interdisciplinary_programmes": ("collaborations", "interdisciplinary-programmes"),
    "global_phd_intro": ("global-phd", None),
}


def move_text_blocks(apps, schema_editor):
    TextBlock = apps.get_model("editorial", "TextBlock")
    Page = apps.get_model("editorial", "Page")
    PageSection = apps.get_model("editorial", "PageSection")
    for position, block in enumerate(TextBlock.objects.order_by("key")):
        # A block no page names keeps its text as a page of its own.
        key, anchor = PLACES.get(block.key, (block.key.replace("_", "-"), None))
        page, _created = Page.objects.get_or_create(key=key)
        if anchor is None:
            page.title, page.intro = block.title or page.title, block.body
            page.save()
        else:
            PageSection.objects.update_or_create(
                page=page,
                anchor=anchor,
                defaults={"heading": block.title, "body": block.body, "position": position},
            )


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0005_pages"),
    ]

    operations = [
        migrations.RunPython(move_text_blocks, migrations.RunPython.noop),
        migrations.DeleteModel(name="TextBlock"),
    ]
