"""Small helpers shared by the organisation-at-work views: save a bound form, filter by village, paginate, render a
form page."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Model
from django.shortcuts import render

from zhanpu.drafts import filed_once_key

from .services_work import StaleVersionError, save_record

PAGE_SIZE = 50


def _owner(fields: dict) -> dict:
    """`fields` as store_once compares them with the record stored before: {"recorded_by_id": 3, "facility_id": 7}."""
    owner = {}
    for name, value in fields.items():
        if isinstance(value, Model):
            owner[f"{name}_id"] = value.pk
        else:
            owner[name] = value
    return owner


def save_form(form, *, by=None, **fields):
    """Save a bound model form through `save_record`, with `fields` set on the record, as sent by `by`; on any
    refusal the form carries the message and None is returned. Returns the record saved, which `form.instance`
    becomes: a new record's form sent again (a double tap, an answer lost on a weak connection) returns the record
    its submission key stored the first time (zhanpu/drafts; a form sent without a key gets one made from its input:
    zhanpu.drafts.filed_once_key), and an edit sent again the record it saved."""
    if not form.is_valid():
        return None
    instance = form.save(commit=False)
    for name, value in fields.items():
        setattr(instance, name, value)
    submitted = {name: form.cleaned_data[name] for name in form._meta.fields if name in form.cleaned_data}
    key = None
    if "submission_key" in form.fields and not instance.pk:
        key = filed_once_key(form, by=by, about=fields)
    try:
        record = save_record(
            instance=instance,
            seen_version=form.cleaned_data.get("seen_version"),
            save_m2m=getattr(form, "save_m2m", None),
            by=by,
            submitted=submitted,
            submission_key=key,
            owner=_owner(fields),
        )
    except StaleVersionError as error:
        form.add_error(None, str(error.message))
        return None
    except ValidationError as error:
        form.add_error(None, error)
        return None
    form.instance = record
    return record


def of_village(request, queryset):
    """`queryset` narrowed to the village chosen by ?village= (a number; anything else, e.g. "²", chooses none), and
    the value as typed, for the filter's form."""
    village = request.GET.get("village", "")
    if village.isascii() and village.isdigit() and len(village) <= 18:  # a record number (beyond: none, no overflow)
        queryset = queryset.filter(village_id=int(village))
    return queryset, village


def paginate(request, queryset):
    """A page of 50; `page.query` keeps the other GET parameters (filters) for the page links."""
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    page.query = params.urlencode()
    return page


def form_page(request, form, *, title, back_url, intro=""):
    return render(
        request, "registry/work_form.html", {"form": form, "title": title, "back_url": back_url, "intro": intro}
    )
