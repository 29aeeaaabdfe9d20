from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class SitePagesSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return ["home", "about", "contact", "newsletter"]

    def location(self, item):
        return reverse(item)
