"""帮扶转介台账 rows read as plain values: the same file, cell for cell, as when it was built from whole referrals
(and whole children), whether the export is given the list's queryset or its loaded rows; no encrypted column read."""

import datetime as dt
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from audit.exports import xlsx_response
from cases.exports import REFERRAL_HEADER, referral_ledger
from cases.models import Referral
from cases.selectors import referral_list_for
from registry.models import Office
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db
STATUSES = ["open", "all", *Referral.Status.values]


def _legacy_file(referrals) -> list[tuple]:
    """The file as the export wrote it before it read plain values."""
    yes = _("是")
    statuses = {value: str(label) for value, label in Referral.Status.choices}
    rows = []
    for number, referral in enumerate(referrals, start=1):
        child = referral.child
        rows.append([
            number, referral.created_at, child.name, child.age, child.village.name, referral.office.name,
            referral.reason, yes if referral.urgent else "", referral.due_date, statuses[referral.status],
            yes if referral.is_overdue else "", referral.accepted_at, referral.response, referral.return_reason,
            referral.closed_at,
        ])
    return _cells(xlsx_response("x.xlsx", [_(title) for title in REFERRAL_HEADER], rows).content)


def _cells(content: bytes) -> list[tuple]:
    return list(load_workbook(BytesIO(content)).active.iter_rows(values_only=True))


@pytest.fixture
def referrals(org, station_user, village_a, village_b):
    """Referrals in every status, to two offices, urgent or not, overdue or not, of children whose birthday is
    today, tomorrow or was yesterday (the age), answered, returned and closed."""
    today = timezone.localdate()
    police, school = Office.objects.get(code="police"), Office.objects.get(code="school")
    born = [today.replace(year=today.year - 9), today.replace(year=today.year - 12) + dt.timedelta(days=1),
            today.replace(year=today.year - 15) - dt.timedelta(days=1)]
    children = [ChildFactory(village=village, birth_date=birth, name=f"转介儿童{i}")
                for i, (village, birth) in enumerate(zip([village_a, village_b, village_a], born, strict=True))]
    now = timezone.now()
    made = []
    for i, status in enumerate(Referral.Status.values * 2):
        made.append(Referral.objects.create(
            child=children[i % 3], office=police if i % 2 else school, reason=f"事由{i}" if i != 3 else "=1+1",
            urgent=i % 3 == 0, due_date=today + dt.timedelta(days=(-2 if i % 2 else 3)), status=status,
            referred_by=station_user,
            response="部门回复" if status in ("accepted", "done") else "",
            return_reason="不属本部门职责" if status == "returned" else "",
            accepted_at=now - dt.timedelta(days=1) if status in ("accepted", "done") else None,
            closed_at=now if status in ("done", "returned") else None,
        ))
    return made


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("reader", ["station_user", "director_a", "police_user"])
def test_the_file_is_the_one_built_from_whole_referrals(client, request, referrals, reader, status):
    user = request.getfixturevalue(reader)
    legacy = _legacy_file(list(referral_list_for(user, status)[0]))
    client.force_login(user)
    response = client.get(reverse("cases:referral_export"), {"status": status})
    assert response.status_code == 200
    assert _cells(response.content) == legacy
    exported = []
    queryset = referral_ledger(referral_list_for(user, status)[0], exported=exported)  # given the queryset
    assert _cells(queryset.content) == legacy
    assert exported == [referral.child_id for referral in referral_list_for(user, status)[0]]
    if status == "all":
        assert len(legacy) > 3


def test_the_english_file_is_the_one_built_from_whole_referrals(referrals, station_user):
    with translation.override("en"):
        legacy = _legacy_file(list(referral_list_for(station_user, "all")[0]))
        assert _cells(referral_ledger(referral_list_for(station_user, "all")[0]).content) == legacy
    assert legacy[0][0] != "序号"


def test_given_the_queryset_no_identifier_is_read_and_queries_do_not_grow(referrals, station_user, village_a):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            referral_ledger(referral_list_for(station_user, "all")[0])
        return captured.captured_queries

    queries()  # the user's roles, read once
    few = queries()
    assert not any("id_number" in query["sql"] or "phone" in query["sql"] for query in few)
    for i in range(10):
        Referral.objects.create(child=ChildFactory(village=village_a), office=Office.objects.get(code="police"),
                                reason=f"更多{i}", due_date=timezone.localdate(), referred_by=station_user)
    assert len(queries()) == len(few)
