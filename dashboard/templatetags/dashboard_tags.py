from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def figure(value, url=""):
    """A number linking to the list behind it (plain when that list page does not exist)."""
    if url:
        return format_html('<a href="{}" class="figure-link">{}</a>', url, value)
    return format_html("{}", value)
