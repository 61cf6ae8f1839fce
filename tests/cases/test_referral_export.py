"""帮扶转介台账: the referral list as Excel, with the list's scope, status filter and minimum child data."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AccessLog
from cases.models import Referral
from cases.services import accept_referral, complete_referral, create_referral
from registry.models import Office
from tests.factories import ChildFactory, GuardianFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offices(org):
    return Office.objects.get(code="police"), Office.objects.get(code="school")


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    return rows[0], rows[1:]


def _export(client, user, **params):
    client.force_login(user)
    return client.get(reverse("cases:referral_export"), params)


def test_station_exports_every_open_referral_with_the_ledger_columns(
    client, station_user, child_a, child_b, offices
):
    police, school = offices
    create_referral(by=station_user, child=child_a, office=police, reason="请派出所训诫", urgent=True)
    create_referral(by=station_user, child=child_b, office=school, reason="请学校劝返")
    header, rows = _sheet(_export(client, station_user))
    assert header[:7] == ("序号", "转介时间", "儿童姓名", "年龄", "所属村(社区)", "接收部门", "转介事由")
    by_child = {row[2]: row for row in rows}
    assert set(by_child) == {child_a.name, child_b.name}
    assert by_child[child_a.name][5] == police.name and by_child[child_a.name][7] == "是"
    assert by_child[child_a.name][9] == "待接收"
    log = AccessLog.objects.get(action=AccessLog.Action.EXPORT, detail="referral ledger")
    assert sorted(log.object_ids) == sorted([child_a.pk, child_b.pk])


def test_office_exports_only_its_inbox_with_minimum_child_data(
    client, station_user, police_user, child_a, child_b, offices
):
    police, school = offices
    child_a.address = "甲村三组秘密住址"
    child_a.save()
    GuardianFactory(child=child_a, name="甲村监护人", phone="13911112222")
    create_referral(by=station_user, child=child_a, office=police, reason="请派出所训诫")
    create_referral(by=station_user, child=child_b, office=school, reason="请学校劝返")
    header, rows = _sheet(_export(client, police_user))
    assert [row[2] for row in rows] == [child_a.name]
    cells = " ".join(str(cell) for row in rows for cell in row if cell is not None)
    for secret in ("甲村三组秘密住址", "甲村监护人", "13911112222", child_a.id_number, "请学校劝返"):
        assert secret not in cells
    assert "出生日期" not in header and "身份证号码" not in header


def test_director_cannot_export_another_villages_referrals(client, station_user, director_a, child_a, child_b,
                                                           offices):
    police, _school = offices
    create_referral(by=station_user, child=child_a, office=police, reason="甲村的转介")
    create_referral(by=station_user, child=child_b, office=police, reason="乙社区的转介")
    _header, rows = _sheet(_export(client, director_a))
    assert [row[6] for row in rows] == ["甲村的转介"]


def test_status_filter_is_the_lists(client, station_user, police_user, child_a, child_b, offices):
    police, _school = offices
    done = create_referral(by=station_user, child=child_a, office=police, reason="已办结的转介")
    accept_referral(by=police_user, referral=done, version=done.version)
    complete_referral(by=police_user, referral=done, version=done.version, response="已训诫")
    create_referral(by=station_user, child=child_b, office=police, reason="办理中的转介")
    assert [row[6] for row in _sheet(_export(client, station_user))[1]] == ["办理中的转介"]
    rows = _sheet(_export(client, station_user, status=Referral.Status.DONE))[1]
    assert [(row[6], row[9], row[12]) for row in rows] == [("已办结的转介", "已办结", "已训诫")]
    assert len(_sheet(_export(client, station_user, status="all"))[1]) == 2


def test_hotline_operator_and_school_without_referrals_get_nothing(
    client, station_user, hotline_user, school_user, child_a, offices
):
    police, _school = offices
    create_referral(by=station_user, child=child_a, office=police, reason="请派出所训诫")
    assert _export(client, hotline_user).status_code == 403
    assert _sheet(_export(client, school_user))[1] == []
    client.logout()
    response = client.get(reverse("cases:referral_export"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert [log.object_ids for log in AccessLog.objects.filter(action=AccessLog.Action.EXPORT)] == [[]]  # school


def test_a_reason_written_as_a_formula_stays_text(client, station_user, child_a, offices):
    create_referral(by=station_user, child=child_a, office=offices[0], reason="=HYPERLINK(\"http://x\")")
    _header, rows = _sheet(_export(client, station_user))
    assert rows[0][6] == "'=HYPERLINK(\"http://x\")"


def test_export_queries_do_not_grow_with_the_number_of_referrals(
    client, station_user, village_a, offices, django_assert_max_num_queries
):
    for n in range(3):
        create_referral(by=station_user, child=ChildFactory(village=village_a), office=offices[n % 2], reason="转介")
    client.force_login(station_user)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("cases:referral_export"))
    for n in range(12):
        create_referral(by=station_user, child=ChildFactory(village=village_a), office=offices[n % 2], reason="转介")
    with django_assert_max_num_queries(len(few.captured_queries)):
        _header, rows = _sheet(client.get(reverse("cases:referral_export")))
    assert len(rows) == 15
