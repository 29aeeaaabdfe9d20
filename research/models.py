from django.db import models
from django.utils.translation import gettext_lazy as _

from lumcglobal.editorial.models import EditorialModel


class KeyFigureQuerySet(models.QuerySet):
    def on_home(self):
        return self.filter(on_home=True)


class KeyFigure(EditorialModel):
    """A number that tells what LUMC is, with where and when it was stated."""

    value = models.CharField(
        _("value"), max_length=40, help_text=_("As it should be shown, e.g. “~2,000” or “6th”.")
    )
    label = models.CharField(
        _("label"), max_length=200, help_text=_("What the value counts, e.g. “PhD theses a year”.")
    )
    year = models.CharField(
        _("year"),
        max_length=40,
        blank=True,
        help_text=_("The year or years the figure is for, e.g. “2014 and 2015”."),
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    source_url = models.URLField(_("source address"), blank=True)
    on_home = models.BooleanField(_("show on the home page"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = KeyFigureQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")

    def __str__(self):
        return f"{self.value} {self.label}"
