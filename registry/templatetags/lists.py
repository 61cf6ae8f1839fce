"""Template helpers for list pages, where per-row and per-option costs add up.

`label`: the display label of a field with choices, like `get_FOO_display`, but from a dict built once per model
field and language. (`get_FOO_display` rebuilds a dict of every choice on each call, translating every label.)
`options`: the <option>s of a filter form's select (templates/includes/filter_field.html).
`series`: a list joined with the reader's list separator (zhanpu.text).
`ymd`, `ymd_hm`: the portal's date and date-time format (`|date:"Y-m-d"` without the format machinery).
`url_for`: `{% url name pk %}` with the URL reversed once per page and name, not once per row.
"""

from functools import cache
from html import escape

from django import template
from django.forms import ModelChoiceField
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from zhanpu import text
from zhanpu.links import object_url

register = template.Library()


@cache
def _labels(model, field_name: str, language: str | None) -> dict:
    return {value: str(text) for value, text in model._meta.get_field(field_name).flatchoices}


@register.filter
def label(obj, field_name: str):
    """`{{ call|label:"urgency" }}`: the translated label of the value of `field_name`; the value itself when it
    is not one of the choices (as `get_FOO_display` does)."""
    value = getattr(obj, field_name)
    return _labels(type(obj), field_name, get_language()).get(value, value)


def _choices(field):
    """A select's (value, label) pairs. A model choice field's queryset is read with one plain query, not with
    ModelChoiceIterator's `.iterator()` (a server-side cursor on PostgreSQL: three round trips per select)."""
    if not isinstance(field, ModelChoiceField):
        return field.choices
    empty = [] if field.empty_label is None else [("", field.empty_label)]
    if getattr(field, "null_label", None) is not None:  # django-filter's "none" choice
        empty.append((field.null_value, field.null_label))
    return empty + [(field.prepare_value(obj), field.label_from_instance(obj)) for obj in field.queryset]


@register.filter
def options(field):
    """The <option> elements of a bound select field with its current value selected, as Django's Select widget
    renders them, without a template per option (a village select has hundreds) or a COUNT query per list."""
    current = field.value()
    current = "" if current is None else str(current)
    html = []
    for value, label in _choices(field.field):
        selected = " selected" if str(value) == current else ""
        html.append(f'<option value="{escape(str(value))}"{selected}>{escape(str(label))}</option>')
    return mark_safe("".join(html))  # noqa: S308 - every value and label is escaped above


@register.filter
def series(items) -> str:
    """`{{ child.category_list|series }}`: the items joined with the reader's list separator (、 or ", ")."""
    return text.series(items)


@register.filter(expects_localtime=True)
def ymd(value) -> str:
    """`{{ child.next_visit_due|ymd }}`: "2026-11-30", or "—" when there is no date."""
    return value.strftime("%Y-%m-%d") if value else "—"


@register.filter(expects_localtime=True)
def ymd_hm(value) -> str:
    """`{{ call.received_at|ymd_hm }}`: "2026-11-30 09:05" in the portal's time zone, or "—"."""
    return value.strftime("%Y-%m-%d %H:%M") if value else "—"


@register.filter
def url_for(pk, name: str) -> str:
    """`{{ child.pk|url_for:"cases:child_detail" }}`: the same as `{% url "cases:child_detail" child.pk %}`."""
    return object_url(name, pk)
