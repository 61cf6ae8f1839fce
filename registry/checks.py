"""System checks of the portal's own settings."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def portal_url_is_set(app_configs, **kwargs):
    if settings.PORTAL_URL:
        return []
    return [Warning(
        "PORTAL_URL is not set: e-mailed notifications will carry a path without the portal's address.",
        hint="Set PORTAL_URL to the address users open the portal at, e.g. https://portal.zhanpu.local",
        id="registry.W001",
    )]
