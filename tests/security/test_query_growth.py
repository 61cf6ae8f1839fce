"""Every list-like page and export not covered elsewhere issues as many SQL queries with 8 rows as with 2.

Project rule: "A list page issues a fixed number of SQL queries whatever its length". Pages already proven elsewhere
(and therefore not repeated here): the child register and its export (tests/cases/test_register_list.py,
test_export_batches.py), the possible duplicates (test_possible_duplicates.py), a child's file
(test_file_queries.py), the referral inbox and its export (test_referrals.py, test_referral_export.py), the hotline
ledger and its export (tests/hotline/test_ledger.py), the work overview, facilities, sessions, publicity, tasks,
social forces and holidays lists (tests/registry/test_work_queries.py), the organisation (test_organisation.py), the
due list, village summary and per-child visit history (tests/visits/test_lists.py), the dashboard, the monthly report
and its Excel (tests/dashboard/test_queries.py) and the access log (tests/security/test_access_log.py).

Each case below grows the rows a page shows (spread over what a row shows: villages, users, categories, offices...)
from 2 to 8 and asserts that the number of queries does not move. The admin changelists of the project's own
ModelAdmins are all covered (a test fails when a new ModelAdmin is neither covered nor listed as fixed-size).
"""

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLog
from cases.models import (
    CaseNote,
    ChildCategory,
    Intervention,
    MandatoryReport,
    ReassessmentReminder,
    Referral,
    ReferralReminder,
    RiskAssessment,
    RiskIndicator,
)
from hotline.models import CallIntake, CallReminder, IssueCategory
from hotline.views.calls import SAME_NUMBER_SHOWN
from registry.models import (
    DirectorProfile,
    LeadershipMember,
    Notification,
    Office,
    SocialActivity,
    SocialForce,
    Station,
    TaskNote,
    TaskReminder,
)
from registry.services import grant_village_access
from tests.factories import ChildFactory, GuardianFactory, OfficeFactory, UserFactory, VillageFactory
from tests.hotline.factories import CallFactory
from tests.registry.factories import (
    FacilityFactory,
    HolidayFactory,
    InspectionFactory,
    PublicityFactory,
    SessionFactory,
    SocialForceFactory,
    TaskFactory,
    WorkroomFactory,
)
from tests.visits.factories import HomeVisitFactory
from visits.models import VisitPhoto, VisitReminder

pytestmark = pytest.mark.django_db

SMALL, LARGE = 2, 8
PHONE = "13912345678"  # CallFactory's caller number: the "same number" of the same-number lists
_seq = itertools.count()


def _n() -> int:
    """A number unique within the test run (names, codes)."""
    return next(_seq)


def _spread(items, i):
    return items[i % len(items)]


@pytest.fixture
def w(org, village_a, village_b, child_a, station_user, director_a, hotline_user, leader, settings, tmp_path):
    """The objects the pages show, and a few villages, users, offices and categories to spread rows over."""
    settings.MEDIA_ROOT = str(tmp_path)
    facility_a = FacilityFactory(village=village_a)
    force = SocialForceFactory(name="增长社工站")
    force.villages_served.set([village_a])
    return SimpleNamespace(
        village_a=village_a, village_b=village_b, child_a=child_a,
        station_user=station_user, director_a=director_a, hotline_user=hotline_user, leader=leader,
        villages=[village_a, village_b, VillageFactory(code="grow-c", name="丙村")],
        users=[UserFactory(username=f"grow-user{i}", real_name=f"增长用户{i}") for i in range(3)],
        offices=list(Office.objects.order_by("pk")[:3]),
        issue_categories=list(IssueCategory.objects.order_by("pk")[:3]),
        child_categories=list(ChildCategory.objects.order_by("pk")[:3]),
        workroom=WorkroomFactory(village=village_a),
        facility_a=facility_a,
        force=force,
        task_a=TaskFactory(office=None, village=village_a, title="增长任务"),
        call_a=CallFactory(child=child_a, operator=hotline_user, caller_phone=PHONE),
        visit_a=HomeVisitFactory(child=child_a, recorded_by=director_a),
    )


@dataclass
class Page:
    """`url(w)` the page, `grow(w, n, i0)` adds n rows (i0: how many were added before); POST with `data(w)`."""

    name: str
    who: str
    url: Callable
    grow: Callable
    data: Callable | None = None
    small: int = SMALL
    large: int = LARGE

    @property
    def id(self):
        return f"{self.name}-{self.who}"


# --- the growers of the portal's pages


def _notifications(w, n, i0):
    Notification.objects.bulk_create([
        Notification(recipient=w.director_a, title=f"通知{i0 + i}", body="内容" * (i % 3),
                     url=reverse("cases:child_detail", args=[w.child_a.pk]),
                     read_at=timezone.now() if i % 2 else None)
        for i in range(n)
    ])


def _workroom(w, n, i0):
    today = timezone.localdate()
    for i in range(n):
        volunteer = SocialForceFactory(kind=SocialForce.Kind.VOLUNTEER)
        w.workroom.volunteers.add(volunteer)
        director = UserFactory(real_name=f"主任{i0 + i}")
        grant_village_access(user=director, village=w.village_a)
        DirectorProfile.objects.create(user=director, is_women_committee_member=bool(i % 2))
        SessionFactory(village=w.village_a, date=today - dt.timedelta(days=i0 + i + 1))
        HolidayFactory(start_date=today - dt.timedelta(days=7 * (i0 + i)),
                       end_date=today - dt.timedelta(days=7 * (i0 + i)))


def _social_force(w, n, i0):
    for i in range(n):
        village = _spread(w.villages, i0 + i)  # the first one in village A: the director sees rows from the start
        w.force.villages_served.add(village)
        SocialActivity.objects.create(force=w.force, date=timezone.localdate() - dt.timedelta(days=i0 + i),
                                      village=village if (i0 + i) % 4 != 3 else None, service="care",
                                      summary=f"活动{i0 + i}",
                                      participants=i, recorded_by=_spread(w.users, i))


def _facility(w, n, i0):
    for i in range(n):
        InspectionFactory(facility=w.facility_a, inspected_on=timezone.localdate() - dt.timedelta(days=i0 + i),
                          problems="缺少标志" if i % 2 else "", recorded_by=_spread(w.users, i))


def _task(w, n, i0):
    TaskNote.objects.bulk_create([
        TaskNote(task=w.task_a, author=_spread(w.users + [None], i), text=f"进展{i0 + i}", status="doing")
        for i in range(n)
    ])


def _overdue_calls(w, n, i0, **extra):
    for i in range(n):
        CallFactory(operator=_spread(w.users, i), follow_up_due=timezone.now() - dt.timedelta(hours=i0 + i + 1),
                    categories=w.issue_categories[: i % 3 + 1], **extra)


def _intakes(w, n, i0):
    for i in range(n):
        CallIntake.objects.create(call=CallFactory(operator=w.hotline_user), name=f"来电儿童{i0 + i}",
                                  birth_year=2015 if i % 2 else None,
                                  village=_spread(w.villages + [None], i), opened_by=_spread(w.users, i))


def _followup(w, n, i0):
    _overdue_calls(w, n, i0)
    _intakes(w, n, i0)


def _stats(w, n, i0):
    this_year = timezone.localdate().year
    for i in range(n):
        received = timezone.make_aware(dt.datetime(this_year, (i0 + i) % 11 + 1, 10, 9))
        CallFactory(operator=_spread(w.users, i), received_at=received, child=w.child_a,
                    call_type=["help", "consult", "report"][i % 3], categories=w.issue_categories[: i % 3 + 1])


def _same_number(w, n, i0):
    """Calls from call_a's number, linked to children of different villages, with categories and offices."""
    for i in range(n):
        CallFactory(operator=_spread(w.users, i), caller_phone=PHONE, office=_spread(w.offices, i),
                    child=ChildFactory(village=w.village_a), categories=w.issue_categories[: i % 3 + 1],
                    received_at=timezone.now() - dt.timedelta(hours=i0 + i + 2))


def _call_detail(w, n, i0):
    """More calls from the same number, reminders sent about call_a, and changes of call_a by different users."""
    _same_number(w, n, i0)
    for i in range(n):
        CallReminder.objects.create(call=w.call_a, due=w.call_a.follow_up_due + dt.timedelta(minutes=i0 + i),
                                    level=1 + i % 2, sent_at=timezone.now())
        w.call_a.summary = f"补充{i0 + i}"
        w.call_a.office = _spread(w.offices, i)
        w.call_a._history_user = _spread(w.users, i)
        w.call_a.save()


def _visit_photos(w, n, i0):
    """Photos of visit_a added by different users, and corrections of the visit by different users."""
    for i in range(n):
        VisitPhoto.objects.create(visit=w.visit_a, added_by=_spread(w.users, i), image=SimpleUploadedFile(
            f"visit{i0 + i}.jpg", b"\xff\xd8\xff\xe0 not really a jpeg", content_type="image/jpeg"))
        w.visit_a.problems = f"问题{i0 + i}"
        w.visit_a._history_user = _spread(w.users, i)
        w.visit_a.save()


def _matching_children(w, n, i0):
    for i in range(n):
        ChildFactory(village=_spread(w.villages, i), name="同名儿童" if i % 2 else f"同名儿童{i0 + i}")


def _visit_ledger(w, n, i0):
    for i in range(n):
        child = ChildFactory(village=_spread(w.villages, i), tier=["red", "green", ""][i % 3])
        HomeVisitFactory(child=child, recorded_by=_spread(w.users, i),
                         visited_on=timezone.localdate() - dt.timedelta(days=i0 + i))


def _child_history(w, n, i0):
    """Changes of child_a (foreign keys included) by different users, and records of the child and their changes."""
    child = w.child_a
    for i in range(n):
        child.address = f"{i0 + i}组"
        child.responsible_director = _spread(w.users, i)
        child._history_user = _spread(w.users, i + 1)
        child.save()
        guardian = GuardianFactory(child=child, name=f"监护人{i0 + i}")
        guardian.name = f"监护人改{i0 + i}"
        guardian.save()
        CaseNote.objects.create(child=child, text=f"备注{i0 + i}", author=_spread(w.users, i))
        HomeVisitFactory(child=child, recorded_by=_spread(w.users, i))
        CallFactory(child=child, operator=_spread(w.users, i), office=_spread(w.offices, i))
        Referral.objects.create(child=child, office=_spread(w.offices, i), reason="核查",
                                due_date=timezone.localdate(), referred_by=_spread(w.users, i))


def _indicators(w, n, i0):
    for i in range(n):
        RiskIndicator.objects.create(domain=_spread(RiskIndicator.Domain.values, i), text=f"增长指标{i0 + i}",
                                     weight=1 + i % 3, order=100 + i0 + i)


PAGES = [
    Page("registry:notifications", "director_a", lambda w: reverse("registry:notifications"), _notifications),
    *(Page("registry:workroom", who, lambda w: reverse("registry:workroom", args=[w.village_a.pk]), _workroom)
      for who in ("station_user", "director_a")),
    *(Page("registry:social_force", who, lambda w: reverse("registry:social_force", args=[w.force.pk]),
           _social_force) for who in ("station_user", "director_a")),
    Page("registry:facility", "director_a", lambda w: reverse("registry:facility", args=[w.facility_a.pk]),
         _facility),
    Page("registry:task", "station_user", lambda w: reverse("registry:task", args=[w.task_a.pk]), _task),
    *(Page("hotline:followup", who, lambda w: reverse("hotline:followup"), _followup)
      for who in ("station_user", "hotline_user")),
    Page("hotline:intakes", "station_user", lambda w: reverse("hotline:intakes"), _intakes),
    *(Page("hotline:stats", who, lambda w: reverse("hotline:stats"), _stats)
      for who in ("station_user", "director_a")),
    # The same-number lists show SAME_NUMBER_SHOWN calls and count the rest with one more query (by design), so
    # their small case already reaches that limit.
    *(Page("hotline:detail", who, lambda w: reverse("hotline:detail", args=[w.call_a.pk]), _call_detail,
           small=SAME_NUMBER_SHOWN, large=SAME_NUMBER_SHOWN + 4) for who in ("station_user", "director_a")),
    *(Page("hotline:caller_history", who, lambda w: reverse("hotline:caller_history"), _same_number,
           data=lambda w: {"caller_phone": PHONE}, small=SAME_NUMBER_SHOWN, large=SAME_NUMBER_SHOWN + 4)
      for who in ("station_user", "hotline_user")),
    Page("hotline:link", "hotline_user", lambda w: reverse("hotline:link", args=[w.call_a.pk]), _matching_children,
         data=lambda w: {"name": "同名儿童"}),
    *(Page("visits:ledger", who, lambda w: reverse("visits:ledger"), _visit_ledger)
      for who in ("station_user", "director_a")),
    *(Page(name, who, lambda w, name=name: reverse(name, args=[w.visit_a.pk]), _visit_photos)
      for name in ("visits:detail", "visits:edit") for who in ("station_user", "director_a")),
    Page("cases:child_history", "station_user", lambda w: reverse("cases:child_history", args=[w.child_a.pk]),
         _child_history),
    Page("cases:risk_settings", "station_user", lambda w: reverse("cases:risk_settings"), _indicators),
]


def _count(client, django_assert_max_num_queries, page, w, limit):
    url, data = page.url(w), page.data(w) if page.data else None
    with django_assert_max_num_queries(limit) as queries:
        response = client.post(url, data) if data is not None else client.get(url)
    assert response.status_code == 200, (page.id, response.status_code)
    return len(queries.captured_queries), response.content


def _assert_no_growth(client, django_assert_max_num_queries, page, w):
    _count(client, django_assert_max_num_queries, page, w, 100)  # warm the process-wide caches (content types)
    page.grow(w, page.small, 0)
    small, small_body = _count(client, django_assert_max_num_queries, page, w, 100)
    page.grow(w, page.large - page.small, page.small)
    large, large_body = _count(client, django_assert_max_num_queries, page, w, small)
    assert large == small
    assert len(large_body) > len(small_body)  # the rows added are on the page


@pytest.mark.parametrize("page", PAGES, ids=[page.id for page in PAGES])
def test_page_queries_do_not_grow_with_rows(client, request, w, page, django_assert_max_num_queries):
    client.force_login(request.getfixturevalue(page.who))
    _assert_no_growth(client, django_assert_max_num_queries, page, w)


# --- the admin changelists of the project's own ModelAdmins


def _children(w, i):
    child = ChildFactory(village=_spread(w.villages, i), responsible_director=_spread(w.users, i))
    child.categories.set(w.child_categories[: i % 3 + 1])
    return child


def _referral(w, i):
    return Referral.objects.create(child=_children(w, i), office=_spread(w.offices, i), reason=f"事由{i}",
                                   due_date=timezone.localdate(), referred_by=_spread(w.users, i))


def _office(w, i):
    return OfficeFactory(code=f"grow-office-{_n()}") if i % 2 else _spread(w.offices, i)


ADMIN_ROWS = {
    "registry.user": lambda w, i: UserFactory(office=_office(w, i)),
    "registry.village": lambda w, i: VillageFactory(),
    "registry.office": lambda w, i: OfficeFactory(),
    "registry.leadershipmember": lambda w, i: LeadershipMember.objects.create(
        name=f"成员{_n()}", position=_spread(LeadershipMember.Position.values, i),
        office=_office(w, i) if i % 3 else None),
    "registry.station": lambda w, i: Station.objects.create(name=f"工作站{_n()}", location="镇政府",
                                                            office=_office(w, i), hotline="02312345678"),
    "registry.workroom": lambda w, i: WorkroomFactory(village=VillageFactory()),
    "registry.directorprofile": lambda w, i: DirectorProfile.objects.create(user=UserFactory(office=_office(w, i))),
    "registry.socialforce": lambda w, i: SocialForceFactory().villages_served.set(w.villages[: i % 3 + 1]),
    "registry.socialactivity": lambda w, i: SocialActivity.objects.create(
        force=SocialForceFactory(), date=timezone.localdate(), village=_spread(w.villages, i), service="care",
        summary="活动", recorded_by=_spread(w.users, i)),
    "registry.facility": lambda w, i: FacilityFactory(village=_spread(w.villages, i)),
    "registry.facilityinspection": lambda w, i: InspectionFactory(
        facility=FacilityFactory(village=_spread(w.villages, i)), recorded_by=_spread(w.users, i)),
    "registry.holiday": lambda w, i: HolidayFactory(start_date=dt.date(2020, 1, 1) + dt.timedelta(days=i),
                                                    end_date=dt.date(2020, 1, 1) + dt.timedelta(days=i)),
    "registry.familyeducationsession": lambda w, i: SessionFactory(village=_spread(w.villages, i)),
    "registry.publicity": lambda w, i: PublicityFactory(village=_spread(w.villages, i)),
    "registry.task": lambda w, i: TaskFactory(  # an office's task or a village's, never both
        office=_office(w, i) if i % 2 else None, village=None if i % 2 else _spread(w.villages, i)),
    "registry.taskreminder": lambda w, i: TaskReminder.objects.create(
        task=ADMIN_ROWS["registry.task"](w, i), due_on=timezone.localdate(), level=1 + i % 2),
    "cases.childcategory": lambda w, i: ChildCategory.objects.create(code=f"grow-{_n()}", name=f"类别{i}"),
    "cases.riskindicator": lambda w, i: _indicators(w, 1, i),
    "cases.child": _children,
    "cases.riskassessment": lambda w, i: RiskAssessment.objects.create(
        child=_children(w, i), tier="green", assessor=_spread(w.users, i)),
    "cases.intervention": lambda w, i: Intervention.objects.create(child=_children(w, i), kind="visit",
                                                                   done_by="主任"),
    "cases.referral": _referral,
    "cases.mandatoryreport": lambda w, i: MandatoryReport.objects.create(
        child=_children(w, i), reporter_kind="school", summary="摘要", recorded_by=_spread(w.users, i)),
    "cases.casenote": lambda w, i: CaseNote.objects.create(child=_children(w, i), text="备注",
                                                           author=_spread(w.users, i)),
    "cases.referralreminder": lambda w, i: ReferralReminder.objects.create(
        referral=_referral(w, i), due_date=timezone.localdate(), level=1 + i % 2),
    "cases.reassessmentreminder": lambda w, i: ReassessmentReminder.objects.create(
        child=_children(w, i), due_date=timezone.localdate(), level=1 + i % 2),
    "hotline.issuecategory": lambda w, i: IssueCategory.objects.create(code=f"grow-{_n()}", name=f"问题{i}"),
    "hotline.callreminder": lambda w, i: CallReminder.objects.create(
        call=CallFactory(operator=_spread(w.users, i), child=_children(w, i)), due=timezone.now(), level=1 + i % 2),
    "visits.homevisit": lambda w, i: HomeVisitFactory(child=_children(w, i), recorded_by=_spread(w.users, i)),
    "visits.visitreminder": lambda w, i: VisitReminder.objects.create(
        child=_children(w, i), due_date=timezone.localdate(), level=1 + i % 2),
    "audit.accesslog": lambda w, i: AccessLog.objects.create(
        user=_spread(w.users, i), username=_spread(w.users, i).username, action="view", object_type="child",
        object_ids=[i]),
    "auth.group": lambda w, i: Group.objects.create(name=f"组{_n()}"),  # registry.admin's GroupAdmin
}
# One row per risk tier: these tables never grow (and their rows show no related object).
FIXED_SIZE_ADMINS = {"cases.tierthreshold", "visits.visitpolicy"}
PROJECT_APPS = {"registry", "cases", "hotline", "visits", "audit"}


def _project_admins():
    return sorted(
        model._meta.label_lower for model, model_admin in admin.site._registry.items()
        if type(model_admin).__module__.split(".")[0] in PROJECT_APPS
    )


def test_every_project_admin_changelist_is_covered():
    assert set(_project_admins()) == set(ADMIN_ROWS) | FIXED_SIZE_ADMINS


@pytest.fixture
def admin_reader(w):
    """The leadership group's member, township-wide, with the admin's view permission on every project model."""
    w.leader.user_permissions.add(*Permission.objects.filter(
        content_type__app_label__in=PROJECT_APPS, codename__startswith="view"))
    w.leader.user_permissions.add(Permission.objects.get(content_type__app_label="auth", codename="view_group"))
    return w.leader


@pytest.mark.parametrize("label", sorted(ADMIN_ROWS))
def test_admin_changelist_queries_do_not_grow_with_rows(client, admin_reader, w, label,
                                                        django_assert_max_num_queries):
    client.force_login(admin_reader)
    app_label, model_name = label.split(".")
    page = Page(f"admin:{app_label}_{model_name}_changelist", "leader",
                lambda w: reverse(f"admin:{app_label}_{model_name}_changelist"),
                lambda w, n, i0: [ADMIN_ROWS[label](w, i0 + i) for i in range(n)])
    _assert_no_growth(client, django_assert_max_num_queries, page, w)
