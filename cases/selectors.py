"""Reads of children, always through the access chokepoint in registry.access."""

from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta
from operator import itemgetter

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Count, ExpressionWrapper, Prefetch, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from registry.access import (
    can_change_village,
    can_see_full_identifiers,
    is_township_wide,
    offices_of,
    village_ids_visible_to,
)
from registry.translation import translated_names
from zhanpu.fingerprints import fingerprint
from zhanpu.links import object_url
from zhanpu.text import labelled

from .models import Child, Guardian, Referral, RiskIndicator, TierThreshold


def children_visible_to(user):
    """Children whose full file `user` may read: those of the villages the user may see (every child for the
    township-wide roles: no village list to match, which only slows the query down)."""
    if is_township_wide(user):
        return Child.objects.all()
    return Child.objects.filter(village_id__in=village_ids_visible_to(user))


def get_child_for_user(user, pk, *, perm: str = "view", related=()) -> Child:
    """The child `pk` (with its village and the `related` foreign keys), or 404 if the user may not see it, or 403
    if they may see but not change it."""
    try:
        child = children_visible_to(user).select_related("village", *related).get(pk=pk)
    except (Child.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if perm == "change" and not can_change_village(user, child.village_id):
        raise PermissionDenied
    return child


def can_change_child(user, child: Child) -> bool:
    return can_change_village(user, child.village_id)


def can_reveal_guardian_phone(user, child: Child) -> bool:
    """Whether `user` may show the full phone numbers of `child`'s guardians (a logged REVEAL): the station, and the
    child directors of the child's village, who arrange home visits by phone (DESIGN §3: masked "unless the role
    needs them"). ID numbers and reporters' numbers stay the station's (can_see_full_identifiers); callers' numbers
    also the operators' (hotline.selectors.can_reveal_caller_phone)."""
    return can_see_full_identifiers(user) or can_change_child(user, child)


def reassessment_cutoff(today: date | None = None) -> date:
    return (today or timezone.localdate()) - timedelta(days=settings.CASES_REASSESS_DAYS)


def reassessment_overdue_q(today: date | None = None) -> Q:
    """Open cases flagged for reassessment, or not assessed within CASES_REASSESS_DAYS (6 months)."""
    cutoff = reassessment_cutoff(today)
    return ~Q(status=Child.Status.CLOSED) & (
        Q(needs_reassessment=True)
        | Q(last_assessed_on__lt=cutoff)
        | Q(last_assessed_on__isnull=True, registered_on__lt=cutoff)
    )


# The register's order (a total order: pk breaks ties); the export reads guardians and categories in the same order.
REGISTER_ORDER = ("village__order", "village__name", "name", "pk")
# The columns a row of the register page shows (cases/child_list.html); the export shows whole records.
REGISTER_PAGE_FIELDS = ("name", "birth_date", "village__name", "status", "tier", "last_assessed_on", "next_visit_due")


def register_for(user, *, page: bool = False):
    """The child register of `user`, with what the export shows (or, with `page`, only what a row of the list page
    shows: no guardians, no identifiers), in a fixed number of queries."""
    children = (
        children_visible_to(user)
        .annotate(overdue_reassessment=ExpressionWrapper(reassessment_overdue_q(), output_field=BooleanField()))
        .select_related("village")
        .order_by(*REGISTER_ORDER)
    )
    if page:
        return children.only(*REGISTER_PAGE_FIELDS)  # the view names each row's categories (zhanpu.names)
    primary = Guardian.objects.order_by("-is_primary", "pk")
    return children.prefetch_related("categories", Prefetch("guardians", queryset=primary))


def similar_children(*, name: str, birth_date: date, exclude_pk=None):
    """Children anywhere in the township with the same name and birth date (a likely duplicate); a file merged into
    another one is that one."""
    found = Child.objects.filter(name=name.strip(), birth_date=birth_date, merged_into=None).select_related("village")
    return found.exclude(pk=exclude_pk) if exclude_pk else found


def possible_duplicate_groups():
    """(name, birth date) pairs held by more than one file anywhere in the township, with how many: the station's
    review of 一人一档. Files without an ID number (or registered while the warning was overridden) are the ones that
    can double up; an ID number itself can only be on one file. Files already merged into another are left out."""
    return (
        Child.objects.filter(merged_into=None).order_by().values("name", "birth_date").annotate(files=Count("pk"))
        .filter(files__gt=1)
        .order_by("name", "birth_date")
    )


def files_of_groups(groups) -> list[tuple[dict, list[Child]]]:
    """Each group of a page of `possible_duplicate_groups()` with its files (one query for the whole page)."""
    groups = list(groups)
    if not groups:
        return []
    match = Q()
    for group in groups:
        match |= Q(name=group["name"], birth_date=group["birth_date"])
    files = defaultdict(list)
    shown = ("name", "birth_date", "id_number", "registered_on", "status", "village__name")
    files_shown = Child.objects.filter(match, merged_into=None).select_related("village").only(*shown)
    for child in files_shown.order_by("registered_on", "pk"):
        files[(child.name, child.birth_date)].append(child)
    return [(group, files[(group["name"], group["birth_date"])]) for group in groups]


# --- referrals ---------------------------------------------------------------------------------------------------

def referrals_visible_to(user):
    """Station and leadership: every referral; a director: their villages' children's; office staff: their office's."""
    if is_township_wide(user):
        return Referral.objects.all()
    return Referral.objects.filter(
        Q(child__village_id__in=village_ids_visible_to(user)) | Q(office__in=offices_of(user))
    )


def referrals_for_office(user):
    """The office inbox: only the child data a referral needs (name, birth date for the age, village)."""
    return (
        Referral.objects.filter(office__in=offices_of(user))
        .select_related("office", "child__village")
        .only(
            "pk", "reason", "urgent", "due_date", "status", "created_at", "accepted_at", "closed_at", "response",
            "return_reason", *translated_names("office"), "child__name", "child__birth_date", "child__village__name",
        )
        .order_by("status", "due_date", "-pk")
    )


def referral_list_for(user, status: str = "open"):
    """The referral list and its ledger: `(referrals, inbox)`. Office staff get their office's inbox (`inbox`
    true); station, leadership and directors the referrals of the children they see. `status`: "open" (pending or
    accepted, the default), "all", or one status."""
    inbox = offices_of(user).exists() and not is_township_wide(user)
    if inbox:
        referrals = referrals_for_office(user)
    else:
        referrals = referrals_visible_to(user).select_related("office", "child__village").order_by(
            "status", "due_date", "-pk"
        )
    if status == "open":
        referrals = referrals.filter(status__in=Referral.OPEN_STATUSES)
    elif status in Referral.Status.values:
        referrals = referrals.filter(status=status)
    return referrals, inbox


def get_referral_for_user(user, pk) -> Referral:
    try:
        return referrals_visible_to(user).select_related("office", "child__village", "referred_by").get(pk=pk)
    except (Referral.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def handles_referral(user, referral: Referral) -> bool:
    """Only the receiving office's staff accept, answer, complete or return a referral."""
    return offices_of(user).filter(pk=referral.office_id).exists()


# --- timeline ----------------------------------------------------------------------------------------------------

def _sort_key(when) -> datetime:
    if isinstance(when, datetime):
        return timezone.localtime(when).replace(tzinfo=None) if timezone.is_aware(when) else when
    return datetime.combine(when, time.min)


def _event(when, kind, title, detail="", url="") -> dict:
    return {"when": when, "kind": kind, "title": title, "detail": detail, "url": url}


TIMELINE_KINDS = {  # the kinds of timeline events, in the order the file's filter offers them
    "visit": _lazy("家访"), "assessment": _lazy("风险评估"), "intervention": _lazy("干预措施"),
    "referral": _lazy("转介"), "mandatory_report": _lazy("强制报告"), "hotline": _lazy("来电"), "note": _lazy("备注"),
    "status": _lazy("个案状态"),
}


def timeline_kinds(events: list[dict]) -> list[tuple[str, str, int]]:
    """(kind, label, how many) of each kind present on a timeline, for the file's filter."""
    counts = Counter(event["kind"] for event in events)
    return [(kind, label, counts[kind]) for kind, label in TIMELINE_KINDS.items() if counts[kind]]


def child_timeline(child: Child, *, referrals=None, reports=None) -> list[dict]:
    """Everything that happened on this case, newest first: a fixed number of queries.

    Each event is a dict with when (datetime or date), day ("YYYY-MM-DD", local), kind, title, detail, url. Reporters'
    identities never appear. `referrals` (with their office) and `reports`: the child's, when the caller has them.
    """
    from hotline.selectors import timeline_events as hotline_events
    from visits.selectors import timeline_events as visit_events

    if referrals is None:
        referrals = child.referrals.select_related("office")
    if reports is None:
        reports = child.mandatory_reports.all()
    events = []
    for item in child.assessments.all():
        detail = _("得分 %(score)s") % {"score": item.score}
        if item.override_reason:
            detail += " · " + item.override_reason
        events.append(_event(item.assessed_on, "assessment", labelled(item.get_source_display(),
                                                                      item.get_tier_display()), detail))
    for item in child.interventions.all():
        detail = " · ".join(part for part in (item.done_by, item.notes) if part)
        events.append(_event(item.done_on, "intervention", item.get_kind_display(), detail))
    for item in referrals:
        events.append(_event(
            item.created_at, "referral", _("转介%(office)s（%(status)s）") % {
                "office": item.office, "status": item.get_status_display()},
            item.reason, object_url("cases:referral_detail", item.pk),
        ))
    for item in reports:
        events.append(_event(item.reported_at, "mandatory_report", _("强制报告"), "；".join(item.situation_labels())))
    notes = child.notes.select_related("author").only("child", "text", "created_at", "author__real_name",
                                                       "author__username")  # not the whole account of the author
    for item in notes:
        events.append(_event(item.created_at, "note", _("备注（%(author)s）") % {"author": item.author or "—"},
                             item.text))
    for item in child.status_changes.all():
        events.append(_event(item.at, "status", item.get_kind_display(), item.reason))
    events += visit_events(child) + hotline_events(child)
    for event in events:
        event["at"] = _sort_key(event["when"])
        event["day"] = f"{event['at']:%Y-%m-%d}"  # cheaper here than the template's date filter on each row
    return sorted(events, key=itemgetter("at"), reverse=True)


def risk_settings_fingerprint(*, lock: bool = False) -> str:
    """The risk checklist and tier thresholds as the station's settings page shows them (zhanpu.fingerprints);
    `lock`: read them FOR UPDATE, inside the transaction that saves them."""
    indicators = RiskIndicator.objects.order_by("pk")
    thresholds = TierThreshold.objects.order_by("pk")
    if lock:
        indicators, thresholds = indicators.select_for_update(), thresholds.select_for_update()
    return fingerprint([
        *indicators.values_list("pk", "domain", "text_zh_hans", "text_en", "weight", "is_emergency", "is_active",
                                "order"),
        *thresholds.values_list("pk", "tier", "min_score", "response_zh_hans", "response_en"),
    ])


def tier_response(tier: str) -> str:
    """The station's response (应对措施) for `tier`, in the reader's language ("" for none, or a child not yet
    assessed: no query then)."""
    if not tier:
        return ""
    row = TierThreshold.objects.filter(tier=tier).first()
    return row.response if row else ""


def tier_responses() -> list[tuple[str, str]]:
    """(tier, the station's response 应对措施 in the reader's language), highest tier first; tiers without one are
    left out."""
    rows = [(row.tier, row.response) for row in TierThreshold.objects.order_by("-min_score")]
    return [(tier, response) for tier, response in rows if response]
