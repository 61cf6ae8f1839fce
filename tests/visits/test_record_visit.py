"""Filing a home visit: who may, which dates are refused, what it changes on the child."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories import ChildFactory
from visits.models import HomeVisit
from visits.services import record_visit

from .factories import HomeVisitFactory, visit_form_data

pytestmark = pytest.mark.django_db


def _fields(**overrides):
    return {"visited_on": timezone.localdate(), "kind": HomeVisit.Kind.HOME, "visitors": "甲", **overrides}


def test_director_files_visit_and_next_due_moves_by_tier_interval(client, director_a, child_a, today):
    child_a.tier = "orange"
    child_a.save()
    client.force_login(director_a)
    response = client.post(reverse("visits:new", args=[child_a.pk]), visit_form_data())
    visit = HomeVisit.objects.get(child=child_a)
    assert response.status_code == 302
    assert response["Location"] == reverse("visits:child", args=[child_a.pk]) + f"?saved={visit.pk}"
    child_a.refresh_from_db()
    assert child_a.last_visit_on == today
    assert child_a.next_visit_due == today + dt.timedelta(days=14)
    assert visit.recorded_by == director_a and visit.problems == "作业无人辅导"
    assert visit.history.count() == 1


def test_station_files_visit_in_any_village(client, station_user, child_b, today):
    client.force_login(station_user)
    assert client.post(reverse("visits:new", args=[child_b.pk]), visit_form_data()).status_code == 302
    assert HomeVisit.objects.filter(child=child_b).exists()


def test_future_date_is_refused_and_input_kept(client, director_a, child_a, today):
    client.force_login(director_a)
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    response = client.post(reverse("visits:new", args=[child_a.pk]), visit_form_data(visited_on=tomorrow))
    body = response.content.decode()
    assert response.status_code == 200
    assert "走访日期不能晚于今天" in body
    assert "作业无人辅导" in body  # nothing typed is lost
    assert not HomeVisit.objects.exists()


def test_date_before_birth_is_refused(director_a, village_a, today):
    child = ChildFactory(village=village_a, birth_date=today - dt.timedelta(days=100),
                         registered_on=today - dt.timedelta(days=100))
    with pytest.raises(ValidationError, match="出生日期"):
        record_visit(by=director_a, child=child, **_fields(visited_on=today - dt.timedelta(days=101)))


def test_date_before_registration_is_refused(director_a, child_a):
    with pytest.raises(ValidationError, match="建档日期"):
        record_visit(by=director_a, child=child_a, **_fields(visited_on=child_a.registered_on - dt.timedelta(days=1)))
    assert not HomeVisit.objects.exists()


def test_visitors_are_required(client, director_a, child_a):
    client.force_login(director_a)
    response = client.post(reverse("visits:new", args=[child_a.pk]), visit_form_data(visitors=""))
    assert response.status_code == 200 and not HomeVisit.objects.exists()


def test_service_refuses_a_child_the_user_may_not_change(leader, director_b, child_a):
    for user in (leader, director_b):
        with pytest.raises(PermissionDenied):
            record_visit(by=user, child=child_a, **_fields())
    assert not HomeVisit.objects.exists()


def test_other_village_director_gets_404_without_the_childs_name(client, director_b, child_a):
    client.force_login(director_b)
    url = reverse("visits:new", args=[child_a.pk])
    for response in (client.get(url), client.post(url, visit_form_data())):
        assert response.status_code == 404
        assert child_a.name not in response.content.decode()
    assert not HomeVisit.objects.exists()


@pytest.mark.parametrize("role", ["leader", "hotline_user", "police_user", "admin_account"])
def test_roles_that_do_not_file_visits_are_refused(client, request, role, child_a):
    client.force_login(request.getfixturevalue(role))
    response = client.post(reverse("visits:new", args=[child_a.pk]), visit_form_data())
    assert response.status_code == 403
    assert child_a.name not in response.content.decode()
    assert not HomeVisit.objects.exists()


def test_get_shows_the_form_and_changes_nothing(client, director_a, child_a):
    client.force_login(director_a)
    response = client.get(reverse("visits:new", args=[child_a.pk]))
    assert response.status_code == 200 and not HomeVisit.objects.exists()


def test_risk_changed_puts_child_on_reassessment_list(director_a, child_a):
    record_visit(by=director_a, child=child_a, **_fields(risk_changed=True))
    child_a.refresh_from_db()
    assert child_a.needs_reassessment is True


def test_a_visit_finding_the_risk_changed_prompts_its_director_to_reassess_with_a_link(client, director_a, child_a):
    client.force_login(director_a)
    page = client.post(reverse("visits:new", args=[child_a.pk]), visit_form_data(risk_changed="on"), follow=True)
    body = page.content.decode()
    assert "本次家访发现风险状况有变化：请尽快重新评估该儿童的风险等级。" in body
    assert f'href="{reverse("cases:assess", args=[child_a.pk])}" id="reassess"' in body
    assert client.get(reverse("cases:assess", args=[child_a.pk])).status_code == 200


def test_a_visit_without_a_risk_change_prompts_nothing(client, director_a, child_a):
    client.force_login(director_a)
    body = client.post(reverse("visits:new", args=[child_a.pk]), visit_form_data(), follow=True).content.decode()
    assert "家访记录已保存" in body and "重新评估" not in body


def test_who_may_only_read_the_visits_sees_the_flag_but_no_link_to_assess(client, leader, director_a, child_a):
    record_visit(by=director_a, child=child_a, **_fields(risk_changed=True))
    client.force_login(leader)
    body = client.get(reverse("visits:child", args=[child_a.pk])).content.decode()
    assert "需要重新评估" in body and 'id="reassess"' not in body


def test_visit_without_risk_change_leaves_reassessment_flag_alone(director_a, child_a):
    record_visit(by=director_a, child=child_a, **_fields())
    child_a.refresh_from_db()
    assert child_a.needs_reassessment is False


def test_late_filed_older_visit_does_not_move_last_visit_back(director_a, child_a, today):
    record_visit(by=director_a, child=child_a, **_fields(visited_on=today))
    record_visit(by=director_a, child=child_a, **_fields(visited_on=today - dt.timedelta(days=5)))
    child_a.refresh_from_db()
    assert child_a.last_visit_on == today
    assert child_a.next_visit_due == today + dt.timedelta(days=90)


def test_visit_detail_visible_to_village_and_township_not_others(client, all_role_users, child_a):
    visit = HomeVisitFactory(child=child_a, problems="甲村的问题")
    url = reverse("visits:detail", args=[visit.pk])
    expected = {"leader": 200, "station_user": 200, "director_a": 200, "director_b": 404, "hotline_user": 403,
                "police_user": 403, "school_user": 403, "admin_account": 403}
    for name, user in all_role_users.items():
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == expected[name], name
        if expected[name] != 200:
            assert "甲村的问题" not in response.content.decode()


def test_visit_is_kept_in_the_childs_history_with_who(director_a, child_a):
    record_visit(by=director_a, child=child_a, **_fields(risk_changed=True))
    latest = child_a.history.latest()
    assert latest.history_user == director_a and latest.needs_reassessment is True


def test_saved_message_reaches_the_page_loaded_after_a_script_submission(client, director_a, child_a):
    """drafts.js posts with X-Draft-Fetch: it gets the location to load, and that page shows the confirmation."""
    client.force_login(director_a)
    response = client.post(reverse("visits:new", args=[child_a.pk]), visit_form_data(), HTTP_X_DRAFT_FETCH="1")
    visit = HomeVisit.objects.get(child=child_a)
    assert response.status_code == 200
    location = response.json()["location"]
    assert location == reverse("visits:child", args=[child_a.pk]) + f"?saved={visit.pk}"
    assert "家访记录已保存，下次家访截止日期" in client.get(location).content.decode()


def test_station_sees_who_changed_a_visit_others_do_not(client, station_user, director_a, child_a):
    visit = HomeVisitFactory(child=child_a, problems="原记录")
    visit.problems = "更正后的记录"
    visit.save()
    client.force_login(station_user)
    body = client.get(reverse("visits:detail", args=[visit.pk])).content.decode()
    assert "修改记录" in body and "原记录" in body
    client.force_login(director_a)
    body = client.get(reverse("visits:detail", args=[visit.pk])).content.decode()
    assert "修改记录" not in body and "原记录" not in body
