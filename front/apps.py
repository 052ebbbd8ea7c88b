from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontConfig(AppConfig):
    """The home page over all of a user's organizations, and the demo data: the top layer."""

    name = "front"
    verbose_name = _("Front")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from front.navigation import app_bar_on_login

        user_logged_in.connect(app_bar_on_login, dispatch_uid="front.app_bar")
