from django.contrib import admin

from registry.admin_readonly import OutboxAdmin
from registry.admin_reference import ReferenceListAdmin

from .models import CallReminder, IssueCategory
from .selectors import calls_visible_to


@admin.register(IssueCategory)
class IssueCategoryAdmin(ReferenceListAdmin):
    """The issue categories of calls. Calls themselves are handled in the portal (masked numbers, logged reveal)."""

    list_display = ["name", "code", "is_harm", "order"]
    list_editable = ["is_harm", "order"]
    search_fields = ["name", "code"]


@admin.register(CallReminder)
class CallReminderAdmin(OutboxAdmin):
    reminded = "call"
    visible = staticmethod(calls_visible_to)
    list_display = fields = ["call_id", "due", "level", "recorded_at", "sent_at"]
    date_hierarchy = "due"
