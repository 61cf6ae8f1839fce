"""Admin for the cases app: the leadership's configuration pages (indicators, thresholds, categories) and a
read-mostly view of case records. Rows are limited to the children the signed-in user may see, and identifiers
are never shown in clear (they are not even form fields here)."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from audit.models import AccessLog
from audit.services import log_access
from registry.admin_readonly import OutboxAdmin
from registry.admin_reference import ReferenceListAdmin
from registry.privacy import mask_id_number, mask_phone

from .models import (
    CaseNote,
    Child,
    ChildCategory,
    Guardian,
    Intervention,
    MandatoryReport,
    ReassessmentReminder,
    Referral,
    ReferralReminder,
    RiskAssessment,
    RiskIndicator,
    TierThreshold,
)
from .selectors import children_visible_to, referrals_visible_to
from .services.children import update_child


class VisibleChildrenMixin:
    """Only records of children the signed-in user may see (registry.access); admin staff see none. Opening one
    (its change page, its history or a past version) is logged like the portal's child file (DESIGN.md §3)."""

    child_path = "child"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        visible = children_visible_to(request.user)
        return queryset.filter(pk__in=visible) if self.child_path == "" else queryset.filter(
            **{f"{self.child_path}__in": visible}
        )

    def log_child_view(self, request, obj, page: str = "") -> None:
        """Log a VIEW of the child that `obj` is or belongs to; the detail says which admin page showed it: "admin",
        "admin history", "admin riskassessment", "admin riskassessment history"..."""
        child_id = obj.pk if self.child_path == "" else getattr(obj, f"{self.child_path}_id")
        where = ["admin"] + ([] if self.child_path == "" else [self.opts.model_name]) + ([page] if page else [])
        log_access(request, action=AccessLog.Action.VIEW, object_type="child", ids=[child_id], detail=" ".join(where))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Called only when the page is shown: the record is visible and the user may view it (GET, or a POST
        # whose form is shown again with its errors); never for a refusal or a successful save's redirect.
        response = super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)
        if obj is not None:
            self.log_child_view(request, obj)
        return response

    def _visible_object(self, request, object_id):
        # simple_history's history pages look the record up in the history table, not in get_queryset: without
        # this check they would show the history of a child the user may not see.
        return self.get_object(request, unquote(object_id))

    def history_view(self, request, object_id, extra_context=None):
        obj = self._visible_object(request, object_id)
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        response = super().history_view(request, object_id, extra_context)  # PermissionDenied: nothing logged
        self.log_child_view(request, obj, "history")
        return response

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        obj = self._visible_object(request, object_id)
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        response = super().history_form_view(request, object_id, version_id, extra_context)
        if response.status_code == 200:  # not a revert's redirect
            self.log_child_view(request, obj, "history")
        return response


@admin.register(ChildCategory)
class ChildCategoryAdmin(ReferenceListAdmin):
    list_display = ["name", "code", "order"]
    search_fields = ["name", "code"]


@admin.register(RiskIndicator)
class RiskIndicatorAdmin(TranslationAdmin, SimpleHistoryAdmin):  # the text in Chinese and English, with history
    list_display = ["text", "domain", "weight", "is_emergency", "is_active", "order"]
    list_filter = ["domain", "is_emergency", "is_active"]
    list_editable = ["weight", "is_emergency", "is_active", "order"]
    search_fields = ["text"]

    def has_delete_permission(self, request, obj=None):
        return False  # retired with is_active: past assessments keep the indicators they found


@admin.register(TierThreshold)
class TierThresholdAdmin(TranslationAdmin, SimpleHistoryAdmin):  # the response in Chinese and English
    list_display = ["tier", "min_score", "response"]


class GuardianInline(admin.TabularInline):
    model = Guardian
    fields = ["relation", "name", "masked_phone", "situation", "is_primary"]
    readonly_fields = ["masked_phone"]
    extra = 0

    @admin.display(description=_("联系电话"))
    def masked_phone(self, obj):
        return mask_phone(obj.phone)


class AssessmentInline(admin.TabularInline):
    model = RiskAssessment
    fields = ["assessed_on", "source", "score", "computed_tier", "tier", "override_reason", "assessor"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


class ReferralInline(admin.TabularInline):
    model = Referral
    fields = ["office", "status", "urgent", "due_date", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Child)
class ChildAdmin(VisibleChildrenMixin, SimpleHistoryAdmin):
    child_path = ""
    list_display = ["name", "village", "sex", "birth_date", "masked_id_number", "tier", "status", "last_assessed_on"]
    list_filter = ["village", "tier", "status", "schooling", "categories", "needs_reassessment"]
    search_fields = ["name", "name_pinyin"]
    list_select_related = ["village"]
    exclude = ["id_number"]
    # status, tier and the schedule change through the portal's workflows (they keep their records and re-plan)
    # the registration date too: chosen on the portal's registration form, the schedule's history starts from it
    # and whatever else update_child does not save (it saves the portal form's fields only): who registered the child,
    # and the reassessment flag that visits and assessments set and clear
    readonly_fields = ["masked_id_number", "status", "tier", "last_assessed_on", "next_visit_due", "last_visit_on",
                       "registered_on", "version", "needs_reassessment", "created_by"]
    filter_horizontal = ["categories"]
    inlines = [GuardianInline, AssessmentInline, ReferralInline]

    def has_add_permission(self, request):
        return False  # children are registered on the portal's form (duplicate check, guardians, first visit)

    def changelist_view(self, request, extra_context=None):
        """A search of the children is logged as the register's is: the children of the page shown."""
        response = super().changelist_view(request, extra_context)
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if request.GET.get("q") and changelist is not None:
            log_access(request, action=AccessLog.Action.SEARCH, object_type="child",
                       ids=[child.pk for child in changelist.result_list], detail="admin")
        return response

    def save_model(self, request, obj, form, change):
        """An edit goes through the same service as the portal's form: pinyin, duplicate check, version, history."""
        update_child(by=request.user, child=obj, version=obj.version)

    @admin.display(description=_("身份证号码"))
    def masked_id_number(self, obj):
        return mask_id_number(obj.id_number)


@admin.register(RiskAssessment)
class RiskAssessmentAdmin(VisibleChildrenMixin, SimpleHistoryAdmin):
    list_display = ["child", "assessed_on", "source", "score", "computed_tier", "tier"]
    list_filter = ["tier", "source", "assessed_on"]
    search_fields = ["child__name"]
    list_select_related = ["child"]
    raw_id_fields = ["child"]


@admin.register(Intervention)
class InterventionAdmin(VisibleChildrenMixin, SimpleHistoryAdmin):
    list_display = ["child", "kind", "done_on", "done_by"]
    list_filter = ["kind", "done_on"]
    search_fields = ["child__name", "done_by"]
    list_select_related = ["child"]
    raw_id_fields = ["child"]


@admin.register(Referral)
class ReferralAdmin(VisibleChildrenMixin, SimpleHistoryAdmin):
    list_display = ["child", "office", "status", "urgent", "due_date", "created_at"]
    list_filter = ["office", "status", "urgent"]
    search_fields = ["child__name", "reason"]
    list_select_related = ["child", "office"]
    raw_id_fields = ["child"]


@admin.register(MandatoryReport)
class MandatoryReportAdmin(VisibleChildrenMixin, SimpleHistoryAdmin):
    """The reporter's identity stays out of the admin: it is shown to the station on the child's file only."""

    list_display = ["child", "reporter_kind", "reported_at"]
    list_filter = ["reporter_kind", "reported_at"]
    search_fields = ["child__name"]
    list_select_related = ["child"]
    exclude = ["reporter_name", "reporter_phone"]
    raw_id_fields = ["child", "referral"]


@admin.register(CaseNote)
class CaseNoteAdmin(VisibleChildrenMixin, SimpleHistoryAdmin):
    list_display = ["child", "author", "created_at"]
    search_fields = ["child__name", "text"]
    list_select_related = ["child", "author"]
    raw_id_fields = ["child"]


@admin.register(ReferralReminder)
class ReferralReminderAdmin(OutboxAdmin):
    reminded = "referral"
    visible = staticmethod(referrals_visible_to)
    list_display = fields = ["referral_id", "due_date", "level", "recorded_at", "sent_at"]
    date_hierarchy = "due_date"


@admin.register(ReassessmentReminder)
class ReassessmentReminderAdmin(OutboxAdmin):
    reminded = "child"
    visible = staticmethod(children_visible_to)
    list_display = fields = ["child_id", "due_date", "level", "recorded_at", "sent_at"]
    date_hierarchy = "due_date"
