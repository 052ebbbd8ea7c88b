from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    """The consultant's pages over many clients: compare, progress, portfolio, exports."""

    name = "workspace"
    verbose_name = _("Consultant workspace")
