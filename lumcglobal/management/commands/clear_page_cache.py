from django.conf import settings
from django.core.management.base import BaseCommand

from lumcglobal import pagecache


class Command(BaseCommand):
    help = (
        "Forget every page kept in the page cache, e.g. after changing the database "
        "outside the site (psql, a restored dump)."
    )

    def handle(self, **options):
        if not settings.PAGE_CACHE_URL:
            self.stdout.write("No page cache: REDIS_URL is not set.")
            return
        pagecache.clear()
        self.stdout.write("Page cache cleared.")
