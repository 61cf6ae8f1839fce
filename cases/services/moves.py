"""A child's file moved to another village (村/社区): who followed the child there and who follows it now are told."""

from django.urls import reverse
from django.utils.translation import gettext as _

from registry.access import village_ids_visible_to
from registry.models import User
from registry.outbox import notify_or_station
from registry.selectors import directors_of
from registry.services import notify, withdraw_links

from ..models import Child


def tell_of_move(child: Child, *, moved_from: int, by: User) -> None:
    """`child` was moved from the village `moved_from` by `by`. Its directors there who may no longer open the file
    are told it left (by its number only: it is no longer theirs to read), and the links to it they were sent lose
    them (the pages would answer 404). The directors of its new village are told it is now theirs to visit, or the
    station when that village has no director with an account. Nobody is told of a move they made themselves."""
    staying = set(directors_of([child.village_id]))
    left = [user for user in directors_of([moved_from])
            if user not in staying and child.village_id not in village_ids_visible_to(user)]
    for url in (reverse("cases:child_detail", args=[child.pk]), reverse("visits:child", args=[child.pk])):
        withdraw_links(recipients=left, url=url)
    notify(recipients=[user for user in left if user != by], compose=lambda: (
        _("儿童已迁出本村"), _("档案 %(number)s 已迁往其他村（社区），本村无需再跟进。") % {"number": child.pk}))

    def arrived():
        return _("儿童迁入本村"), _("档案 %(number)s 已迁入%(village)s，请按风险等级安排家访。") % {
            "number": child.pk, "village": child.village}

    notify_or_station(recipients=staying, compose=arrived, url=reverse("cases:child_detail", args=[child.pk]), by=by)
