"""Referrals (帮扶转介) by office and status, with the overdue ones: one grouped query over the offices."""

from django.db.models import Count, Q
from django.utils import timezone

from cases.models import Referral
from cases.selectors import referrals_visible_to
from registry.models import Office
from zhanpu.links import list_url

from .scope import Month, Scope, day_start

REFERRAL_LIST = "cases:referral_list"
STATUSES = [value for value, _label in Referral.Status.choices]


def scoped_referrals(scope: Scope):
    """Referrals the user may see (the cases chokepoint), narrowed to the scope's villages' children."""
    referrals = referrals_visible_to(scope.user)
    if not scope.township:
        referrals = referrals.filter(child__village_id__in=scope.village_ids)
    return referrals


def overdue_q(prefix: str = "", today=None) -> Q:
    """Still with the office (待接收/已接收) after its due date, as Referral.is_overdue says."""
    return Q(**{f"{prefix}status__in": Referral.OPEN_STATUSES, f"{prefix}due_date__lt": today or timezone.localdate()})


def referral_figures(scope: Scope, month: Month) -> dict:
    """Per office: referrals new in the month, overdue now, and by status (one grouped query, one for the offices)."""
    new = Q(created_at__gte=day_start(month.first), created_at__lt=day_start(month.following().first))
    grouped = {
        row["office_id"]: row for row in scoped_referrals(scope).order_by().values("office_id").annotate(
            new=Count("pk", filter=new), overdue=Count("pk", filter=overdue_q()),
            **{status: Count("pk", filter=Q(status=status)) for status in STATUSES},
        )
    }
    rows = []
    for office in Office.objects.all():
        counts = grouped.get(office.pk, {})
        rows.append({"office": office, "new": counts.get("new", 0), "overdue": counts.get("overdue", 0),
                     "statuses": [counts.get(status, 0) for status in STATUSES]})
    linkable = scope.lists_match
    total = {
        "new": sum(row["new"] for row in rows),
        "overdue": sum(row["overdue"] for row in rows),
        "statuses": [
            {"count": sum(row["statuses"][i] for row in rows),
             "url": list_url(REFERRAL_LIST, status=status) if linkable else ""}
            for i, status in enumerate(STATUSES)
        ],
    }
    return {"rows": rows, "total": total, "labels": [label for _value, label in Referral.Status.choices]}
