from django.core.management.base import BaseCommand
from django.db import transaction

import lumcglobal.demo
import research.demo

# In dependency order: an app's content may refer to that of the apps before it.
LOADERS = [research.demo, lumcglobal.demo]


class Command(BaseCommand):
    help = "Load the current site's content as records. Running it again changes nothing."

    @transaction.atomic
    def handle(self, *args, **options):
        for module in LOADERS:
            module.load()
            self.stdout.write(f"Loaded {module.__name__}")
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
