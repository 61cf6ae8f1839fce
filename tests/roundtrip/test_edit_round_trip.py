"""Edit forms round-trip: opening an edit page and saving it unchanged changes nothing that was stored.

"Bad input gets a clear message in Chinese; nothing already saved is lost." For every edit page of the portal
(PAGES), as each role allowed to edit it (tests/security/url_rules.py), in Chinese and in English: build the record
fully filled (optional fields, dates, times, many-to-many, related rows too), note what is stored, open the page, send
its form back as a browser would (browser.form_as_sent: a date the <input type=date> cannot hold is sent empty, a
masked number or an unticked box is not sent, ...), and check the save is accepted and every stored value is as
before (version counters and last-change times aside).

Not covered: the new-record pages (nothing stored yet), the intake registration (hotline:intake_register creates a
file), the referral and call actions (one-field POSTs, not edit forms), the password change (asks for the password)
and Django's admin.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from lxml.html import fromstring

from cases.models import Child, ChildCategory, Guardian, RiskIndicator, TierThreshold
from cases.services import register_child
from hotline.models import HotlineCall, IssueCategory
from hotline.services import follow_up_due, log_invalid_call
from registry.models import (
    DirectorProfile,
    Facility,
    FacilityInspection,
    FamilyEducationSession,
    Holiday,
    Office,
    Publicity,
    SocialForce,
    Task,
    User,
    Workroom,
)
from registry.services import grant_village_access
from tests.factories import UserFactory, make_id_number
from visits.models import HomeVisit, VisitPhoto, VisitPolicy
from visits.services import record_visit

from .browser import form_as_sent

pytestmark = pytest.mark.django_db

NOT_COMPARED = {"version", "updated_at"}  # lost-update counters and last-change times move on every save
TODAY = timezone.localdate


def days_ago(n: int) -> dt.date:
    return TODAY() - dt.timedelta(days=n)


# --- what is stored ----------------------------------------------------------------------------------------------


def stored(record) -> dict:
    """A record's stored values as read back from the database: its columns and its many-to-many ids. Line breaks
    compared as "\\n" (a browser sends a textarea's as CRLF; Django keeps what it is sent)."""
    fresh = type(record)._base_manager.get(pk=record.pk)
    values = {f.attname: f.value_from_object(fresh) for f in fresh._meta.concrete_fields if f.name not in NOT_COMPARED}
    values = {name: v.replace("\r\n", "\n") if isinstance(v, str) else v for name, v in values.items()}
    for field in fresh._meta.many_to_many:
        values[field.name] = sorted(getattr(fresh, field.name).values_list("pk", flat=True))
    return values


def rows(queryset) -> list[dict]:
    return [stored(record) for record in queryset.order_by("pk")]


# --- the records, fully filled (each builder returns the record and the page's URL parameters) ----------------------


def volunteer(name, *villages, kind=SocialForce.Kind.VOLUNTEER):
    force = SocialForce.objects.create(
        name=name, kind=kind, services=["tutoring", "care"], contact_person="联系人", phone="13600001111",
        notes="周末服务",
    )
    force.villages_served.set(villages)
    return force


def workroom(w):
    room = Workroom.objects.create(
        village=w.village_a, cadre_name="王建国", cadre_position="村委会副主任", contact_phone="13800001234",
        location="村委会二楼东侧", notes="每周二、四下午开放\n节假日轮值",
    )
    volunteer("志愿者（未选）", w.village_a)  # a choice left unticked
    room.volunteers.set([volunteer("张志愿者", w.village_a), volunteer("李志愿者", w.village_a, w.village_b)])
    return room, {"village_pk": w.village_a.pk}


def workroom_with_former_volunteer(w):
    """A volunteer of the workroom later registered as a social organisation (no longer a volunteer)."""
    room, params = workroom(w)
    room.volunteers.add(volunteer("后转为社会组织的志愿队", w.village_a))
    SocialForce.objects.filter(name="后转为社会组织的志愿队").update(kind=SocialForce.Kind.ORGANIZATION)
    return room, params


def director_profile(w):
    profile = DirectorProfile.objects.create(
        user=w.users["director_a"], is_women_committee_member=True, is_women_federation_chair=True,
        notes="2024 年换届后连任",
    )
    return profile, {"user_pk": w.users["director_a"].pk}


def social_force(w):
    force = SocialForce.objects.create(
        name="阳光社工服务中心", kind=SocialForce.Kind.SOCIAL_WORK, services=["counselling", "legal", "tutoring"],
        contact_person="刘社工", phone="023-70630963", is_active=True, notes="与镇政府签有服务协议\n每月驻村两次",
    )
    force.villages_served.set([w.village_a, w.village_b])
    return force, {"pk": force.pk}


def facility(w):
    place = Facility.objects.create(
        village=w.village_a, name="甲村儿童之家", kind=Facility.Kind.LIBRARY, address="甲村 3 组 18 号",
        manager="陈管理员", is_active=True, notes="周末开放",
    )
    return place, {"pk": place.pk}


def inspection(w):
    place, _params = facility(w)
    record = FacilityInspection.objects.create(
        facility=place, inspected_on=days_ago(20), inspector="镇安监办 周某", equipment_maintained=False,
        safety_sign_present=True, no_smoking_sign_present=False, problems="灭火器过期\n缺禁烟标志",
        fixed_on=days_ago(3), recorded_by=w.users["station_user"],
    )
    return record, {"pk": place.pk, "inspection_pk": record.pk}


def family_session(w):
    record = FamilyEducationSession.objects.create(
        village=w.village_a, date=days_ago(2), start_time=dt.time(14, 30), end_time=dt.time(16, 45),
        place="村委会会议室", host="妇联主席", topic="如何与留守儿童沟通", attendance=17, held=True,
        notes="邀请学校老师参加", recorded_by=w.users["director_a"],
    )
    return record, {"pk": record.pk}


def holiday(w):
    record = Holiday.objects.create(
        name_zh_hans="镇民俗文化节", name_en="Township Folk Festival", start_date=dt.date(2026, 11, 27),
        end_date=dt.date(2026, 11, 30),
    )
    return record, {"pk": record.pk}


def publicity(w):
    record = Publicity.objects.create(
        village=w.village_a, channel=Publicity.Channel.NOTICE_BOARD, date=days_ago(12), title="防溺水宣传",
        content="暑期防溺水“六不”\n张贴于村公开栏", reach=230, recorded_by=w.users["director_a"],
    )
    return record, {"pk": record.pk}


def township_publicity(w):
    record = Publicity.objects.create(
        village=None, channel=Publicity.Channel.HOTLINE, date=days_ago(40), title="023-70630963 热线宣传",
        content="镇广场宣传活动", reach=1200, recorded_by=w.users["station_user"],
    )
    return record, {"pk": record.pk}


def task_of_village(w):
    record = Task.objects.create(
        title="建立留守儿童台账", plan_ref="四(一)", duty="摸底排查\n建档立卡", village=w.village_a,
        owner="甲村儿童主任", due_on=TODAY() + dt.timedelta(days=45), status=Task.Status.DOING,
        created_by=w.users["station_user"],
    )
    return record, {"pk": record.pk}


def task_of_office(w):
    record = Task.objects.create(
        title="开展校园安全检查", plan_ref="三(四)", duty="每学期一次", office=Office.objects.get(code="school"),
        owner="镇教管中心", due_on=days_ago(30), status=Task.Status.DONE, completed_on=days_ago(31),
        created_by=w.users["station_user"],
    )
    return record, {"pk": record.pk}


def child(w):
    born = dt.date(TODAY().year - 9, 11, 28)
    record = register_child(
        by=w.users["station_user"], name="赵小雨", sex="M", birth_date=born, id_number=make_id_number(born, 37),
        village=w.village_a, address="甲村 5 组 21 号", school="湛普镇中心小学", grade="三年级", schooling="in_school",
        disability="听力二级", entrusted_guardianship_confirmed=True,
        lawful_basis="依据未成年人保护法第八十一条\n监护人已书面同意",
        responsible_director=w.users["director_a"], registered_on=days_ago(200),
        categories=list(ChildCategory.objects.order_by("pk")[:2]),
        guardians=[
            {"relation": "grandparent", "name": "赵奶奶", "phone": "13912340001", "situation": "present",
             "is_primary": True},
            {"relation": "father", "name": "赵大山", "phone": "13912340002", "situation": "migrant",
             "is_primary": False},
            {"relation": "mother", "name": "李小花", "phone": "", "situation": "missing", "is_primary": False},
        ],
    )
    return record, {"pk": record.pk}


def child_whose_director_left(w):
    """The child's responsible director has left (account deactivated): no longer among the form's choices."""
    former = UserFactory(username="director_former", real_name="钱前任")
    grant_village_access(user=former, village=w.village_a)
    record, params = child(w)
    Child.objects.filter(pk=record.pk).update(responsible_director=former)
    User.objects.filter(pk=former.pk).update(is_active=False)
    return record, params


def child_file(record) -> dict:
    return stored(record) | {"guardians": rows(Guardian.objects.filter(child=record))}


def visit(w):
    record, _params = child(w)
    filed = record_visit(
        by=w.users["director_a"], child=record, visited_on=days_ago(6), kind=HomeVisit.Kind.FOLLOW_UP,
        visitors="甲村儿童主任、驻村社工", present="儿童本人、祖母", safety="居住安全", health="感冒已愈",
        schooling="按时上学", mood="想念父母", guardian_performance="祖母年迈，辅导作业困难", problems="作业无人辅导",
        actions="联系学校安排课后辅导", next_steps="一个月后回访", risk_changed=True,
        photos=[SimpleUploadedFile("visit.jpg", b"\xff\xd8\xff\xe0 photo", content_type="image/jpeg")],
    )
    return filed, {"pk": filed.pk}


def visit_and_file(record) -> dict:
    return stored(record) | {"photos": rows(VisitPhoto.objects.filter(visit=record)), "child": stored(record.child)}


def call(w):
    received = (timezone.now() - dt.timedelta(days=2)).replace(second=0, microsecond=0)  # as the form records it
    record = HotlineCall.objects.create(
        received_at=received, operator=w.users["hotline_user"], duration_minutes=12,
        caller_relation=HotlineCall.CallerRelation.TEACHER, caller_phone="13500006666",
        call_type=HotlineCall.CallType.REPORT, urgency=HotlineCall.Urgency.PRESSING,
        summary="学生反映放学后无人照看\n家长外出务工", action=HotlineCall.Action.REFERRED,
        office=Office.objects.get(code="police"), child=w.child_a,
        follow_up_due=follow_up_due(received, HotlineCall.Urgency.PRESSING),
    )
    record.categories.set(IssueCategory.objects.order_by("pk")[:2])
    return record, {"pk": record.pk}


def anonymous_call(w):
    record, params = call(w)
    HotlineCall.objects.filter(pk=record.pk).update(
        caller_phone="", caller_phone_hash="", caller_relation=HotlineCall.CallerRelation.ANONYMOUS, action="",
        office=None, duration_minutes=None,
    )
    return record, params


def invalid_call(w):
    record = log_invalid_call(by=w.users["hotline_user"], call_type=HotlineCall.CallType.INVALID_HANGUP)
    return record, {"pk": record.pk}


def risk_settings(w):
    first = RiskIndicator.objects.order_by("pk").first()
    first.is_emergency, first.is_active, first.weight = True, False, 7
    first.save()
    return None, {}


def all_risk_settings(_record) -> dict:
    return {"indicators": rows(RiskIndicator.objects.all()), "thresholds": rows(TierThreshold.objects.all())}


def visit_policy(w):
    for tier, days in {"red": 5, "orange": 12, "yellow": 28, "green": 60}.items():
        VisitPolicy.objects.update_or_create(tier=tier, defaults={"max_days": days})
    return None, {}


def all_visit_policies(_record) -> dict:
    return {"policies": rows(VisitPolicy.objects.all())}


# --- the edit pages ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EditPage:
    url: str  # url name
    roles: tuple  # who may edit (tests/security/url_rules.py)
    build: Callable  # world → (record, url kwargs)
    snapshot: Callable = stored  # record → what must not change
    label: str = ""
    refused: str = ""  # a stored value the page may no longer accept: this field's message shows, nothing is saved


STATION, A_EDITORS, HOTLINE_DESK = ("station_user",), ("station_user", "director_a"), ("station_user", "hotline_user")

PAGES = [
    EditPage("registry:workroom_edit", A_EDITORS, workroom),
    EditPage("registry:workroom_edit", A_EDITORS, workroom_with_former_volunteer, label="former volunteer"),
    EditPage("registry:director_profile", STATION, director_profile),
    EditPage("registry:social_force_edit", STATION, social_force),
    EditPage("registry:facility_edit", A_EDITORS, facility),
    EditPage("registry:inspection_edit", A_EDITORS, inspection),
    EditPage("registry:session_edit", A_EDITORS, family_session),
    EditPage("registry:holiday_edit", STATION, holiday),
    EditPage("registry:publicity_edit", A_EDITORS, publicity),
    EditPage("registry:publicity_edit", STATION, township_publicity, label="township"),
    EditPage("registry:task_edit", STATION, task_of_village, label="village"),
    EditPage("registry:task_edit", STATION, task_of_office, label="office"),
    EditPage("cases:child_edit", A_EDITORS, child, child_file),
    EditPage("cases:child_edit", A_EDITORS, child_whose_director_left, child_file, label="director left",
             refused="responsible_director"),
    EditPage("cases:risk_settings", STATION, risk_settings, all_risk_settings),
    EditPage("visits:policy", STATION, visit_policy, all_visit_policies),
    EditPage("visits:edit", A_EDITORS, visit, visit_and_file),
    EditPage("hotline:edit", HOTLINE_DESK, call),
    EditPage("hotline:edit", HOTLINE_DESK, anonymous_call, label="anonymous"),
    EditPage("hotline:edit", HOTLINE_DESK, invalid_call, label="invalid call"),
]

CASES = [
    pytest.param(page, role, language, id=f"{page.url}{f'({page.label})' if page.label else ''}-{role}-{language}")
    for page in PAGES for role in page.roles for language in ("zh-hans", "en")
]


@dataclass
class World:
    users: dict
    village_a: object
    village_b: object
    child_a: object


@pytest.fixture
def world(all_role_users, village_a, village_b, child_a, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return World(all_role_users, village_a, village_b, child_a)


def page_problems(html: str) -> list[str]:
    """The messages a refused form shows: crispy's field errors (id "error_1_id_<field>"), with their field, and
    alerts."""
    found = fromstring(html).xpath('//*[contains(@class, "invalid-feedback") or contains(@class, "alert-danger")]')
    return [f"{element.get('id', '').partition('_id_')[2] or 'page'}: {' '.join(element.text_content().split())}"
            for element in found]


def differences(before: dict, after: dict) -> list[str]:
    return [f"{name}: {before.get(name)!r} → {after.get(name)!r}"
            for name in sorted(before.keys() | after.keys()) if before.get(name) != after.get(name)]


@pytest.mark.parametrize(("page", "role", "language"), CASES)
def test_saving_an_edit_page_unchanged_changes_nothing_stored(world, page, role, language):
    client = Client(enforce_csrf_checks=True)  # the page's own CSRF token must do
    client.force_login(world.users[role])
    if language != "zh-hans":
        client.post("/i18n/setlang/", {"language": language, "next": "/"})
    record, params = page.build(world)
    url = reverse(page.url, kwargs=params)
    before = page.snapshot(record)

    shown = client.get(url)
    assert shown.status_code == 200, f"{role} cannot open {url}: {shown.status_code}"
    sent = client.post(url, form_as_sent(shown.content.decode()))

    if page.refused:  # asked to choose again, with the field's message, rather than dropping the value unseen
        assert sent.status_code == 200 and f'id="error_1_id_{page.refused}"' in sent.content.decode()
    else:
        assert sent.status_code == 302, f"{url} refused its unchanged form: {page_problems(sent.content.decode())}"
    assert differences(before, page.snapshot(record)) == []
