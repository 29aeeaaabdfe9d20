"""
Write the site search's documents anew, for every searchable item.

    manage.py rebuild_search_index

Saving and deleting items keeps the index current on its own; this is for
what bypasses that, such as bulk inserts (`generate_bench_data` and
`load_demo_content` end with it) or a restored database dump.
"""

import time

from django.core.management.base import BaseCommand

from lumcglobal.search import rebuild


class Command(BaseCommand):
    help = "Write the site search's documents anew, for every searchable item."

    def handle(self, *args, **options):
        started = time.monotonic()
        count = rebuild()
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(f"{count:,} items are in the search index ({seconds:.1f} s).")
        )
