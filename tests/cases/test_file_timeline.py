"""The child's file shows each timeline event on its local (Asia/Shanghai) day, and each referral and mandatory
report once in its card and once on the timeline."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from cases.models import CaseNote, Referral
from registry.models import Office
from tests.visits.factories import HomeVisitFactory

pytestmark = pytest.mark.django_db


def test_event_late_in_the_utc_day_shows_on_the_local_day(client, station_user, child_a):
    note = CaseNote.objects.create(child=child_a, author=station_user, text="深夜来电跟进")
    CaseNote.objects.filter(pk=note.pk).update(created_at=dt.datetime(2026, 3, 1, 17, 30, tzinfo=dt.UTC))
    client.force_login(station_user)
    body = client.get(reverse("cases:child_detail", args=[child_a.pk])).content.decode()
    assert "2026-03-02" in body and "2026-03-01" not in body


def test_a_note_shows_its_author_and_text(client, station_user, director_a, child_a):
    CaseNote.objects.create(child=child_a, author=director_a, text="监护人已外出务工")
    client.force_login(station_user)
    body = client.get(reverse("cases:child_detail", args=[child_a.pk])).content.decode()
    assert f"备注（{director_a}）" in body and "监护人已外出务工" in body


def test_open_and_closed_referrals(client, station_user, child_a):
    police, school = Office.objects.get(code="police"), Office.objects.exclude(code="police").first()
    today = dt.date.today()
    Referral.objects.create(child=child_a, office=police, reason="开放转介", due_date=today, referred_by=station_user)
    Referral.objects.create(child=child_a, office=school, reason="已完成转介", due_date=today,
                            referred_by=station_user, status=Referral.Status.DONE)
    client.force_login(station_user)
    body = client.get(reverse("cases:child_detail", args=[child_a.pk])).content.decode()
    card = body.split("进行中的转介")[1].split("</ul>")[0]
    assert str(police) in card and str(school) not in card
    assert body.count('data-kind="referral"') == 2


def test_each_visit_and_referral_on_the_timeline_links_to_its_own_page(client, station_user, child_a):
    visits = [HomeVisitFactory(child=child_a, visited_on=dt.date(2026, 3, day)) for day in (2, 9)]
    referral = Referral.objects.create(child=child_a, office=Office.objects.get(code="police"), reason="转介",
                                       due_date=dt.date(2026, 3, 20), referred_by=station_user)
    client.force_login(station_user)
    body = client.get(reverse("cases:child_detail", args=[child_a.pk])).content.decode()
    events = body.split('data-kind="')[1:]
    visit_links = [event for event in events if event.startswith("visit")]
    for visit in visits:
        assert sum(f'href="{reverse("visits:detail", args=[visit.pk])}"' in event for event in visit_links) == 1
    assert any(f'href="{reverse("cases:referral_detail", args=[referral.pk])}"' in event
               for event in events if event.startswith("referral"))


def test_the_timeline_offers_one_button_per_kind_present_with_its_count(client, station_user, child_a):
    for day in range(3):
        HomeVisitFactory(child=child_a, visited_on=dt.date.today() - dt.timedelta(days=day + 1))
    CaseNote.objects.create(child=child_a, author=station_user, text="备注一")
    client.force_login(station_user)
    body = client.get(reverse("cases:child_detail", args=[child_a.pk])).content.decode()
    filter_bar = body.split("data-timeline-filter>")[1].split("</div>")[0]
    buttons = re.findall(r'data-show="(\w*)">([^<]+)</button>', filter_bar)
    assert buttons == [("", "全部 4"), ("visit", "家访 3"), ("note", "备注 1")]
    assert body.count('data-kind="visit"') == 3 and 'id="timeline"' in body


def test_a_timeline_of_one_kind_has_no_filter(client, station_user, child_a):
    HomeVisitFactory(child=child_a, visited_on=dt.date.today() - dt.timedelta(days=1))
    client.force_login(station_user)
    assert "data-timeline-filter" not in client.get(reverse("cases:child_detail", args=[child_a.pk])).content.decode()
