"""Case records in the Django admin: it never changes a child's file past the portal's workflows and checks.

The risk checklist's scoring is the station's (portal page with its changed-meanwhile check); assessments and
referrals are read-only (their workflows set the child's tier and schedule, the referral's handling); no case record
is deleted (a duplicate file goes through the merge); a child's edit is checked as the portal's form checks it
(version, responsible director, villages the user may change) and a refusal is a form error or a 403, never a 500.
Searches of any case-record list are logged like the register's; the child's page does not grow in queries with
its records. Each POST is what a browser sends from the page shown (tests/roundtrip/browser.py)."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLog
from cases.models import (
    CaseNote,
    Child,
    Intervention,
    MandatoryReport,
    Referral,
    RiskAssessment,
    RiskIndicator,
    RiskTier,
    TierThreshold,
)
from cases.services import assess_risk, file_mandatory_report, update_child
from registry.models import Office
from registry.services import grant_village_access
from tests.factories import GuardianFactory, OfficeFactory, UserFactory
from tests.roundtrip.browser import form_as_sent

pytestmark = pytest.mark.django_db

STALE = "该档案已被他人修改"
NOT_THE_VILLAGES_DIRECTOR = "负责儿童主任须是该儿童所在村（社区）的儿童主任"


def _with_case_perms(user):
    user.is_staff = True
    user.save()
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label__in=["cases", "visits"]))
    return user


@pytest.fixture
def station_staff(station_user):
    """The station (full case management for all villages) given the admin and every cases/visits permission."""
    return _with_case_perms(station_user)


@pytest.fixture
def leader_editor(leader):
    """The leadership (reads every village, changes none) given every cases/visits permission in the admin."""
    return _with_case_perms(leader)


def _url(obj, view="change"):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_{view}", args=[obj.pk])


def _sent(client, url, **changes):
    """Open `url` (an admin change page) and return what the browser sends from it, with `changes` typed in."""
    page = client.get(url)
    assert page.status_code == 200
    data = form_as_sent(page.content.decode())
    data.update({name: [value] for name, value in changes.items()})
    return data


def _referral(child):
    return Referral.objects.create(child=child, office=Office.objects.get(code="school"), reason="事由",
                                   due_date=child.registered_on)


# --- the risk checklist's scoring ------------------------------------------------------------------------------------


@pytest.mark.parametrize("account", ["admin_account", "leader"])
def test_admin_and_leadership_edit_an_indicators_texts_but_not_its_scoring(client, request, account):
    indicator = RiskIndicator.objects.get(text="被遗弃")
    before = (indicator.domain, indicator.weight, indicator.is_emergency, indicator.is_active)
    client.force_login(request.getfixturevalue(account))
    url = _url(indicator)
    data = _sent(client, url, text_en="Abandoned (checked)")
    assert not {"weight", "is_emergency", "is_active", "domain"} & set(data)  # shown, not form fields
    data.update({"weight": ["0"], "is_active": [""], "domain": ["economic"]})  # sent anyway: ignored
    data.pop("is_emergency", None)
    assert client.post(url, data).status_code == 302
    indicator.refresh_from_db()
    assert (indicator.domain, indicator.weight, indicator.is_emergency, indicator.is_active) == before
    assert indicator.text_en == "Abandoned (checked)"


def test_a_tiers_score_is_not_changed_in_the_admin_only_its_response(client, station_staff):
    """Even with every permission on the tier thresholds: the scores are the station's risk settings page's."""
    threshold = TierThreshold.objects.get(tier="red")
    client.force_login(station_staff)
    url = _url(threshold)
    data = _sent(client, url, response_en="Step in at once")
    assert "min_score" not in data
    data["min_score"] = ["0"]  # sent anyway: ignored
    assert client.post(url, data).status_code == 302
    changed = TierThreshold.objects.get(pk=threshold.pk)
    assert (changed.min_score, changed.response_en) == (threshold.min_score, "Step in at once")
    assert client.get(reverse("admin:cases_tierthreshold_add")).status_code == 403
    assert client.get(_url(threshold, "delete")).status_code == 403


def test_the_indicator_list_edits_only_the_order_and_no_indicator_is_added_in_the_admin(client, leader):
    client.force_login(leader)
    page = client.get(reverse("admin:cases_riskindicator_changelist"))
    assert set(page.context["cl"].formset.forms[0].fields) == {"id", "order"}
    assert 'name="form-0-order"' in page.content.decode() and 'name="form-0-weight"' not in page.content.decode()
    assert client.get(reverse("admin:cases_riskindicator_add")).status_code == 403


# --- the child's edit: version, responsible director, village ---------------------------------------------------------


def test_child_admin_edit_saves_through_the_service_at_the_version_opened(client, station_staff, child_a):
    client.force_login(station_staff)
    version = child_a.version
    response = client.post(_url(child_a), _sent(client, _url(child_a), school="新学校"))
    assert response.status_code == 302
    child_a.refresh_from_db()
    assert child_a.school == "新学校" and child_a.version == version + 1


def test_child_admin_edit_opened_before_a_newer_edit_is_refused_and_keeps_the_input(client, station_staff,
                                                                                     director_a, child_a):
    client.force_login(station_staff)
    data = _sent(client, _url(child_a), school="新学校")  # the station opens the page and types...
    update_child(by=director_a, child=Child.objects.get(pk=child_a.pk), version=child_a.version,
                 address="儿童主任刚改的地址")  # ...meanwhile the village's director saves a new address
    response = client.post(_url(child_a), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert STALE in page and 'value="新学校"' in page
    child_a.refresh_from_db()
    assert child_a.address == "儿童主任刚改的地址" and child_a.school != "新学校"


def test_child_admin_offers_only_the_villages_directors_as_responsible_director(client, station_staff, hotline_user,
                                                                                director_a, child_a):
    client.force_login(station_staff)
    data = _sent(client, _url(child_a), responsible_director=str(hotline_user.pk))
    response = client.post(_url(child_a), data)
    assert response.status_code == 200 and response.context["adminform"].form.errors["responsible_director"]
    assert Child.objects.get(pk=child_a.pk).responsible_director_id is None


def test_moving_a_child_away_from_its_director_in_the_admin_is_a_form_error(client, station_staff, director_a,
                                                                            village_b, child_a):
    Child.objects.filter(pk=child_a.pk).update(responsible_director=director_a)
    client.force_login(station_staff)
    response = client.post(_url(child_a), _sent(client, _url(child_a), village=str(village_b.pk)))
    assert response.status_code == 200 and NOT_THE_VILLAGES_DIRECTOR in response.content.decode()
    stored = Child.objects.get(pk=child_a.pk)
    assert (stored.village_id, stored.responsible_director_id) == (child_a.village_id, director_a.pk)


def test_leadership_reads_a_child_in_the_admin_but_cannot_change_or_move_it(client, leader_editor, child_a,
                                                                            village_b):
    client.force_login(leader_editor)
    url = _url(child_a)
    page = client.get(url)
    assert page.status_code == 200 and 'name="village"' not in page.content.decode()  # shown read-only
    data = _sent(client, url)
    data.update({"village": [str(village_b.pk)], "name": ["改名"], "version": [str(child_a.version)]})
    assert client.post(url, data).status_code == 403
    child_a.refresh_from_db()
    assert child_a.village_id != village_b.pk and child_a.name != "改名"


def test_a_director_in_the_admin_may_move_a_child_only_to_a_village_they_change(client, director_a, child_a,
                                                                                village_b):
    _with_case_perms(director_a)
    client.force_login(director_a)
    url = _url(child_a)
    page = client.get(url)
    assert list(page.context["adminform"].form.fields["village"].queryset) == [child_a.village]
    response = client.post(url, _sent(client, url, village=str(village_b.pk)))
    assert response.status_code == 200 and response.context["adminform"].form.errors["village"]
    assert Child.objects.get(pk=child_a.pk).village_id == child_a.village_id


def test_a_childs_past_version_is_not_restored_in_the_admin(client, station_staff, director_a, child_a):
    first = child_a.history.earliest("history_date")
    update_child(by=director_a, child=Child.objects.get(pk=child_a.pk), version=child_a.version, address="新地址")
    client.force_login(station_staff)
    url = reverse("admin:cases_child_simple_history", args=[child_a.pk, first.history_id])
    assert client.get(url).status_code == 200
    assert client.post(url, {"name": child_a.name, "address": "旧地址"}).status_code == 403
    assert Child.objects.get(pk=child_a.pk).address == "新地址"


# --- records written by their workflows: read-only -------------------------------------------------------------------


def test_an_assessment_is_read_only_in_the_admin(client, station_staff, child_a):
    assessment = assess_risk(by=station_staff, child=child_a, indicators=[])
    child_a.refresh_from_db()
    tier = child_a.tier
    client.force_login(station_staff)
    page = client.get(_url(assessment))
    assert page.status_code == 200 and 'name="tier"' not in page.content.decode()
    response = client.post(_url(assessment), {"tier": RiskTier.RED, "override_reason": "管理后台改成红色",
                                              "child": str(child_a.pk)})
    assert response.status_code == 403
    assert RiskAssessment.objects.get(pk=assessment.pk).tier == assessment.tier
    assert Child.objects.get(pk=child_a.pk).tier == tier


def test_a_referral_is_not_closed_in_the_admin(client, station_staff, child_a):
    referral = _referral(child_a)
    client.force_login(station_staff)
    page = client.get(_url(referral))
    assert page.status_code == 200 and 'name="status"' not in page.content.decode()
    response = client.post(_url(referral), {"status": Referral.Status.DONE, "response": "", "child": str(child_a.pk),
                                            "office": str(referral.office_id), "reason": "事由"})
    assert response.status_code == 403
    referral.refresh_from_db()
    assert referral.status == Referral.Status.PENDING and referral.closed_at is None


def test_the_station_corrects_a_note_in_the_admin_but_the_leadership_does_not(client, station_staff, leader_editor,
                                                                             child_a, child_b):
    """Notes, interventions and mandatory reports have no edit page on the portal: the station corrects them here,
    on the child they belong to (the child is shown, not offered)."""
    note = CaseNote.objects.create(child=child_a, text="备注有错别字", author=station_staff)
    client.force_login(station_staff)
    data = _sent(client, _url(note), text="备注已改正")
    assert "child" not in data
    data["child"] = [str(child_b.pk)]
    assert client.post(_url(note), data).status_code == 302
    note.refresh_from_db()
    assert (note.text, note.child_id) == ("备注已改正", child_a.pk)

    client.force_login(leader_editor)
    assert client.post(_url(note), {"text": "领导改的"}).status_code == 403
    assert CaseNote.objects.get(pk=note.pk).text == "备注已改正"


@pytest.mark.parametrize("model", ["riskassessment", "referral", "mandatoryreport", "casenote", "intervention"])
def test_case_records_are_not_added_in_the_admin(client, station_staff, model):
    client.force_login(station_staff)
    assert client.get(reverse(f"admin:cases_{model}_add")).status_code == 403


# --- nothing is deleted ----------------------------------------------------------------------------------------------


def test_bulk_delete_of_children_is_not_offered_in_the_admin(client, station_staff, child_a):
    GuardianFactory(child=child_a)
    assess_risk(by=station_staff, child=child_a, indicators=[])
    _referral(child_a)
    client.force_login(station_staff)
    changelist = client.get(reverse("admin:cases_child_changelist"))
    assert 'value="delete_selected"' not in changelist.content.decode()
    response = client.post(reverse("admin:cases_child_changelist"),
                           {"action": "delete_selected", "_selected_action": [child_a.pk], "post": "yes"})
    assert response.status_code in (200, 302)
    assert client.post(_url(child_a, "delete"), {"post": "yes"}).status_code == 403
    assert Child.objects.filter(pk=child_a.pk).exists()
    assert RiskAssessment.objects.filter(child=child_a).count() == 1
    assert Referral.objects.filter(child=child_a).count() == 1


@pytest.mark.parametrize("model", ["riskassessment", "referral", "mandatoryreport", "casenote", "intervention"])
def test_case_records_cannot_be_deleted_in_the_admin(client, station_staff, child_a, model):
    obj = {
        "riskassessment": lambda: assess_risk(by=station_staff, child=child_a, indicators=[]),
        "referral": lambda: _referral(child_a),
        "mandatoryreport": lambda: file_mandatory_report(by=station_staff, child=child_a, reporter_kind="school",
                                                         situations=["begging"], summary="摘要"),
        "casenote": lambda: CaseNote.objects.create(child=child_a, text="备注", author=station_staff),
        "intervention": lambda: Intervention.objects.create(child=child_a, kind="visit", done_by="主任"),
    }[model]()
    client.force_login(station_staff)
    assert client.post(_url(obj, "delete"), {"post": "yes"}).status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()


# --- searches are logged ---------------------------------------------------------------------------------------------


@pytest.fixture
def reader(leader):
    leader.user_permissions.add(*Permission.objects.filter(content_type__app_label="cases",
                                                           codename__startswith="view"))
    return leader


@pytest.mark.parametrize("model", ["casenote", "referral", "intervention", "mandatoryreport", "riskassessment"])
def test_a_search_of_a_childs_records_in_the_admin_logs_the_children_listed(client, reader, station_user, child_a,
                                                                          child_b, model):
    CaseNote.objects.create(child=child_a, text="疑似遭受家暴", author=station_user)
    CaseNote.objects.create(child=child_a, text="家暴复查", author=station_user)
    Referral.objects.create(child=child_a, office=Office.objects.get(code="school"), reason="疑似遭受家暴",
                            due_date=child_a.registered_on)
    Intervention.objects.create(child=child_a, kind="counselling", done_by="家暴干预小组")
    file_mandatory_report(by=station_user, child=child_a, reporter_kind="school", situations=["begging"],
                          summary="摘要")
    RiskAssessment.objects.create(child=child_a, tier=RiskTier.GREEN)
    query = {"casenote": "家暴", "referral": "家暴", "intervention": "家暴"}.get(model, child_a.name)
    client.force_login(reader)
    response = client.get(reverse(f"admin:cases_{model}_changelist"), {"q": query})
    assert response.status_code == 200 and child_a.name in response.content.decode()
    searches = list(AccessLog.objects.filter(action=AccessLog.Action.SEARCH).values_list(
        "username", "object_type", "object_ids", "detail"))
    assert searches == [("leader", "child", [child_a.pk], f"admin {model}")]


def test_a_case_record_list_without_a_search_is_not_logged_as_one(client, reader, station_user, child_a):
    CaseNote.objects.create(child=child_a, text="备注", author=station_user)
    client.force_login(reader)
    assert client.get(reverse("admin:cases_casenote_changelist")).status_code == 200
    assert not AccessLog.objects.filter(action=AccessLog.Action.SEARCH).exists()


# --- the child's page does not grow in queries with its records ------------------------------------------------------


def _add_records(child, start, n):
    for i in range(start, start + n):
        user = UserFactory()
        RiskAssessment.objects.create(child=child, tier=RiskTier.GREEN, assessor=user)
        Referral.objects.create(child=child, office=OfficeFactory(code=f"grow-{i}"), reason=f"事由{i}",
                                due_date=timezone.localdate(), referred_by=user)
        GuardianFactory(child=child, is_primary=False)


@pytest.mark.parametrize("account", ["reader", "station_staff"])
def test_child_change_page_queries_do_not_grow_with_its_records(client, request, child_a,
                                                                django_assert_max_num_queries, account):
    client.force_login(request.getfixturevalue(account))
    url = _url(child_a)
    _add_records(child_a, 0, 2)
    client.get(url)  # warm the per-process caches (content types, permissions)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _add_records(child_a, 2, 10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_a_mandatory_reports_referral_is_shown_not_offered(client, station_staff, child_a):
    report = file_mandatory_report(by=station_staff, child=child_a, reporter_kind="school", situations=["begging"],
                                   summary="摘要")
    other = _referral(child_a)
    client.force_login(station_staff)
    data = _sent(client, _url(report), summary="摘要（已核实）")
    assert "referral" not in data
    data["referral"] = [str(other.pk)]
    assert client.post(_url(report), data).status_code == 302
    report = MandatoryReport.objects.get(pk=report.pk)
    assert report.summary == "摘要（已核实）" and report.referral_id != other.pk


def test_granting_a_director_the_village_lets_them_change_its_child_in_the_admin(client, director_b, child_a,
                                                                                 village_a):
    """can_change_village decides, not the model permission alone."""
    _with_case_perms(director_b)
    client.force_login(director_b)
    assert client.get(_url(child_a)).status_code == 302  # not visible: back to the list
    grant_village_access(user=director_b, village=village_a)
    response = client.post(_url(child_a), _sent(client, _url(child_a), school="乙主任改的学校"))
    assert response.status_code == 302
    assert Child.objects.get(pk=child_a.pk).school == "乙主任改的学校"
