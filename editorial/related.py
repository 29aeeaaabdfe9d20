"""
Related content from higher apps, on the pages of lower ones: a person's page
shows the events and news about them, which the core and the people app know
nothing of. An app registers a provider in its AppConfig.ready(); the core's
{% related_content obj %} tag shows what every provider gives.
"""

PROVIDERS = []


def register(provider):
    """
    Add `provider(obj, heading_level)`, which returns (template name, context)
    for a part of `obj`'s page, or None when it has nothing for `obj`.
    """
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)
    return provider
