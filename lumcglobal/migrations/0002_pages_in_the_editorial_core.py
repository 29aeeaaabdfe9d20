from django.db import migrations
from django.utils.html import linebreaks


def move_pages(apps, schema_editor):
    """The site pages' texts move to the core's page texts; plain paragraphs become HTML."""
    OldPage = apps.get_model("lumcglobal", "Page")
    Page = apps.get_model("editorial", "Page")
    PageSection = apps.get_model("editorial", "PageSection")
    for old in OldPage.objects.prefetch_related("sections"):
        page, _created = Page.objects.update_or_create(
            key=old.key,
            defaults={
                "title": old.title,
                "intro": linebreaks(old.intro) if old.intro else "",
                "description": old.description,
            },
        )
        for section in old.sections.all():
            PageSection.objects.update_or_create(
                page=page,
                anchor=section.anchor,
                defaults={
                    "heading": section.heading,
                    "body": linebreaks(section.body),
                    "position": section.position,
                },
            )


class Migration(migrations.Migration):
    dependencies = [
        ("lumcglobal", "0001_initial"),
        ("editorial", "0005_pages"),
    ]

    operations = [
        migrations.RunPython(move_pages, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="pagesection", name="unique_section_anchor"),
        migrations.RemoveField(model_name="pagesection", name="page"),
        migrations.DeleteModel(name="Page"),
        migrations.DeleteModel(name="PageSection"),
    ]
