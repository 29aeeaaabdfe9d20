import reversion
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

import events.demo
import lumcglobal.demo
import people.demo
import programmes.demo
import research.demo

# In dependency order: an app's content may refer to that of the apps before it.
LOADERS = [people.demo, research.demo, programmes.demo, events.demo, lumcglobal.demo]


class Command(BaseCommand):
    help = "Load the current site's content as records. Running it again changes nothing."

    @transaction.atomic
    def handle(self, *args, **options):
        # What is loaded starts its history, so editors can always go back to it.
        with reversion.create_revision():
            reversion.set_comment("Loaded from the current site")
            for module in LOADERS:
                module.load()
                self.stdout.write(f"Loaded {module.__name__}")
        call_command("rebuild_search_index", stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
