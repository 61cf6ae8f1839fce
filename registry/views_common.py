"""Small helpers shared by the organisation-at-work views: save a bound form, filter by village, paginate, render a
form page."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import render

from .services_work import StaleVersionError, save_record

PAGE_SIZE = 50


def save_form(form, **fields) -> bool:
    """Save a bound model form through `save_record`; on any refusal the form carries the message. True if saved."""
    if not form.is_valid():
        return False
    instance = form.save(commit=False)
    for name, value in fields.items():
        setattr(instance, name, value)
    try:
        save_record(
            instance=instance,
            seen_version=form.cleaned_data.get("seen_version"),
            save_m2m=getattr(form, "save_m2m", None),
        )
    except StaleVersionError as error:
        form.add_error(None, str(error.message))
        return False
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


def of_village(request, queryset):
    """`queryset` narrowed to the village chosen by ?village= (a number; anything else, e.g. "²", chooses none), and
    the value as typed, for the filter's form."""
    village = request.GET.get("village", "")
    if village.isascii() and village.isdigit():
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
