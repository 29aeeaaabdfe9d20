from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events and news")

    def ready(self):
        from editorial import related

        from .related import events_and_news

        related.register(events_and_news)
