"""Public holidays for the family-education rule [三(二)3] are loaded ahead of time by Celery beat, so that from
1 January the holiday rule still has the new year's holidays to judge by."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from registry.compliance import holidays_loaded
from registry.models import Holiday
from registry.services_work import load_coming_holidays
from registry.tasks import load_coming_holidays as load_coming_holidays_task

from .factories import HolidayFactory

pytestmark = pytest.mark.django_db


def _package_rows(year):
    return Holiday.objects.filter(source=Holiday.Source.PACKAGE, start_date__year=year)


def test_the_task_loads_this_and_next_years_holidays_once():
    year = timezone.localdate().year
    loaded = load_coming_holidays_task.delay().get()
    assert set(loaded) == {str(year), str(year + 1)} and all(loaded.values())
    assert {"春节", "劳动节", "国庆节"} <= set(_package_rows(year + 1).values_list("name", flat=True))
    rows = Holiday.objects.count()
    assert load_coming_holidays_task.delay().get() == {}  # both years are loaded: nothing to do
    assert Holiday.objects.count() == rows  # the second run created no row, duplicate or otherwise


def test_a_year_already_loaded_is_left_alone(org):
    year = timezone.localdate().year
    corrected = _package_rows(year).order_by("start_date").first()  # loaded by load_zhanpu, then corrected
    corrected.end_date += dt.timedelta(days=1)
    corrected.save()
    rows_this_year = _package_rows(year).count()
    assert set(load_coming_holidays()) == {year + 1}
    assert Holiday.objects.get(pk=corrected.pk).end_date == corrected.end_date
    assert _package_rows(year).count() == rows_this_year


def test_a_manual_row_does_not_stop_the_package_load():
    HolidayFactory(name="镇自定节日", start_date=dt.date(2031, 3, 1), end_date=dt.date(2031, 3, 1))
    assert set(load_coming_holidays(today=dt.date(2030, 12, 1))) == {2030, 2031}
    assert _package_rows(2031).filter(name="春节").exists()


def test_the_command_and_the_task_share_the_loader():
    call_command("load_holidays", year=2031, verbosity=0)
    assert set(load_coming_holidays(today=dt.date(2031, 6, 1))) == {2032}


def test_a_period_over_new_year_does_not_make_the_next_year_look_loaded():
    HolidayFactory(name="元旦", start_date=dt.date(2023, 12, 30), end_date=dt.date(2024, 1, 1))
    assert not holidays_loaded(2024) and not holidays_loaded(2023)
    HolidayFactory(name="春节", start_date=dt.date(2024, 2, 10), end_date=dt.date(2024, 2, 17))
    assert holidays_loaded(2024)


def test_beat_runs_the_loader_daily(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["registry-load-holidays"]
    assert entry["task"] == "registry.load_coming_holidays" and entry["schedule"] <= 86400


def test_loading_a_year_again_keeps_the_stations_corrections_and_fills_only_blank_english():
    call_command("load_holidays", year=2031, verbosity=0)
    corrected, untranslated = _package_rows(2031).order_by("start_date")[:2]
    corrected.end_date += dt.timedelta(days=1)
    corrected.name_en = "Corrected name"
    corrected.save()
    Holiday.objects.filter(pk=untranslated.pk).update(name_en="")  # loaded before the English existed
    rows = Holiday.objects.count()
    call_command("load_holidays", year=2031, verbosity=0)
    corrected_now, untranslated_now = Holiday.objects.get(pk=corrected.pk), Holiday.objects.get(pk=untranslated.pk)
    assert (corrected_now.end_date, corrected_now.name_en) == (corrected.end_date, "Corrected name")
    assert untranslated_now.name_en == untranslated.name_en != ""
    assert Holiday.objects.count() == rows


def test_loading_a_year_keeps_a_manual_period_of_the_same_name_and_day_manual():
    HolidayFactory(name="劳动节", start_date=dt.date(2031, 5, 1), end_date=dt.date(2031, 5, 2))  # package: to 05-04
    call_command("load_holidays", year=2031, verbosity=0)
    labour_day = Holiday.objects.get(name_zh_hans="劳动节", start_date=dt.date(2031, 5, 1))
    assert (labour_day.end_date, labour_day.source) == (dt.date(2031, 5, 2), Holiday.Source.MANUAL)


def test_loading_a_year_again_keeps_a_period_whose_first_day_the_station_moved():
    call_command("load_holidays", year=2031, verbosity=0)
    labour_day = _package_rows(2031).get(name="劳动节")
    package_start = labour_day.start_date
    labour_day.start_date += dt.timedelta(days=1)  # the station corrects the package's estimate
    labour_day.save()
    rows = Holiday.objects.count()
    call_command("load_holidays", year=2031, verbosity=0)
    assert Holiday.objects.count() == rows
    assert not Holiday.objects.filter(name_zh_hans="劳动节", start_date=package_start).exists()
    assert holidays_loaded(2032) is False  # a neighbouring year's period of the same name is not taken for it
    call_command("load_holidays", year=2032, verbosity=0)
    assert Holiday.objects.filter(name_zh_hans="劳动节", start_date__year=2032).exists()
