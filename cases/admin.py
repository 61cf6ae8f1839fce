"""Admin for the cases app: the leadership's configuration pages (indicators, thresholds, categories) and a
read-mostly view of case records. Rows are limited to the children the signed-in user may see, and identifiers
are never shown in clear (they are not even form fields here)."""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from audit.models import AccessLog
from audit.services import log_access
from registry.access import can_change_village
from registry.admin_readonly import OutboxAdmin, ReadOnlyAdmin
from registry.admin_reference import ReferenceListAdmin
from registry.privacy import mask_id_number, mask_phone
from zhanpu.admin_links import HistoryAdmin

from .forms import ChildPlacementMixin
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
from .services.children import StaleEdit, _check_responsible, locked, update_child


class VisibleChildrenMixin:
    """Only records of children the signed-in user may see (registry.access); admin staff see none. Opening one
    (its change page, its history or a past version) is logged like the portal's child file (DESIGN.md §3), and so
    is a search of their list (the children of the page shown), as the portal's register logs its searches.

    Changing a record also needs the right to change the child's village (registry.access: leadership reads every
    village and changes none); records are added on the portal (its forms run the workflows), never deleted (a
    duplicate file goes through the merge), never moved to another child and never reverted to a past version here
    (a revert writes the old row back past the services: version check, tier, schedule)."""

    child_path = "child"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        visible = children_visible_to(request.user)
        return queryset.filter(pk__in=visible) if self.child_path == "" else queryset.filter(
            **{f"{self.child_path}__in": visible}
        )

    def child_id_of(self, obj) -> int:
        return obj.pk if self.child_path == "" else getattr(obj, f"{self.child_path}_id")

    def village_id_of(self, obj) -> int:
        return obj.village_id if self.child_path == "" else getattr(obj, self.child_path).village_id

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or can_change_village(request.user, self.village_id_of(obj)))

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and self.child_path and self.child_path not in readonly:
            readonly.append(self.child_path)
        return readonly

    def revert_disabled(self, request, obj=None):
        return True

    def changelist_view(self, request, extra_context=None):
        """A search is logged as the register's is: the children of the page shown."""
        response = super().changelist_view(request, extra_context)
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if request.GET.get("q") and changelist is not None:
            ids = list(dict.fromkeys(self.child_id_of(obj) for obj in changelist.result_list))
            where = ["admin"] + ([] if self.child_path == "" else [self.opts.model_name])
            log_access(request, action=AccessLog.Action.SEARCH, object_type="child", ids=ids, detail=" ".join(where))
        return response

    def log_child_view(self, request, obj, page: str = "") -> None:
        """Log a VIEW of the child that `obj` is or belongs to; the detail says which admin page showed it: "admin",
        "admin history", "admin riskassessment", "admin riskassessment history"..."""
        child_id = self.child_id_of(obj)
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
        if request.method == "POST":
            raise PermissionDenied  # a revert: simple_history saves it without asking for the change permission
        response = super().history_form_view(request, object_id, version_id, extra_context)
        if response.status_code == 200:  # not a revert's redirect
            self.log_child_view(request, obj, "history")
        return response


@admin.register(ChildCategory)
class ChildCategoryAdmin(ReferenceListAdmin):
    list_display = ["name", "code", "order"]
    search_fields = ["name", "code"]


@admin.register(RiskIndicator)
class RiskIndicatorAdmin(TranslationAdmin, HistoryAdmin):  # the text in Chinese and English, with history
    """The texts (both languages) and the order only. What scores a child (domain, weight, emergency, active) is the
    station's, on the portal's risk settings page (cases:risk_settings, with its changed-meanwhile check); an
    indicator is added there too."""

    list_display = ["text", "domain", "weight", "is_emergency", "is_active", "order"]
    list_filter = ["domain", "is_emergency", "is_active"]
    list_editable = ["order"]
    readonly_fields = ["domain", "weight", "is_emergency", "is_active"]
    search_fields = ["text"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # retired with is_active: past assessments keep the indicators they found


@admin.register(TierThreshold)
class TierThresholdAdmin(TranslationAdmin, HistoryAdmin):  # the response in Chinese and English
    """The response texts only. The scores that make each tier are the station's, on the portal's risk settings page
    (cases:risk_settings: kept in tier order, with its changed-meanwhile check); one row per tier, never added or
    deleted."""

    list_display = ["tier", "min_score", "response"]
    readonly_fields = ["tier", "min_score"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class GuardianInline(admin.TabularInline):
    model = Guardian
    fields = ["relation", "name", "masked_phone", "situation", "is_primary"]
    readonly_fields = ["masked_phone"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("child")

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

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("assessor", "child")


class ReferralInline(admin.TabularInline):
    model = Referral
    fields = ["office", "status", "urgent", "due_date", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("office", "child")


class ChildAdminForm(ChildPlacementMixin, forms.ModelForm):
    """The child's details as the portal's edit form (cases.forms.ChildForm) offers them: villages the user may
    change, their child directors as 负责儿童主任, the version the page was opened at. Checked here, not in save_model
    (where update_child's refusals would be a server error): a file saved by someone else since the page was opened
    (StaleEdit), a responsible director who is not a director of the child's village."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    user = None  # the signed-in user (ChildAdmin.get_form)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["version"] = self.instance.version
        if "village" in self.fields and "responsible_director" in self.fields:
            self.limit_placement(self.user)

    def clean(self):
        cleaned = super().clean()
        if self.errors or not self.instance.pk:
            return cleaned
        # The file's row, locked until the admin's save (changeform_view runs in one transaction): update_child then
        # finds the version checked here.
        if locked(self.instance).version != cleaned.get("version"):
            raise StaleEdit()
        village = cleaned.get("village", self.instance.village)
        director = cleaned.get("responsible_director", self.instance.responsible_director)
        try:
            _check_responsible(Child(village=village, responsible_director=director))
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned


@admin.register(Child)
class ChildAdmin(VisibleChildrenMixin, HistoryAdmin):
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
                       "registered_on", "needs_reassessment", "created_by"]
    form = ChildAdminForm
    filter_horizontal = ["categories"]
    inlines = [GuardianInline, AssessmentInline, ReferralInline]

    # Not added here (children are registered on the portal's form: duplicate check, guardians, first visit) nor
    # deleted (a duplicate file goes through the merge, which keeps its records): VisibleChildrenMixin.

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def save_model(self, request, obj, form, change):
        """An edit goes through the same service as the portal's form: pinyin, duplicate check, version, history;
        at the version the page was opened at (ChildAdminForm checked it, with the row locked since)."""
        update_child(by=request.user, child=obj, version=form.cleaned_data["version"])

    @admin.display(description=_("身份证号码"))
    def masked_id_number(self, obj):
        return mask_id_number(obj.id_number)


@admin.register(RiskAssessment)
class RiskAssessmentAdmin(VisibleChildrenMixin, ReadOnlyAdmin, HistoryAdmin):
    """Read-only: an assessment is made on the portal (cases:assess), which sets the child's tier and schedule."""

    list_display = ["child", "assessed_on", "source", "score", "computed_tier", "tier"]
    list_filter = ["tier", "source", "assessed_on"]
    search_fields = ["child__name"]
    list_select_related = ["child"]
    raw_id_fields = ["child"]


@admin.register(Intervention)
class InterventionAdmin(VisibleChildrenMixin, HistoryAdmin):
    list_display = ["child", "kind", "done_on", "done_by"]
    list_filter = ["kind", "done_on"]
    search_fields = ["child__name", "done_by"]
    list_select_related = ["child"]
    raw_id_fields = ["child"]


@admin.register(Referral)
class ReferralAdmin(VisibleChildrenMixin, ReadOnlyAdmin, HistoryAdmin):
    """Read-only: a referral moves through the portal's actions (accept, respond, complete, return, reroute,
    withdraw), which check its version, record who handled it and tell those concerned."""

    list_display = ["child", "office", "status", "urgent", "due_date", "created_at"]
    list_filter = ["office", "status", "urgent"]
    search_fields = ["child__name", "reason"]
    list_select_related = ["child", "office"]
    raw_id_fields = ["child"]


@admin.register(MandatoryReport)
class MandatoryReportAdmin(VisibleChildrenMixin, HistoryAdmin):
    """The reporter's identity stays out of the admin: it is shown to the station on the child's file only."""

    list_display = ["child", "reporter_kind", "reported_at"]
    list_filter = ["reporter_kind", "reported_at"]
    search_fields = ["child__name"]
    list_select_related = ["child"]
    exclude = ["reporter_name", "reporter_phone"]
    readonly_fields = ["referral"]  # the police referral file_mandatory_report made
    raw_id_fields = ["child"]


@admin.register(CaseNote)
class CaseNoteAdmin(VisibleChildrenMixin, HistoryAdmin):
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
