from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontConfig(AppConfig):
    """The home page over all of a user's organizations, and the demo data: the top layer."""

    name = "front"
    verbose_name = _("Front")
