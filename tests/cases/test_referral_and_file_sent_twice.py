"""A referral action, a child's edit or a child's registration sent twice (a double tap; a phone on a weak connection
sending again after its answer was lost): the second sending changes nothing and is answered as the first was, not
as someone else's change or a duplicate. A different second submission, or someone else's change in between, is
still refused as before."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLog
from cases.models import Child, Guardian, Referral
from cases.services import accept_referral, create_referral
from registry.models import Notification
from registry.services import grant_office_access
from tests.cases.form_data import child_edit_data
from tests.factories import GuardianFactory, UserFactory, make_id_number

pytestmark = pytest.mark.django_db

STALE_REFERRAL = "已被他人处理"
STALE_FILE = "已被他人修改"
DUPLICATE_ID = "该身份证号码已有档案"


def _twice(client, url, data, again=None):
    return client.post(url, data), client.post(url, data if again is None else again)


# Referrals -----------------------------------------------------------------------------------------------------------


@pytest.fixture
def referral(director_a, school_user, child_a, school):
    return create_referral(by=director_a, child=child_a, office=school, reason="申请教育资助")


def _action(referral, action):
    return reverse("cases:referral_action", args=[referral.pk, action])


def _return(client, referral, version):
    return client.post(_action(referral, "return"), {"version": version, "reason": "不属本部门职责"})


def _refused_as_stale(response, form="response_form") -> bool:
    """Refused with the stale-page error (on the form, which the page no longer shows once the referral is closed)."""
    return response.status_code == 400 and any(
        STALE_REFERRAL in error for error in response.context[form].non_field_errors())


@pytest.mark.parametrize(("action", "status", "field", "text"), [
    ("accept", Referral.Status.ACCEPTED, "response", ""),
    ("respond", Referral.Status.PENDING, "response", "已联系学校"),
    ("return", Referral.Status.RETURNED, "return_reason", "不属本部门职责"),
])
def test_an_office_action_sent_twice_is_saved_once_and_answered_as_saved(client, school_user, referral, action,
                                                                          status, field, text):
    client.force_login(school_user)
    data = {"version": referral.version, "response": text, "reason": text}
    first, again = _twice(client, _action(referral, action), data)
    assert first.status_code == again.status_code == 302
    assert again.url == first.url == reverse("cases:referral_detail", args=[referral.pk])
    stored = Referral.objects.get(pk=referral.pk)
    assert (stored.status, getattr(stored, field), stored.handled_by, stored.version) == (
        status, text, school_user, referral.version + 1)
    assert stored.history.count() == 2  # the referral made, the one action
    page = client.get(again.url).content.decode()
    assert ("办理回复已保存" if action == "respond" else "已更新转介") in page and STALE_REFERRAL not in page


def test_a_completion_sent_twice_tells_the_referrer_once(client, director_a, school_user, referral):
    accepted = accept_referral(by=school_user, referral=referral, version=referral.version)
    told = Notification.objects.filter(recipient=director_a).count()
    client.force_login(school_user)
    first, again = _twice(client, _action(referral, "complete"), {"version": accepted.version, "response": "已资助"})
    assert first.status_code == again.status_code == 302
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.DONE
    assert Notification.objects.filter(recipient=director_a).count() == told + 1


def test_a_return_sent_twice_tells_the_station_once(client, station_user, school_user, referral):
    client.force_login(school_user)
    _twice(client, _action(referral, "return"), {"version": referral.version, "reason": "不属本部门职责"})
    url = reverse("cases:referral_detail", args=[referral.pk])
    assert Notification.objects.filter(recipient=station_user, url=url).count() == 1


def test_a_different_answer_from_the_same_page_is_still_refused(client, school_user, referral):
    client.force_login(school_user)
    first, again = _twice(client, _action(referral, "respond"), {"version": referral.version, "response": "已联系学校"},
                          again={"version": referral.version, "response": "学校已同意资助"})
    assert first.status_code == 302
    assert _refused_as_stale(again) and STALE_REFERRAL in again.content.decode()
    assert Referral.objects.get(pk=referral.pk).response == "已联系学校"


def test_another_action_from_the_same_page_is_still_refused(client, school_user, referral):
    client.force_login(school_user)
    assert client.post(_action(referral, "accept"), {"version": referral.version, "response": ""}).status_code == 302
    again = _return(client, referral, referral.version)
    assert _refused_as_stale(again, "return_form")
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.ACCEPTED


def test_the_same_action_by_a_colleague_is_still_someone_elses(client, school_user, referral, school):
    colleague = UserFactory(username="school2")
    grant_office_access(user=colleague, office=school)
    client.force_login(colleague)
    assert _return(client, referral, referral.version).status_code == 302
    client.force_login(school_user)
    response = _return(client, referral, referral.version)  # the same return, from a page opened before
    assert _refused_as_stale(response, "return_form")
    assert Referral.objects.get(pk=referral.pk).handled_by == colleague


def test_a_withdrawal_sent_twice_is_answered_as_saved(client, station_user, school_user, referral):
    client.force_login(station_user)
    url = reverse("cases:referral_station_action", args=[referral.pk, "withdraw"])
    first, again = _twice(client, url, {"version": referral.version, "reason": "家长已自行解决"})
    assert first.status_code == again.status_code == 302
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.WITHDRAWN
    assert Notification.objects.filter(recipient=school_user, title__contains="撤回").count() == 1


def test_another_office_posting_the_same_action_is_refused_and_nothing_changes(client, police_user, referral):
    client.force_login(police_user)
    response = client.post(_action(referral, "accept"), {"version": referral.version, "response": ""})
    assert response.status_code in (403, 404)
    stored = Referral.objects.get(pk=referral.pk)
    assert (stored.status, stored.version, stored.handled_by) == (Referral.Status.PENDING, referral.version, None)


# A child's edit ------------------------------------------------------------------------------------------------------


@pytest.fixture
def guardian(child_a):
    return GuardianFactory(child=child_a, name="原监护人")


def _edit(child):
    return reverse("cases:child_edit", args=[child.pk])


def test_an_edit_sent_twice_is_saved_once_and_answered_as_saved(client, director_a, child_a, guardian):
    client.force_login(director_a)
    data = child_edit_data(child_a, **{"guardians-0-phone": "13912345678"})
    first, again = _twice(client, _edit(child_a), data)
    assert first.status_code == again.status_code == 302 and again.url == first.url
    stored = Child.objects.get(pk=child_a.pk)
    assert (stored.address, stored.version, stored.history.count()) == ("新地址", child_a.version + 1, 2)
    assert Guardian.objects.get(pk=guardian.pk).phone == "13912345678"
    assert "已保存" in client.get(again.url).content.decode()


def test_an_edit_adding_a_guardian_sent_twice_adds_it_once(client, director_a, child_a, guardian):
    client.force_login(director_a)
    data = child_edit_data(child_a, **{
        "guardians-TOTAL_FORMS": "2", "guardians-1-relation": "father", "guardians-1-name": "新父亲",
        "guardians-1-phone": "13900001111", "guardians-1-situation": "migrant",
    })
    first, again = _twice(client, _edit(child_a), data)
    assert first.status_code == again.status_code == 302
    assert sorted(child_a.guardians.values_list("name", flat=True)) == ["原监护人", "新父亲"]


def test_a_different_edit_from_the_same_page_is_still_refused(client, director_a, child_a, guardian):
    client.force_login(director_a)
    first, again = _twice(client, _edit(child_a), child_edit_data(child_a),
                          again=child_edit_data(child_a, address="另一个地址"))
    assert first.status_code == 302
    assert again.status_code == 200 and STALE_FILE in again.content.decode()
    assert Child.objects.get(pk=child_a.pk).address == "新地址"


def test_a_different_guardian_from_the_same_page_is_still_refused(client, director_a, child_a, guardian):
    client.force_login(director_a)
    first, again = _twice(client, _edit(child_a), child_edit_data(child_a),
                          again=child_edit_data(child_a, **{"guardians-0-name": "改名监护人"}))
    assert first.status_code == 302
    assert STALE_FILE in again.content.decode()
    assert Guardian.objects.get(pk=guardian.pk).name == "原监护人"


def test_the_same_edit_saved_by_someone_else_is_still_their_change(client, director_a, station_user, child_a,
                                                                   guardian):
    data = child_edit_data(child_a)
    client.force_login(station_user)
    assert client.post(_edit(child_a), data).status_code == 302
    client.force_login(director_a)
    response = client.post(_edit(child_a), data)  # the same values, from a page opened before the station's save
    assert response.status_code == 200 and STALE_FILE in response.content.decode()
    assert Child.objects.get(pk=child_a.pk).history.first().history_user == station_user


def test_a_resent_edit_after_someone_elses_save_is_refused(client, director_a, station_user, child_a, guardian):
    data = child_edit_data(child_a)
    client.force_login(director_a)
    assert client.post(_edit(child_a), data).status_code == 302
    client.force_login(station_user)
    saved = Child.objects.get(pk=child_a.pk)
    assert client.post(_edit(child_a), child_edit_data(saved, address="工作站改的地址")).status_code == 302
    client.force_login(director_a)
    response = client.post(_edit(child_a), data)
    assert STALE_FILE in response.content.decode()
    assert Child.objects.get(pk=child_a.pk).address == "工作站改的地址"


def test_another_villages_director_posting_the_edit_is_refused(client, director_a, director_b, child_a, guardian):
    data = child_edit_data(child_a)
    client.force_login(director_a)
    client.post(_edit(child_a), data)
    client.force_login(director_b)
    response = client.post(_edit(child_a), data)
    assert response.status_code in (403, 404)
    assert Child.objects.get(pk=child_a.pk).history.count() == 2


# Registration --------------------------------------------------------------------------------------------------------

BORN = dt.date(2015, 5, 20)


def _registration(village, **overrides):
    return {
        "name": "新登记儿童", "sex": "M", "birth_date": BORN.isoformat(), "id_number": make_id_number(BORN, 7),
        "village": village.pk, "schooling": "in_school", "address": "一组",
        "registered_on": timezone.localdate().isoformat(),
        "guardians-TOTAL_FORMS": "1", "guardians-INITIAL_FORMS": "0", "guardians-MIN_NUM_FORMS": "0",
        "guardians-MAX_NUM_FORMS": "10", "guardians-0-relation": "mother", "guardians-0-name": "新母亲",
        "guardians-0-phone": "13912340000", "guardians-0-situation": "migrant", "guardians-0-is_primary": "on",
        **overrides,
    }


def _register_twice(client, village, **overrides):
    return _twice(client, reverse("cases:child_create"), _registration(village, **overrides))


@pytest.mark.parametrize("confirmed", [False, True])
def test_a_registration_sent_twice_opens_one_file_and_answers_as_the_first(client, director_a, village_a, confirmed):
    """Unconfirmed, the repeat meets its own file as "similar"; confirmed (another child of that name was on file),
    it meets it as a duplicate ID number. Either way it is answered as the first sending."""
    client.force_login(director_a)
    first, again = _register_twice(client, village_a, **({"confirm_not_duplicate": "on"} if confirmed else {}))
    child = Child.objects.get(name="新登记儿童")
    assert first.status_code == again.status_code == 302
    assert again.url == first.url == reverse("cases:child_detail", args=[child.pk])
    assert child.guardians.count() == 1
    assert "已建档" in client.get(again.url).content.decode()


def test_a_registration_sent_again_later_is_a_duplicate(client, director_a, village_a):
    client.force_login(director_a)
    url = reverse("cases:child_create")
    client.post(url, _registration(village_a))
    child = Child.objects.get(name="新登记儿童")
    child.history.filter(history_type="+").update(history_date=timezone.now() - dt.timedelta(minutes=11))
    response = client.post(url, _registration(village_a, confirm_not_duplicate="on"))
    assert response.status_code == 200 and DUPLICATE_ID in response.content.decode()
    assert Child.objects.filter(name="新登记儿童").count() == 1
    assert AccessLog.objects.filter(action=AccessLog.Action.SEARCH, user=director_a, detail="登记查重").exists()


def test_the_same_id_number_with_another_name_is_a_duplicate(client, director_a, village_a):
    client.force_login(director_a)
    client.post(reverse("cases:child_create"), _registration(village_a))
    response = client.post(reverse("cases:child_create"), _registration(village_a, name="另一个名字"))
    assert response.status_code == 200 and DUPLICATE_ID in response.content.decode()
    assert list(Child.objects.values_list("name", flat=True).filter(name__in=["新登记儿童", "另一个名字"])) == [
        "新登记儿童"]


def test_the_same_registration_by_someone_else_is_a_duplicate_and_logged(client, director_a, station_user,
                                                                        village_a):
    client.force_login(director_a)
    client.post(reverse("cases:child_create"), _registration(village_a))
    client.force_login(station_user)
    response = client.post(reverse("cases:child_create"), _registration(village_a, confirm_not_duplicate="on"))
    assert response.status_code == 200 and DUPLICATE_ID in response.content.decode()
    assert Child.objects.filter(name="新登记儿童").count() == 1
    entry = AccessLog.objects.get(action=AccessLog.Action.SEARCH, user=station_user)
    assert entry.detail == "登记查重"


def test_another_villages_director_sending_the_same_form_gets_the_other_village_answer(client, director_a,
                                                                                      director_b, village_a, village_b):
    client.force_login(director_a)
    client.post(reverse("cases:child_create"), _registration(village_a))
    existing = Child.objects.get(name="新登记儿童")
    client.force_login(director_b)
    response = client.post(reverse("cases:child_create"), _registration(village_b, confirm_not_duplicate="on"))
    body = response.content.decode()
    assert response.status_code == 200 and "请联系工作站" in body
    assert reverse("cases:child_detail", args=[existing.pk]) not in body
    assert list(Child.objects.filter(name="新登记儿童")) == [existing]
    assert AccessLog.objects.filter(action=AccessLog.Action.SEARCH, user=director_b,
                                    object_ids=[existing.pk]).exists()
