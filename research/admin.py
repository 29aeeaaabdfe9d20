from django.contrib import admin

from .models import KeyFigure


@admin.register(KeyFigure)
class KeyFigureAdmin(admin.ModelAdmin):
    list_display = ["value", "label", "year", "source", "on_home", "position"]
    list_filter = ["on_home"]
    search_fields = ["label", "value", "source"]
