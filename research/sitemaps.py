from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import PartnerInstitution, Project, ResearchTheme


class ResearchPagesSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return ["research:index", "research:collaborations", "research:global_phd"]

    def location(self, item):
        return reverse(item)


class ResearchItemSitemap(Sitemap):
    changefreq = "monthly"
    models = [ResearchTheme, PartnerInstitution, Project]

    def items(self):
        return [item for model in self.models for item in model.objects.published().order_by("pk")]

    def lastmod(self, item):
        return item.changed_at
