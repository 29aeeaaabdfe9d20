# Science-area clusters, interdisciplinary programmes and key figures have no
# page of their own: they keep their publication but lose slug and preview key.

from django.db import migrations

NO_ADDRESS = ["scienceareacluster", "interdisciplinaryprogramme", "keyfigure"]


def forget_old_addresses(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    SlugRedirect = apps.get_model("editorial", "SlugRedirect")
    types = ContentType.objects.filter(app_label="research", model__in=NO_ADDRESS)
    SlugRedirect.objects.filter(content_type__in=types).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("editorial", "0001_initial"),
        ("research", "0002_preview_key"),
    ]

    operations = [
        migrations.RunPython(forget_old_addresses, migrations.RunPython.noop),
        migrations.RemoveField(model_name="interdisciplinaryprogramme", name="preview_key"),
        migrations.RemoveField(model_name="interdisciplinaryprogramme", name="slug"),
        migrations.RemoveField(model_name="keyfigure", name="preview_key"),
        migrations.RemoveField(model_name="keyfigure", name="slug"),
        migrations.RemoveField(model_name="scienceareacluster", name="preview_key"),
        migrations.RemoveField(model_name="scienceareacluster", name="slug"),
    ]
