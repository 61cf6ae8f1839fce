"""Read-only admin for visits: policy edits go through the station's page (visits:policy) so that they re-plan
the children; visit records are filed through the portal. Rows are limited to the children the user may see."""

from django.contrib import admin

from cases.admin import VisibleChildrenMixin
from cases.selectors import children_visible_to
from registry.admin_readonly import OutboxAdmin, ReadOnlyAdmin
from zhanpu.admin_links import HistoryAdmin

from .models import HomeVisit, VisitPolicy, VisitReminder


@admin.register(VisitPolicy)
class VisitPolicyAdmin(ReadOnlyAdmin):
    list_display = ["tier", "max_days"]


@admin.register(HomeVisit)
class HomeVisitAdmin(VisibleChildrenMixin, ReadOnlyAdmin, HistoryAdmin):  # opening a visit is logged
    list_display = ["visited_on", "kind", "child", "visitors", "risk_changed", "recorded_by"]
    list_filter = ["kind", "risk_changed", "child__village"]
    date_hierarchy = "visited_on"
    list_select_related = ["child", "recorded_by"]


@admin.register(VisitReminder)
class VisitReminderAdmin(OutboxAdmin):
    reminded = "child"
    visible = staticmethod(children_visible_to)
    list_display = fields = ["child_id", "due_date", "level", "recorded_at", "sent_at"]
    date_hierarchy = "due_date"
