from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def figure(value, url=""):
    """`{{ row.total|figure:row.url }}`: a number linking to the list behind it (plain when that list page does not
    exist). A filter with an f-string, not a tag with format_html: a county's dashboard shows over a thousand."""
    if url:
        return mark_safe(f'<a href="{escape(url)}" class="figure-link">{escape(str(value))}</a>')  # noqa: S308 - escaped
    return value
