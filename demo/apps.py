from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Synthetic data for benchmarks and load tests (`manage.py generate_county`). No models."""

    name = "demo"
    verbose_name = _("示例与压测数据")
