"""A year of work in the synthetic county: home visits, hotline calls (with intakes) and referrals.

Rows keep the dates they would have had (visit recorded the day it happened, referral created weeks ago): while
these bulk loads run, the `auto_now_add` timestamps are taken from the objects instead of the clock.
"""

import random
from contextlib import contextmanager
from datetime import datetime, time, timedelta

from django.utils import timezone

from cases.models import Child, Referral
from hotline.models import CallIntake, HotlineCall, IssueCategory, caller_phone_hash
from hotline.services import follow_up_due
from registry.models import Office
from visits.models import HomeVisit
from visits.selectors import max_days_by_tier
from visits.services import NEW_OR_RED_DUE_DAYS

from .county import SURNAMES, County
from .fast_insert import insert_rows

BATCH = 5000
OFFICE_WEIGHTS = {"shishi": 30, "school": 20, "fulian": 15, "police": 10, "sifa": 8, "canlian": 8, "tuanwei": 4,
                  "wenhua": 3, "dangzheng": 2}
CALL_TYPE_WEIGHTS = {
    HotlineCall.CallType.HELP: 25, HotlineCall.CallType.REPORT: 10, HotlineCall.CallType.CONSULT: 30,
    HotlineCall.CallType.COUNSEL: 10, HotlineCall.CallType.COMPLAINT: 5, HotlineCall.CallType.INVALID_SILENT: 6,
    HotlineCall.CallType.INVALID_HANGUP: 8, HotlineCall.CallType.INVALID_HARASS: 2,
    HotlineCall.CallType.INVALID_WRONG: 4,
}
VISIT_NOTES = {
    "safety": ["居住环境安全", "房屋有安全隐患，已提醒监护人", "未发现安全问题"],
    "health": ["身体健康", "感冒，已就医", "营养状况一般"],
    "schooling": ["按时上学", "成绩中等", "学龄前，在家照护"],
    "mood": ["情绪稳定", "较内向，需持续关注", "开朗"],
    "guardian_performance": ["履职良好", "祖辈照护，精力有限", "监护人外出务工，委托亲属照护"],
}


@contextmanager
def stored_timestamps(*fields):
    """Let bulk_create write the objects' own values into these auto_now_add fields."""
    for field in fields:
        field.auto_now_add = False
    try:
        yield
    finally:
        for field in fields:
            field.auto_now_add = True


def _at(day, rng: random.Random) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(rng.randrange(8, 21), rng.randrange(60))))


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


VISIT_COLUMNS = ["child_id", "village_id", "visited_on", "due_on", "kind", "visitors", "present", *VISIT_NOTES,
                 "recorded_by_id", "recorded_at", "risk_changed"]


def add_visits(rng: random.Random, children: list[Child], county: County) -> int:
    """The visits each child's `visit_dates` lists (about ten a child: the county's largest table), each due as
    `record_visit` would have set it: the day after registration, then the tier's interval after the visit before."""
    rows, max_days = [], max_days_by_tier()
    for child in children:
        director = county.directors[child.village_id]
        due = child.registered_on + timedelta(days=NEW_OR_RED_DUE_DAYS)
        for index, day in enumerate(reversed(child.visit_dates)):
            kind = HomeVisit.Kind.SCREENING if index == 0 else rng.choice((HomeVisit.Kind.HOME,
                                                                          HomeVisit.Kind.FOLLOW_UP))
            rows.append((
                child.pk, child.village_id, day, due, kind, director.real_name, "儿童本人、监护人",
                *(rng.choice(choices) for choices in VISIT_NOTES.values()),
                director.pk, _at(day, rng), rng.random() < 0.01,
            ))
            due = day + timedelta(days=max_days[child.tier or "green"])
    with stored_timestamps(HomeVisit._meta.get_field("recorded_at")):
        insert_rows(HomeVisit, VISIT_COLUMNS, rows, batch_size=BATCH)
    return len(rows)


def add_referrals(rng: random.Random, children: list[Child], county: County, today) -> int:
    offices = {office.code: office for office in Office.objects.all()}
    weights = {code: weight for code, weight in OFFICE_WEIGHTS.items() if code in offices}
    rows = []
    for child in children:
        if rng.random() >= 0.12:
            continue
        created = today - timedelta(days=rng.randrange(0, 365))
        age = (today - created).days
        status = (Referral.Status.PENDING if age < 3 else Referral.Status.ACCEPTED if age < 20 else
                  rng.choice((Referral.Status.DONE,) * 9 + (Referral.Status.RETURNED,)))
        created_at = _at(created, rng)
        rows.append(Referral(
            child=child, office=offices[_weighted(rng, weights)], reason="家访发现需要部门协助帮扶。",
            urgent=rng.random() < 0.1, due_date=created + timedelta(days=14), status=status,
            response="已落实帮扶措施。" if status == Referral.Status.DONE else "",
            return_reason="不属于本部门职责。" if status == Referral.Status.RETURNED else "",
            referred_by=county.directors[child.village_id], created_at=created_at,
            accepted_at=created_at + timedelta(days=1) if status != Referral.Status.PENDING else None,
            closed_at=created_at + timedelta(days=10) if status in (Referral.Status.DONE,
                                                                   Referral.Status.RETURNED) else None,
        ))
    with stored_timestamps(Referral._meta.get_field("created_at")):
        Referral.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def _caller_number(rng: random.Random, numbers: list[str]) -> str:
    """A mobile number: one in five calls comes from a number that has called before."""
    if numbers and rng.random() < 0.2:
        return rng.choice(numbers)
    numbers.append(f"1{rng.choice('3589')}{rng.randrange(10**9):09d}")
    return numbers[-1]


def add_calls(rng: random.Random, count: int, children: list[Child], county: County, today) -> int:
    """`count` calls over the past year; a third of the valid ones linked to a child, a few opening an intake."""
    categories = list(IssueCategory.objects.all())
    now = timezone.now()
    calls, call_categories, intakes = [], [], []
    numbers = []  # the numbers that have called: some call again
    for _ in range(count):
        received = _at(today - timedelta(days=rng.randrange(0, 365)), rng)
        received = min(received, now - timedelta(minutes=5))
        call_type = _weighted(rng, CALL_TYPE_WEIGHTS)
        call = HotlineCall(received_at=received, operator=rng.choice(county.operators), call_type=call_type)
        if not call_type.startswith("invalid_"):
            call.duration_minutes = rng.randrange(1, 40)
            call.caller_relation = rng.choice(HotlineCall.CallerRelation.values)
            call.caller_phone = _caller_number(rng, numbers) if rng.random() < 0.7 else ""
            call.caller_phone_hash = caller_phone_hash(call.caller_phone)
            call.urgency = rng.choices(HotlineCall.Urgency.values, weights=(10, 25, 65))[0]
            call.summary = "来电反映儿童相关情况，已记录。"
            call.action = rng.choice((HotlineCall.Action.ANSWERED, HotlineCall.Action.ANSWERED,
                                      HotlineCall.Action.HOME_VISIT, HotlineCall.Action.REFERRED))
            if call.action == HotlineCall.Action.REFERRED:
                call.office = county.station.office or Office.objects.get(code="shishi")
            call.follow_up_due = follow_up_due(received, call.urgency)
            if rng.random() < 0.35 and children:
                call.child = rng.choice(children)
            if received < now - timedelta(days=10):
                call.status = HotlineCall.Status.CLOSED
                call.callback_at = received + timedelta(days=1)
                call.callback_by = call.closed_by = call.operator
                call.callback_result = "已回访，情况好转。"
                call.closed_at = received + timedelta(days=2)
                call.outcome = "已办结。"
        else:
            call.status = HotlineCall.Status.CLOSED
            call.closed_at = received
            call.closed_by = call.operator
            call.outcome = "无效来电。"
        calls.append(call)
    HotlineCall.objects.bulk_create(calls, batch_size=BATCH)
    through = HotlineCall.categories.through
    for call in calls:
        if call.is_invalid:
            continue
        for category in rng.sample(categories, rng.choice((1, 1, 2))):
            call_categories.append(through(hotlinecall_id=call.pk, issuecategory_id=category.pk))
        if call.child_id is None and call.status == HotlineCall.Status.OPEN and rng.random() < 0.3:
            intakes.append(CallIntake(
                call=call, name=rng.choice(SURNAMES) + "某某", birth_year=today.year - rng.randrange(3, 17),
                village=rng.choice(county.villages), details="来电人反映的儿童，尚未建档。",
                opened_by=call.operator, opened_at=call.received_at,
            ))
    through.objects.bulk_create(call_categories, batch_size=BATCH)
    CallIntake.objects.bulk_create(intakes, batch_size=BATCH)
    return len(calls)
