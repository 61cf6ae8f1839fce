"""Writes for home visits: the schedule of each child, the visit policy and visit records."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Func, Max, Q, Value
from django.db.models.fields import DateField
from django.db.models.functions import Coalesce, Least
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Child, RiskTier
from cases.models.children import TIER_ORDER
from registry.access import can_change_village, is_station
from registry.models import User
from zhanpu.drafts import resent, store_once
from zhanpu.fingerprints import ChangedMeanwhile

from .models import HomeVisit, VisitPhoto, VisitPolicy
from .photos import delete_thumbnails
from .reminders import record_due_reminders
from .selectors import max_days_by_tier, policy_fingerprint

NEW_OR_RED_DUE_DAYS = 1  # a child newly registered or moved to 红 is due within 1 day


class StaleVisit(ValidationError):
    """Someone else corrected the visit since this form was opened."""

    def __init__(self):
        super().__init__(
            _("该家访记录已被他人更正。您的输入仍保留在表单中：请刷新页面查看最新内容后再保存。"), code="stale"
        )


class AddDays(Func):
    """`date_expression + days` as a date, in SQL, on PostgreSQL (date + integer) and SQLite (DATE(x, '+n days'))."""

    output_field = DateField()
    template = "(%(expressions)s)"
    arg_joiner = " + "

    def __init__(self, expression, days: int):
        self.days = int(days)
        super().__init__(expression, Value(self.days))

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"DATE({sql}, %s)", (*params, f"+{self.days} days")


def visited_since_opened(child: Child) -> bool:
    """Whether `child` was visited since its file was opened or its case last reopened (Child.reopened_on)."""
    return child.last_visit_on is not None and (child.reopened_on is None or child.last_visit_on >= child.reopened_on)


def next_visit_due(child: Child) -> date | None:
    """When `child` must next be visited: its tier's interval after its last visit, or sooner when an urgent visit
    is pending (Child.urgent_visit_by); the urgent visit's date when not visited since the case was (re)opened; None
    for a closed case."""
    if child.status == Child.Status.CLOSED:
        return None
    if not visited_since_opened(child):
        return child.urgent_visit_by
    due = child.last_visit_on + timedelta(days=max_days_by_tier()[child.tier or RiskTier.GREEN])
    return min(due, child.urgent_visit_by) if child.urgent_visit_by else due


def replan_child(child: Child, *, urgent: bool = False, today: date | None = None) -> None:
    """Store the child's next due date; call after a visit, a tier change, registration, closing or reopening. A due
    date already past (or today) records the child's reminders at once (visits.reminders.record_due_reminders).

    Computed from `child` as given: pass the row the caller's transaction locked and saved (select_for_update, as
    record_visit and the services of cases do), never a copy a request read earlier, whose schedule may be stale.

    A child not visited since its file was opened or its case reopened, or `urgent` (just moved to 红, or found in an
    emergency since its last visit: see cases.services.risk), must be visited within NEW_OR_RED_DUE_DAYS: that urgent
    date stays (the earliest one) until a visit is made (record_visit clears it), so a later re-plan never pushes it
    back."""
    if child.status == Child.Status.CLOSED:
        child.urgent_visit_by = None
    elif urgent or (not visited_since_opened(child) and child.urgent_visit_by is None):
        urgent = (today or timezone.localdate()) + timedelta(days=NEW_OR_RED_DUE_DAYS)
        child.urgent_visit_by = min(child.urgent_visit_by or urgent, urgent)
    child.next_visit_due = next_visit_due(child)
    Child.objects.filter(pk=child.pk).update(next_visit_due=child.next_visit_due,
                                             urgent_visit_by=child.urgent_visit_by)
    if child.next_visit_due is not None and child.next_visit_due <= (today or timezone.localdate()):
        record_due_reminders(children=Child.objects.filter(pk=child.pk), today=today)


def _tier_filter(tier: str) -> Q:
    """Children planned with `tier`'s interval: a child not yet assessed is planned as 绿."""
    return Q(tier=tier) | Q(tier="") if tier == RiskTier.GREEN else Q(tier=tier)


def replan_tier(tier: str, max_days: int) -> int:
    """Re-plan every open, already visited child of `tier` in one UPDATE: due = last visit + max_days, or the
    urgent visit's date when sooner. Children not visited since their file was opened or their case reopened keep
    their urgent date. Those now overdue are reminded (visits.reminders). Returns how many were re-planned."""
    scheduled = AddDays("last_visit_on", max_days)
    visited = Q(last_visit_on__isnull=False) & (Q(reopened_on__isnull=True) | Q(reopened_on__lte=F("last_visit_on")))
    children = Child.objects.filter(visited, _tier_filter(tier), status__in=Child.FOLLOWED_UP)
    replanned = children.update(next_visit_due=Least(scheduled, Coalesce("urgent_visit_by", scheduled)))
    record_due_reminders(children=children)  # those a shorter interval made overdue at once
    return replanned


@transaction.atomic
def set_visit_policy(*, by: User, max_days: dict[str, int], seen: str) -> list[str]:
    """Store the station's tier → days policy and re-plan, per changed tier, its open children in bulk. `seen`: the
    policy's fingerprint as the page showed it; ChangedMeanwhile if someone saved another since. A policy that visits
    a higher tier less often than a lower one (红 ≤ 橙 ≤ 黄 ≤ 绿 in days) is refused, nothing saved.

    Returns the tiers whose interval changed."""
    if not is_station(by):
        raise PermissionDenied
    list(VisitPolicy.objects.select_for_update())  # two saves at once: the second compares with the first's
    if policy_fingerprint() != seen:
        raise ChangedMeanwhile()
    current = max_days_by_tier()
    wanted = {**current, **max_days}
    in_tier_order = [wanted[tier] for tier in TIER_ORDER]
    if in_tier_order != sorted(in_tier_order):
        raise ValidationError(_("最长家访间隔须按 红 ≤ 橙 ≤ 黄 ≤ 绿 依次递增（可以相同）：风险越高，家访越频繁。"))
    changed = []
    for tier, days in max_days.items():
        policy = VisitPolicy.objects.filter(tier=tier).first() or VisitPolicy(tier=tier)
        policy.max_days = days
        policy.full_clean()
        policy.save()
        if current.get(tier) != days:
            replan_tier(tier, days)
            changed.append(tier)
    return changed


def visit_due_on(child: Child, visited_on: date) -> date | None:
    """The day by which a visit on `visited_on` was due (HomeVisit.due_on): the child's planned date when it is the
    newest visit; for a visit filed later than a newer one, the interval of the child's tier after the visit before
    it (or the day after registration). None for a closed case: nothing was due."""
    if child.last_visit_on is None or visited_on >= child.last_visit_on:
        return child.next_visit_due
    previous = (child.visits.filter(visited_on__lte=visited_on).order_by("-visited_on")
                .values_list("visited_on", flat=True).first())
    if previous is None:
        return child.registered_on + timedelta(days=NEW_OR_RED_DUE_DAYS)
    return previous + timedelta(days=max_days_by_tier()[child.tier or RiskTier.GREEN])


def _change_photos(visit: HomeVisit, *, by: User, add=(), remove=()) -> None:
    """Add the uploads `add` to the visit's photos and remove its photos `remove`: at most VISIT_PHOTOS_MAX in all,
    checked before any file is written. A removed photo stays named in the photos' history (with who removed it)
    until the retention deletes its file; its smaller versions (visits/photos.py) are deleted now."""
    removed = [photo for photo in remove if photo.visit_id == visit.pk]
    if visit.photos.count() - len(removed) + len(add) > settings.VISIT_PHOTOS_MAX:
        raise ValidationError({"photos": _("每次家访最多保存 %(count)s 张照片，请少选几张或删除已有照片。") % {
            "count": settings.VISIT_PHOTOS_MAX}})
    added = [VisitPhoto(visit=visit, image=upload, added_by=by) for upload in add]
    for photo in added:
        photo.full_clean()
    for photo in removed:
        photo._history_user = by
        photo.delete()
    delete_thumbnails(photo.image.name for photo in removed)
    for photo in added:
        photo._history_user = by
        photo.save()


def _meets_urgent_visit(child: Child, visited_on: date) -> bool:
    """Whether a visit on `visited_on` is the urgent visit pending: the child's first visit (a screening visit filed
    with its real date, before the file, counts), or one made on or after the day the urgency arose."""
    if child.urgent_visit_by is None:
        return False
    return child.last_visit_on is None or visited_on >= child.urgent_visit_by - timedelta(days=NEW_OR_RED_DUE_DAYS)


@transaction.atomic
def record_visit(*, by: User, child: Child, submission_key=None, photos=(), **fields) -> HomeVisit:
    """File a home visit (家访记录) and re-plan the child's next visit.

    Refused (PermissionDenied) unless `by` may change the child's village; refused (ValidationError) for a date in
    the future or before the child's birth or registration. The visit keeps the day it was due, so that "on time"
    is judged by the schedule of that day, whatever the child's tier becomes later. A visit flagged `risk_changed`
    puts the child on the reassessment list. Refused (ValidationError, naming the file kept) for a file merged into
    another. The form's `submission_key` sent again returns the visit it filed
    (zhanpu.drafts.store_once; `photos`, uploads, are not compared: they are chosen again for each sending)."""
    if not can_change_village(by, child.village_id):
        raise PermissionDenied
    child = Child.objects.select_for_update().get(pk=child.pk)  # also makes a form sent twice at once wait its turn
    if child.merged_into_id:
        # Merged meanwhile (the form, or a draft kept on a phone, was opened on the duplicate): not filed on the
        # closed duplicate, nor moved unseen; the user files it on the kept file. The draft stays (an error answer).
        # A visit this form filed before the merge (moved with the file) is the one stored.
        earlier = resent(HomeVisit, submission_key, owner={"recorded_by_id": by.pk}, fields=fields)
        if earlier:
            return earlier
        raise ValidationError(_("本档案是重复建档，已合并至档案 %(number)s：请在该档案中查看和登记。") % {
            "number": child.merged_into_id})
    owner = {"recorded_by_id": by.pk, "child_id": child.pk}
    visit = HomeVisit(child=child, village_id=child.village_id, recorded_by=by, submission_key=submission_key,
                      **fields)

    def save():
        visit.full_clean(exclude=["submission_key"])
        visit.due_on = visit_due_on(child, visit.visited_on)
        visit.save()
        _change_photos(visit, by=by, add=photos)
        return visit

    stored = store_once(HomeVisit, submission_key, save, owner=owner, fields=fields)
    if stored is not visit:
        return stored
    if _meets_urgent_visit(child, visit.visited_on):
        child.urgent_visit_by = None
    if child.last_visit_on is None or visit.visited_on > child.last_visit_on:
        child.last_visit_on = visit.visited_on
    if visit.risk_changed:
        child.needs_reassessment = True
    child._history_user = by
    child.save(update_fields=["last_visit_on", "needs_reassessment"])  # kept in the child's history
    replan_child(child)
    return visit


def _corrected_so_before(*, by: User, visit: HomeVisit, child: Child, version: int, fields: dict, photos,
                         remove_photos) -> HomeVisit | None:
    """The visit, when the one save since `version` is `by`'s correction of it with exactly this input (`fields`,
    as many photos added, none left to remove): the same correction sent twice (a double tap, a phone resending
    after its answer was lost). None otherwise: someone else's correction, or another one."""
    stored = HomeVisit.objects.filter(pk=visit.pk, child=child, version=version + 1).first()
    if stored is None or remove_photos or any(getattr(stored, name) != value for name, value in fields.items()):
        return None
    last = stored.history.first()
    if last is None or last.history_user_id != by.pk:
        return None
    added = VisitPhoto.history.filter(visit_id=stored.pk, history_type="+", history_date__gte=last.history_date)
    return stored if added.count() == len(photos) else None


@transaction.atomic
def correct_visit(*, by: User, visit: HomeVisit, version: int, photos=(), remove_photos=(), **fields) -> HomeVisit:
    """Correct a filed visit (a typo, a wrong date, photos added later or removed), opened in a form at `version`.

    Refused (PermissionDenied) unless `by` may change the child's village; raises StaleVisit if someone saved the
    visit in between (but `by`'s own correction sent again is answered with the visit it saved:
    _corrected_so_before), ValidationError for a date the visit could not have had. The visit keeps the day it was
    due; a changed date moves the child's last visit and next due date with it. Kept in the visit's history."""
    if not can_change_village(by, visit.child.village_id):
        raise PermissionDenied
    child = Child.objects.select_for_update().get(pk=visit.child_id)
    visit.child = child
    for name, value in fields.items():
        setattr(visit, name, value)
    visit.full_clean(exclude=["version"])
    # Claim the version with a conditional UPDATE: of two concurrent saves, exactly one matches; a visit a merge moved
    # to another file meanwhile (cases.services.merge) does not match the file locked here.
    if not HomeVisit.objects.filter(pk=visit.pk, version=version, child=child).update(version=F("version") + 1):
        if corrected := _corrected_so_before(by=by, visit=visit, child=child, version=version, fields=fields,
                                             photos=photos, remove_photos=remove_photos):
            return corrected  # the same correction sent again (its answer lost): answered as saved, nothing redone
        raise StaleVisit()
    visit.version = version + 1
    visit._history_user = by
    visit.save()
    _change_photos(visit, by=by, add=photos, remove=remove_photos)
    last_visit_on = child.visits.aggregate(last=Max("visited_on"))["last"]
    changed = []
    if last_visit_on != child.last_visit_on:
        child.last_visit_on = last_visit_on
        changed.append("last_visit_on")
    if visit.risk_changed and not child.needs_reassessment:
        child.needs_reassessment = True
        changed.append("needs_reassessment")
    if changed:
        child._history_user = by
        child.save(update_fields=changed)
        replan_child(child)
    return visit
