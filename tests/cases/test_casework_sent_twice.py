"""Case-work forms sent twice (a double tap, a phone resending after its answer was lost): the intervention and note
forms carry a submission key (zhanpu/drafts) and file one record, answered as the first was; a closure request, its
decision or a reopening sent again a moment later by the same user with the same reason is answered as done, while
a different action, another user's or a late one is refused as before."""

import datetime as dt
import re
import uuid

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseNote, Child, Intervention, StatusChange
from cases.services import add_intervention, add_note, reject_closure, request_closure
from cases.services.status import RESENT_WITHIN
from registry.models import Notification
from tests.concurrency import at_once

pytestmark = pytest.mark.django_db

FORMS = {
    "cases:intervention_create": lambda **extra: {
        "kind": "counselling", "done_on": timezone.localdate().isoformat(), "done_by": "社工站", "notes": "第一次疏导",
        **extra},
    "cases:note_create": lambda **extra: {"text": "电话联系监护人，约定周六入户", **extra},
}
RECORDS = {"cases:intervention_create": Intervention, "cases:note_create": CaseNote}
TEXT = {"cases:intervention_create": "notes", "cases:note_create": "text"}


def _key_on_the_page(client, name, child) -> str:
    body = client.get(reverse(name, args=[child.pk])).content.decode()
    return re.search(r'name="submission_key" value="([0-9a-f-]{36})"', body).group(1)


@pytest.mark.parametrize("name", FORMS)
def test_each_showing_of_the_form_carries_a_new_key(client, director_a, child_a, name):
    client.force_login(director_a)
    assert _key_on_the_page(client, name, child_a) != _key_on_the_page(client, name, child_a)


@pytest.mark.parametrize("name", FORMS)
def test_the_form_sent_again_with_its_key_files_one_record_and_answers_as_the_first(client, director_a, child_a,
                                                                                   name):
    client.force_login(director_a)
    data = FORMS[name](submission_key=_key_on_the_page(client, name, child_a))
    url = reverse(name, args=[child_a.pk])
    first, again = client.post(url, data), client.post(url, data)
    assert first.status_code == again.status_code == 302
    assert first.url == again.url == reverse("cases:child_detail", args=[child_a.pk])
    assert RECORDS[name].objects.get(child=child_a).submission_key == uuid.UUID(data["submission_key"])


@pytest.mark.parametrize("name", FORMS)
def test_a_form_without_a_key_sent_twice_files_once_and_other_input_files_again(client, director_a, child_a, name):
    client.force_login(director_a)
    url = reverse(name, args=[child_a.pk])
    assert client.post(url, FORMS[name]()).status_code == 302
    assert client.post(url, FORMS[name]()).status_code == 302
    assert client.post(url, FORMS[name](**{TEXT[name]: "第二次的不同内容"})).status_code == 302
    assert RECORDS[name].objects.filter(child=child_a).count() == 2


@pytest.mark.parametrize("name", FORMS)
def test_the_same_key_with_other_input_is_refused_and_the_input_kept(client, director_a, child_a, name):
    client.force_login(director_a)
    key = _key_on_the_page(client, name, child_a)
    url = reverse(name, args=[child_a.pk])
    client.post(url, FORMS[name](submission_key=key))
    response = client.post(url, FORMS[name](submission_key=key, **{TEXT[name]: "另一份不同的内容"}))
    body = response.content.decode()
    assert response.status_code == 200 and "这份表单已经提交过" in body and "另一份不同的内容" in body
    assert RECORDS[name].objects.filter(child=child_a).count() == 1


@pytest.mark.parametrize("name", FORMS)
def test_a_key_of_another_users_record_files_nothing(client, director_a, station_user, child_a, name):
    client.force_login(director_a)
    key = _key_on_the_page(client, name, child_a)
    client.post(reverse(name, args=[child_a.pk]), FORMS[name](submission_key=key))
    client.force_login(station_user)
    response = client.post(reverse(name, args=[child_a.pk]), FORMS[name](submission_key=key))
    assert response.status_code == 200 and "这份表单已经提交过" in response.content.decode()
    assert RECORDS[name].objects.filter(child=child_a).count() == 1


@pytest.mark.parametrize("name", FORMS)
def test_another_villages_director_sending_the_form_stores_nothing(client, director_a, director_b, child_a, name):
    client.force_login(director_a)
    key = _key_on_the_page(client, name, child_a)
    client.force_login(director_b)
    response = client.post(reverse(name, args=[child_a.pk]), FORMS[name](submission_key=key))
    assert response.status_code in (403, 404)
    assert not RECORDS[name].objects.exists()


def test_an_intervention_sent_again_after_the_case_was_closed_answers_as_the_first(client, director_a, child_a):
    client.force_login(director_a)
    name = "cases:intervention_create"
    data = FORMS[name](submission_key=_key_on_the_page(client, name, child_a))
    client.post(reverse(name, args=[child_a.pk]), data)
    Child.objects.filter(pk=child_a.pk).update(status=Child.Status.CLOSED)
    assert client.post(reverse(name, args=[child_a.pk]), data).status_code == 302
    assert Intervention.objects.filter(child=child_a).count() == 1
    other = FORMS[name](submission_key=_key_on_the_page(client, name, child_a))
    assert "已结案的个案不能登记干预措施" in client.post(reverse(name, args=[child_a.pk]), other).content.decode()


def test_the_history_of_interventions_and_notes_leaves_the_key_out(director_a, child_a):
    intervention = add_intervention(by=director_a, child=child_a, kind="counselling", done_by="社工",
                                    submission_key=uuid.uuid4())
    note = add_note(by=director_a, child=child_a, text="备注", submission_key=uuid.uuid4())
    for record in (intervention, note):
        assert record.history.count() == 1
        assert "submission_key" not in {field.name for field in record.history.model._meta.fields}


# Closure request, decision and reopening: the same action sent again.

def _status_url(child, action):
    return reverse("cases:status_change", args=[child.pk, action])


def _post_twice(client, child, action, reason):
    return [client.post(_status_url(child, action), {"reason": reason}) for _ in range(2)]


def test_a_closure_request_sent_twice_is_recorded_once_and_answered_as_done(client, director_a, station_user,
                                                                           child_a):
    client.force_login(director_a)
    first, again = _post_twice(client, child_a, "request_close", "儿童随父母迁出本镇")
    assert first.status_code == again.status_code == 302 and first.url == again.url
    assert child_a.status_changes.filter(kind=StatusChange.Kind.REQUEST_CLOSE).count() == 1
    assert Notification.objects.filter(recipient=station_user).count() == 1
    page = client.get(again.url).content.decode()
    assert "已申请结案。" in page


def test_an_approval_sent_twice_is_recorded_once_and_answered_as_done(client, director_a, station_user, child_a):
    request_closure(by=director_a, child=child_a, reason="迁出")
    client.force_login(station_user)
    first, again = _post_twice(client, child_a, "approve_close", "同意")
    assert first.status_code == again.status_code == 302
    assert child_a.status_changes.filter(kind=StatusChange.Kind.APPROVE_CLOSE).count() == 1
    assert Notification.objects.filter(recipient=director_a, title="结案申请已批准").count() == 1


def test_a_rejection_sent_twice_is_recorded_once_and_answered_as_done(client, director_a, station_user, child_a):
    request_closure(by=director_a, child=child_a, reason="迁出")
    client.force_login(station_user)
    first, again = _post_twice(client, child_a, "reject_close", "仍需跟进")
    assert first.status_code == again.status_code == 302
    assert child_a.status_changes.filter(kind=StatusChange.Kind.REJECT_CLOSE).count() == 1


def test_a_reopening_sent_twice_is_recorded_once_and_answered_as_done(client, director_a, child_a):
    Child.objects.filter(pk=child_a.pk).update(status=Child.Status.CLOSED)
    client.force_login(director_a)
    first, again = _post_twice(client, child_a, "reopen", "再次发现风险")
    assert first.status_code == again.status_code == 302
    assert child_a.status_changes.filter(kind=StatusChange.Kind.REOPEN).count() == 1
    child_a.refresh_from_db()
    assert child_a.status == Child.Status.OPEN


def test_a_closure_request_with_another_reason_is_still_refused(client, director_a, child_a):
    client.force_login(director_a)
    client.post(_status_url(child_a, "request_close"), {"reason": "迁出"})
    response = client.post(_status_url(child_a, "request_close"), {"reason": "另一个理由"})
    assert response.status_code == 200 and "只有在册跟进的个案可以申请结案" in response.content.decode()
    assert child_a.status_changes.count() == 1


def test_another_users_closure_request_is_still_refused(client, director_a, station_user, child_a):
    request_closure(by=director_a, child=child_a, reason="迁出")
    client.force_login(station_user)
    response = client.post(_status_url(child_a, "request_close"), {"reason": "迁出"})
    assert response.status_code == 200 and "只有在册跟进的个案可以申请结案" in response.content.decode()
    assert child_a.status_changes.count() == 1


def test_the_same_request_sent_long_after_is_still_refused(client, director_a, child_a):
    request_closure(by=director_a, child=child_a, reason="迁出")
    StatusChange.objects.filter(child=child_a).update(at=timezone.now() - RESENT_WITHIN - dt.timedelta(minutes=1))
    client.force_login(director_a)
    response = client.post(_status_url(child_a, "request_close"), {"reason": "迁出"})
    assert response.status_code == 200 and "只有在册跟进的个案可以申请结案" in response.content.decode()


def test_an_approval_after_a_colleagues_decision_still_has_nothing_to_decide(client, director_a, station_user,
                                                                           child_a):
    request_closure(by=director_a, child=child_a, reason="迁出")
    reject_closure(by=station_user, child=child_a, reason="仍需跟进")
    client.force_login(station_user)
    response = client.post(_status_url(child_a, "approve_close"), {"reason": "仍需跟进"})
    assert response.status_code == 200 and "该个案没有待审批的结案申请" in response.content.decode()
    assert child_a.status_changes.filter(kind=StatusChange.Kind.APPROVE_CLOSE).count() == 0


def test_another_villages_director_sending_a_status_change_changes_nothing(client, director_b, child_a):
    client.force_login(director_b)
    response = client.post(_status_url(child_a, "request_close"), {"reason": "迁出"})
    assert response.status_code in (403, 404)
    child_a.refresh_from_db()
    assert child_a.status == Child.Status.OPEN and not child_a.status_changes.exists()


# The same form sent from two connections at the very same moment.

@pytest.mark.skipif(connection.vendor != "postgresql", reason="real row locks only on PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("add", [
    lambda by, child, key: add_intervention(by=by, child=child, kind="counselling", done_by="社工", notes="同一次",
                                            submission_key=key),
    lambda by, child, key: add_note(by=by, child=child, text="同一条备注", submission_key=key),
], ids=["intervention", "note"])
def test_on_postgresql_a_record_sent_twice_at_once_is_filed_once(director_a, child_a, add):
    key = uuid.uuid4()  # the form's, made when it was shown (or from its content: FiledOnceForm)
    results = at_once(lambda: add(director_a, Child.objects.get(pk=child_a.pk), key))
    assert not [result for result in results if isinstance(result, Exception)], results
    assert results[0].pk == results[1].pk
    assert type(results[0]).objects.filter(child=child_a).count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real row locks only on PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_postgresql_a_closure_request_sent_twice_at_once_is_recorded_once(director_a, station_user, child_a):
    results = at_once(lambda: request_closure(by=director_a, child=Child.objects.get(pk=child_a.pk), reason="迁出"))
    assert [type(result) for result in results] == [StatusChange, StatusChange]
    assert results[0].pk == results[1].pk
    assert Notification.objects.filter(recipient=station_user).count() == 1
