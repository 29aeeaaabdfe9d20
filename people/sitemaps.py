from django.contrib.sitemaps import Sitemap

from .models import Person


class PersonSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Person.objects.published().order_by("pk")

    def lastmod(self, person):
        return person.changed_at
