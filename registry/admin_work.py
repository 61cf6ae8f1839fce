"""Django admin for the organisation at work (issue 6): search, filters, inlines."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from zhanpu.admin_links import PermittedLinksMixin

from .admin_readonly import OutboxAdmin
from .admin_versions import VersionedAdmin
from .models import (
    DirectorProfile,
    Facility,
    FacilityInspection,
    FamilyEducationSession,
    Holiday,
    Publicity,
    SocialActivity,
    SocialForce,
    Task,
    TaskNote,
    TaskReminder,
    Workroom,
)
from .selectors import tasks_visible_to
from .services_work import tell_task_assignees


@admin.register(Workroom)
class WorkroomAdmin(VersionedAdmin):
    list_display = ["village", "cadre_name", "contact_phone", "updated_at"]
    search_fields = ["village__name", "cadre_name", "contact_phone"]
    list_select_related = ["village"]
    filter_horizontal = ["volunteers"]
    readonly_fields = ["version"]


@admin.register(DirectorProfile)
class DirectorProfileAdmin(PermittedLinksMixin, VersionedAdmin):  # the leadership reads the director's name
    list_display = ["user", "is_women_committee_member", "is_women_federation_chair"]
    list_filter = ["is_women_committee_member", "is_women_federation_chair"]
    search_fields = ["user__username", "user__real_name"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]


class SocialActivityInline(admin.TabularInline):
    model = SocialActivity
    extra = 0
    raw_id_fields = ["village"]


@admin.register(SocialForce)
class SocialForceAdmin(VersionedAdmin):
    list_display = ["name", "kind", "contact_person", "is_active"]
    list_filter = ["kind", "is_active", "villages_served"]
    search_fields = ["name", "contact_person", "notes"]
    filter_horizontal = ["villages_served"]
    inlines = [SocialActivityInline]


@admin.register(SocialActivity)
class SocialActivityAdmin(admin.ModelAdmin):
    list_display = ["date", "force", "village", "service", "participants"]
    list_filter = ["service", "village", "date"]
    search_fields = ["force__name", "summary"]
    list_select_related = ["force", "village"]
    date_hierarchy = "date"


class InspectionInline(admin.TabularInline):
    model = FacilityInspection
    extra = 0


@admin.register(Facility)
class FacilityAdmin(VersionedAdmin):
    list_display = ["name", "village", "kind", "manager", "is_active"]
    list_filter = ["village", "kind", "is_active"]
    search_fields = ["name", "address", "manager"]
    list_select_related = ["village"]
    inlines = [InspectionInline]


@admin.register(FacilityInspection)
class FacilityInspectionAdmin(VersionedAdmin):
    list_display = [
        "facility", "inspected_on", "inspector", "equipment_maintained", "safety_sign_present",
        "no_smoking_sign_present", "fixed_on",
    ]
    list_filter = [
        "facility__village", "equipment_maintained", "safety_sign_present", "no_smoking_sign_present", "inspected_on",
    ]
    search_fields = ["facility__name", "inspector", "problems"]
    list_select_related = ["facility__village"]
    date_hierarchy = "inspected_on"


@admin.register(Holiday)
class HolidayAdmin(TranslationAdmin, VersionedAdmin):  # the name in Chinese and English
    list_display = ["name", "start_date", "end_date", "source"]
    list_filter = ["source", "start_date"]
    search_fields = ["name"]


@admin.register(FamilyEducationSession)
class FamilyEducationSessionAdmin(VersionedAdmin):
    list_display = ["village", "date", "start_time", "end_time", "place", "host", "attendance", "held"]
    list_filter = ["village", "held", "date"]
    search_fields = ["place", "host", "topic"]
    list_select_related = ["village"]
    date_hierarchy = "date"


@admin.register(Publicity)
class PublicityAdmin(VersionedAdmin):
    list_display = ["date", "village", "channel", "title", "reach"]
    list_filter = ["channel", "village", "date"]
    search_fields = ["title", "content"]
    list_select_related = ["village"]
    date_hierarchy = "date"


class TaskNoteInline(PermittedLinksMixin, admin.TabularInline):  # the leadership reads the author's name
    model = TaskNote
    extra = 0
    readonly_fields = ["created_at"]


@admin.register(Task)
class TaskAdmin(VersionedAdmin):
    list_display = ["title", "office", "village", "owner", "due_on", "status"]
    list_filter = ["status", "office", "village", "due_on"]
    search_fields = ["title", "duty", "owner", "plan_ref"]
    list_select_related = ["office", "village"]
    inlines = [TaskNoteInline]

    def save_model(self, request, obj, form, change):
        """Saved as on the portal's form: whoever the task is new to is told (registry.services_work)."""
        before = (form.initial.get("office"), form.initial.get("village")) if change else None
        super().save_model(request, obj, form, change)
        tell_task_assignees(task=obj, before=before)


@admin.register(TaskReminder)
class TaskReminderAdmin(PermittedLinksMixin, OutboxAdmin):
    reminded = "task"
    visible = staticmethod(tasks_visible_to)
    list_display = fields = ["task", "due_on", "level", "recorded_at", "sent_at"]
    list_select_related = ["task"]
    date_hierarchy = "due_on"
