"""Reads for the hotline ledger, always through `calls_visible_to` (the hotline's access chokepoint)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from registry.access import offices_of, roles_of, village_ids_visible_to
from registry.roles import Role
from registry.translation import translated_names
from zhanpu.links import object_url

from .models import CallIntake, HotlineCall, IssueCategory

READ_ALL = frozenset({Role.LEADERSHIP, Role.STATION, Role.HOTLINE})
LOGGERS = frozenset({Role.STATION, Role.HOTLINE})
# Who may know a mandatory reporter: the station (DESIGN §3) and the operators, who took the call.
REPORTER_READERS = LOGGERS
CONFIDENTIAL_CALLER = Q(mandatory_report_filed_at__isnull=False) | Q(action=HotlineCall.Action.MANDATORY_REPORT)
MATCH_LIMIT = 10


def can_log_calls(user) -> bool:
    """The operator and the station log calls, record callbacks, close calls and link them to children."""
    return bool(roles_of(user) & LOGGERS)


def can_reveal_caller_phone(user) -> bool:
    """Who may show a caller's whole number (a logged REVEAL): the station and the operators, who call callers back
    (回访, DESIGN §3: masked "unless the role needs them"). Lists and exports stay masked for everyone."""
    return can_log_calls(user)


def can_give_feedback(user, call: HotlineCall) -> bool:
    """办理反馈: the staff of the office the call is referred to, the station and the operators."""
    return can_log_calls(user) or bool(call.office_id and call.office in offices_of(user))


def _calls_from_numbers(user, phone_hashes):
    """The calls `user` may see from the numbers hashed as `phone_hashes` (HotlineCall.caller_phone_hash)."""
    calls = calls_visible_to(user).filter(caller_phone_hash__in=phone_hashes)
    if not roles_of(user) & REPORTER_READERS:  # a reporter's other calls would name them
        calls = calls.exclude(CONFIDENTIAL_CALLER)
    return calls


def calls_from_number(user, phone_hash: str, *, exclude_pk=None):
    """The calls `user` may see from the number hashed as `phone_hash`, newest first; none for no number."""
    if not phone_hash:
        return HotlineCall.objects.none()
    calls = _calls_from_numbers(user, [phone_hash])
    if exclude_pk is not None:
        calls = calls.exclude(pk=exclude_pk)
    return calls.order_by("-received_at", "-pk")


def count_other_calls(user, calls) -> None:
    """Set `other_calls` on each of `calls` (read as `user` may: withhold_reporters first): how many other calls
    `user` may see came from the same number. One grouped query."""
    hashes = {call.caller_phone_hash for call in calls if call.caller_phone_hash}
    counts = {}
    if hashes:
        counts = dict(_calls_from_numbers(user, hashes).order_by().values_list("caller_phone_hash")
                      .annotate(n=Count("pk")))
    for call in calls:
        call.other_calls = max(counts.get(call.caller_phone_hash, 0) - 1, 0) if call.caller_phone_hash else 0


def calls_visible_to(user):
    """Operator, station, leadership: every call; a child director: calls linked to their villages' children;
    office staff: calls referred to their office; anyone else (admin): none."""
    roles = roles_of(user)
    if roles & READ_ALL:
        return HotlineCall.objects.all()
    conditions = []
    if Role.DIRECTOR in roles:
        conditions.append(Q(child__village_id__in=village_ids_visible_to(user)))
    if Role.OFFICE in roles:
        conditions.append(Q(office__in=offices_of(user)))
    if not conditions:
        return HotlineCall.objects.none()
    query = conditions[0]
    for condition in conditions[1:]:
        query |= condition
    return HotlineCall.objects.filter(query)


def withhold_reporters(user, calls):
    """`calls` as `user` may read them: for anyone but the station and the operators, a call that led to a mandatory
    report loses its caller's relation and number (in memory, `caller_withheld` set). Returns `calls`."""
    if roles_of(user) & REPORTER_READERS:
        return calls
    for call in calls:
        if call.reports_harm_confidentially:
            call.caller_relation, call.caller_phone, call.caller_phone_hash = "", "", ""
            call.caller_withheld = True
    return calls


def get_call_for_user(user, pk, *, perm: str = "view") -> HotlineCall:
    """The call `pk`, or 404 if `user` may not see it, or 403 if they may see but not change it."""
    try:
        call = calls_visible_to(user).select_related(
            "operator", "office", "child__village", "callback_by", "closed_by"
        ).get(pk=pk)
    except (HotlineCall.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if perm == "change" and not can_log_calls(user):
        raise PermissionDenied
    withhold_reporters(user, [call])
    return call


# The columns a row of the ledger page shows (hotline/ledger.html); the Excel export shows whole calls.
LEDGER_PAGE_FIELDS = (
    "received_at", "operator__username", "operator__real_name", "caller_relation", "caller_phone", "caller_phone_hash",
    "call_type",
    "urgency", "action", "child__name", "child__village__name", "status", "follow_up_due", "mandatory_report_filed_at",
)


def ledger_calls(user, *, page: bool = False):
    """The ledger's rows, with everything the export shows (or, with `page`, only what a row of the ledger page
    shows) fetched in a fixed number of queries."""
    calls = calls_visible_to(user)
    if page:  # the view names each row's categories (zhanpu.names)
        return calls.select_related("operator", "office", "child__village").only(
            *LEDGER_PAGE_FIELDS, *translated_names("office")
        )
    return calls.prefetch_related("categories").select_related(
        "operator", "office", "child__village", "callback_by", "closed_by"
    )


def overdue_calls(user):
    """Calls past their follow-up time with neither a callback nor a closing."""
    return calls_visible_to(user).filter(status=HotlineCall.Status.OPEN, follow_up_due__lt=timezone.now())


def open_intakes():
    return CallIntake.objects.filter(status=CallIntake.Status.OPEN).select_related("call", "village", "opened_by")


def _sounds(text: str) -> list[tuple[str, str]]:
    """The pinyin readings of a name, typed or registered, as (full, initials): every reading of a surname such as
    曾 (céng, zēng), so that "zeng xiaoming" and 增小明 find 曾小明."""
    from cases.models.children import name_readings

    return name_readings(text.replace(" ", ""))


def match_children(*, name: str, birth_year: int | None = None, village=None) -> list[dict]:
    """Children who may be the one named on a call, best first: same name, same sound (pinyin, so homophones
    and names typed in pinyin match), or part of the name; birth year within one year when given.

    Returns only what the operator may see: id, name, birth year and village. A name is required so that the
    search cannot list a village's children.
    """
    from cases.models import Child
    from cases.models.children import in_characters, sounds_like, typed_name

    name = typed_name(name)
    if not name:
        return []
    wanted = [full for full, _initials in _sounds(name)]  # what was typed, read every way (pinyin stays itself)
    heard = [sound for sound in wanted if len(sound) >= 2]
    # The database narrows to the names that can match (the name, or Child.name_pinyin, holds what was typed: whole
    # syllables when typed in characters), the scoring below ranks them: no reading of every child in the township.
    # A merged duplicate is never offered.
    like = Q(name__contains=name)
    if in_characters(name):
        like |= sounds_like(name)
    else:
        for sound in heard:
            like |= Q(name_pinyin__contains=sound)
    children = Child.objects.filter(like, merged_into__isnull=True)
    if birth_year:
        children = children.filter(birth_date__year__gte=birth_year - 1, birth_date__year__lte=birth_year + 1)
    if village is not None:
        children = children.filter(village=village)
    matches = []
    for pk, child_name, born, village_name in children.values_list("pk", "name", "birth_date", "village__name"):
        readings = _sounds(child_name)  # each reading's full pinyin and initials
        if child_name == name:
            score = 3
        elif any(full in wanted for full, _initials in readings):
            score = 2
        elif name in child_name or any(sound in part for sound in heard for reading in readings for part in reading):
            score = 1
        else:
            continue
        if birth_year and born.year == birth_year:
            score += 1
        matches.append({"id": pk, "name": child_name, "birth_year": born.year, "village": village_name,
                        "score": score})
    # of the same score, the names written with what was typed first (李强 before 黎明 for 李)
    matches.sort(key=lambda match: (-match["score"], name not in match["name"], match["name"], match["id"]))
    return matches[:MATCH_LIMIT]


def timeline_events(child) -> list[dict]:
    """Calls linked to this child as timeline events: dicts with when (aware datetime), kind, title, detail, url."""
    # Only what an event shows (and "child", which the related manager reads on every row): no decrypting.
    calls = child.hotline_calls.only("pk", "child", "received_at", "call_type", "summary").order_by("received_at", "pk")
    return [
        {
            "when": call.received_at,
            "kind": "hotline",
            "title": _("热线来电：%(type)s") % {"type": call.get_call_type_display()},
            "detail": Truncator(call.summary).chars(120),
            "url": object_url("hotline:detail", call.pk),
        }
        for call in calls
    ]


def monthly_stats(calls, year: int) -> dict:
    """Counts per month of `year`, by call type and by issue category (grouped queries, not a row scan)."""
    calls = calls.filter(received_at__year=year)
    by_type = (
        calls.annotate(month=TruncMonth("received_at")).values("month", "call_type")
        .annotate(n=Count("pk", distinct=True)).order_by()
    )
    by_category = (
        calls.filter(categories__isnull=False).annotate(month=TruncMonth("received_at"))
        .values("month", "categories").annotate(n=Count("pk", distinct=True)).order_by()
    )
    months = list(range(1, 13))
    types = [(value, label) for value, label in HotlineCall.CallType.choices]
    categories = list(IssueCategory.objects.all())
    type_table = {value: [0] * 12 for value, _label in types}
    for row in by_type:
        type_table[row["call_type"]][row["month"].month - 1] = row["n"]
    category_table = {category.pk: [0] * 12 for category in categories}
    for row in by_category:
        category_table[row["categories"]][row["month"].month - 1] = row["n"]
    return {
        "months": months,
        "by_type": [(label, type_table[value], sum(type_table[value])) for value, label in types],
        "by_category": [(c.name, category_table[c.pk], sum(category_table[c.pk])) for c in categories],
        "totals": [sum(column) for column in zip(*type_table.values(), strict=True)] if type_table else [0] * 12,
    }
