from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every page shares and nothing else: chart helpers, template tags, partials.

    It imports no other app of the project, so every app may import it.
    """

    name = "core"
    verbose_name = "Core"
