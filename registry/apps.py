from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("组织机构")

    def ready(self):
        from . import checks  # noqa: F401 - registers the system checks
