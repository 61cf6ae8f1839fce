"""The plan's organisation and the public holidays in both languages: English readers see the offices' duties, the
leadership seats, the station and the holiday names in English, Chinese readers in Chinese; the admin edits both;
loading the plan or the holidays again keeps one row of each."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from registry.compliance import compliance_by_village
from registry.data.plan import LEADERSHIP, OFFICES, STATION
from registry.models import Holiday, LeadershipMember, Office, Station
from registry.services_work import seed_holidays

from .factories import SessionFactory

pytestmark = pytest.mark.django_db


def _organisation_page(client, user, language=None):
    client.force_login(user)
    if language:
        client.post("/i18n/setlang/", {"language": language, "next": "/"})
    return client.get(reverse("registry:organisation")).content.decode()


def test_the_organisation_page_in_english_shows_the_english_duties_and_no_chinese_ones(client, org, director_a):
    body = _organisation_page(client, director_a, "en")
    for row in OFFICES:
        assert escape(row["duties_en"]) in body, row["code"]
        assert row["duties"] not in body, row["code"]
    for row in LEADERSHIP:
        assert escape(row["name_en"]) in body and escape(row["title_en"]) in body
    assert "各村（社区）儿童主任" not in body and "党委书记" not in body
    for field in ("name", "location", "duties"):
        assert escape(STATION[f"{field}_en"]) in body and STATION[field] not in body


def test_the_organisation_page_in_chinese_shows_the_chinese_duties(client, org, director_a):
    body = _organisation_page(client, director_a)
    police = next(row for row in OFFICES if row["code"] == "police")
    assert police["duties"] in body and escape(police["duties_en"]) not in body
    assert "党委书记" in body and "新时代文明实践站" in body
    assert "Secretary of the Party Committee" not in body and "New Era Civilisation Practice Station" not in body


def test_an_office_without_english_duties_shows_the_chinese_ones_in_english(client, org, director_a):
    Office.objects.filter(code="police").update(duties_en=None)
    body = _organisation_page(client, director_a, "en")
    assert Office.objects.get(code="police").duties_zh_hans in body


def test_an_english_compliance_message_names_the_holiday_in_english(village_a):
    seed_holidays(year=2026)  # 国庆节 2026-10-01 to 10-07
    for day in (dt.date(2026, 10, 8), dt.date(2026, 10, 9), dt.date(2026, 10, 10)):
        SessionFactory(village=village_a, date=day)
    monday, later = dt.date(2026, 10, 5), dt.date(2026, 11, 1)  # the week the holiday ends in
    with translation.override("en"):
        [week] = compliance_by_village(villages=[village_a], mondays=[monday], today=later)[village_a.pk]
    assert week.reasons == [
        "No session during National Day (10-01 to 10-07); there must be at least 1 day open during each holiday."
    ]
    [week] = compliance_by_village(villages=[village_a], mondays=[monday], today=later)[village_a.pk]
    assert week.reasons == ["国庆节（10-01 至 10-07）期间没有开放，节假日至少应开放 1 天。"]


def test_the_holiday_list_shows_each_readers_language(client, station_user):
    seed_holidays(year=2026)
    client.force_login(station_user)
    chinese = client.get(reverse("registry:holidays")).content.decode()
    assert "国庆节" in chinese and "National Day" not in chinese
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get(reverse("registry:holidays")).content.decode()
    assert "National Day" in english and "国庆节" not in english
    assert escape("Chinese New Year (Spring Festival)") in english


def test_the_station_names_a_holiday_in_both_languages_whatever_language_it_works_in(client, station_user):
    client.force_login(station_user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.post(reverse("registry:holiday_new"), {
        "name_zh_hans": "镇自定节日", "name_en": "Township day", "start_date": "2026-03-01", "end_date": "2026-03-01",
    })
    assert response.status_code == 302
    holiday = Holiday.objects.get(start_date=dt.date(2026, 3, 1))
    assert (holiday.name_zh_hans, holiday.name_en) == ("镇自定节日", "Township day")
    response = client.post(reverse("registry:holiday_new"), {"name_en": "No Chinese", "start_date": "2026-03-02",
                                                             "end_date": "2026-03-02"})
    assert response.status_code == 200 and not Holiday.objects.filter(start_date=dt.date(2026, 3, 2)).exists()


def _rows():
    return (
        list(Office.objects.values_list("code", "name_zh_hans", "name_en", "duties_zh_hans", "duties_en")),
        list(LeadershipMember.objects.values_list("name_zh_hans", "name_en", "position", "title_zh_hans", "title_en")),
        list(Station.objects.values_list("name_zh_hans", "name_en", "location_zh_hans", "location_en")),
        list(Holiday.objects.values_list("name_zh_hans", "name_en", "start_date", "end_date")),
    )


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_loading_twice_keeps_one_row_per_office_seat_station_and_holiday(org, language):
    before = _rows()
    with translation.override(language):  # e.g. a command run from a shell whose language is English
        call_command("load_zhanpu", verbosity=0)
        seed_holidays(year=timezone.localdate().year)
    assert _rows() == before
    offices, seats, stations, holidays = before
    assert (len(offices), len(seats), len(stations)) == (len(OFFICES), len(LEADERSHIP), 1)
    assert len(holidays) == len({(name, start) for name, _en, start, _end in holidays}) >= 7
    assert all(en for *_zh, en in offices) and all(name_en for _zh, name_en, *_ in holidays)


@pytest.mark.parametrize(("model", "lookup", "fields"), [
    (Office, {"code": "police"}, ["name", "duties"]),
    (LeadershipMember, {"position": "head"}, ["name", "title"]),
    (Station, {}, ["name", "location", "duties", "rules"]),
    (Holiday, {}, ["name"]),
])
def test_the_admin_edits_both_languages(client, admin_account, model, lookup, fields):
    obj = model.objects.filter(**lookup).first()
    client.force_login(admin_account)
    page = client.get(reverse(f"admin:registry_{model._meta.model_name}_change", args=[obj.pk])).content.decode()
    for field in fields:
        assert f'name="{field}_zh_hans"' in page and f'name="{field}_en"' in page


def test_english_duties_edited_in_the_admin_show_on_the_english_page(client, admin_account, director_a):
    station = Station.objects.get()
    client.force_login(admin_account)
    response = client.post(reverse("admin:registry_station_change", args=[station.pk]), {
        "name_zh_hans": station.name_zh_hans, "name_en": station.name_en,
        "location_zh_hans": station.location_zh_hans, "location_en": "Civilisation Practice Station, Zhanpu",
        "office": station.office_id, "hotline": station.hotline,
        "duties_zh_hans": station.duties_zh_hans, "duties_en": station.duties_en,
        "rules_zh_hans": "每周一例会。", "rules_en": "A meeting every Monday.",
    })
    assert response.status_code == 302
    english = _organisation_page(client, director_a, "en")
    assert "Civilisation Practice Station, Zhanpu" in english and "A meeting every Monday." in english
    assert "每周一例会。" not in english
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "每周一例会。" in client.get(reverse("registry:organisation")).content.decode()
