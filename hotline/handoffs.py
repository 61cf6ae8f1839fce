"""Who a call's action hands work to (DESIGN §2, 转介部门 and 派员入户): they are told in the portal and by e-mail
when the call is logged, corrected or linked to a child so that the hand-off is new, and never twice for one. An office
a correction takes the call away from is told too, and what it was sent about the call loses its link."""


from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import HotlineCall
from .selectors import calls_visible_to

OFFICE, VILLAGE, STATION = "office", "village", "station"


def handoff(call: HotlineCall) -> tuple[str, int | None] | None:
    """(whom, which) the call's action hands work to: the office it is referred to; for a home visit, the linked
    child's village, or the station while no child is linked; None for any other action."""
    if call.action == HotlineCall.Action.REFERRED and call.office_id:
        return OFFICE, call.office_id
    if call.action == HotlineCall.Action.HOME_VISIT:
        return (VILLAGE, call.child.village_id) if call.child_id else (STATION, None)
    return None


def _recipients(whom: str, which: int | None):
    from registry.selectors import directors_of, staff_of, station_users

    if whom == OFFICE:
        return staff_of([which])
    if whom == VILLAGE:
        return directors_of([which])
    return station_users()


def _url(call: HotlineCall) -> str:
    return reverse("hotline:detail", args=[call.pk])


def _tell_moved_away(call: HotlineCall, office_id: int) -> None:
    """The staff of the office the call was referred to before a correction are told it no longer is, without a link;
    what they were sent about the call loses its link when they can no longer open it (calls_visible_to)."""
    from registry.services import notify, withdraw_links

    staff = list(_recipients(OFFICE, office_id))
    shut_out = [user for user in staff if not calls_visible_to(user).filter(pk=call.pk).exists()]
    withdraw_links(recipients=shut_out, url=_url(call))
    notify(recipients=staff, compose=lambda: (
        _("热线来电不再转介本部门"),
        _("来电 #%(number)s 经更正后不再转介本部门，本部门无需再办理。") % {"number": call.pk},
    ))


def tell(call: HotlineCall, *, before: tuple | None = None) -> None:
    """Notify whoever the call now hands work to, unless it handed the same work to them `before` the change; an
    office it was handed to `before` and no longer is (another office, another action) is told so.
    The message names the call, its urgency and follow-up time and the child's file number, never a name or a
    phone number (e-mail leaves the portal). An office without staff or a village without a director (as the pages
    find them): the station is told instead, and why, as for a reminder (registry.outbox.for_station)."""
    from registry.outbox import notify_or_station

    now = handoff(call)
    if before is not None and before != now and before[0] == OFFICE:
        _tell_moved_away(call, before[1])
    if now is None or now == before:
        return
    whom = now[0]

    def compose():
        facts = {
            "number": call.pk, "urgency": call.get_urgency_display() or "—", "child": call.child_id,
            "due": f"{timezone.localtime(call.follow_up_due):%Y-%m-%d %H:%M}" if call.follow_up_due else "—",
        }
        if whom == OFFICE:
            # Named, not "本部门": the station reads it too when the office has nobody to receive it.
            return _("热线来电转介至%(office)s") % {"office": call.office}, _(
                "来电 #%(number)s（%(urgency)s），跟进期限 %(due)s。请登录平台查看来电记录，办理后在该页填写办理反馈。"
            ) % facts
        if whom == VILLAGE:
            return _("热线来电：请派员入户"), _(
                "来电 #%(number)s（%(urgency)s）涉及档案 %(child)s，跟进期限 %(due)s。请尽快入户走访并填写家访记录。"
            ) % facts
        return _("热线来电：请派员入户"), _(
            "来电 #%(number)s（%(urgency)s）尚未关联儿童档案，跟进期限 %(due)s。请关联档案或安排人员入户。") % facts

    notify_or_station(recipients=_recipients(*now), compose=compose, url=_url(call))
