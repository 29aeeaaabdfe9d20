from django.db import migrations, models


def record_sources(apps, schema_editor):
    # Renditions made before this field existed were made from the image as it is.
    Image = apps.get_model("editorial", "Image")
    for image in Image.objects.exclude(renditions={}).only("file", "focal_x", "focal_y"):
        image.rendered_from = {"file": image.file.name, "focal": [image.focal_x, image.focal_y]}
        image.save(update_fields=["rendered_from"])


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0003_textblock"),
    ]

    operations = [
        migrations.AddField(
            model_name="image",
            name="rendered_from",
            field=models.JSONField(default=dict, editable=False),
        ),
        migrations.RunPython(record_sources, migrations.RunPython.noop),
    ]
