from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from guardian.admin import GuardedModelAdmin
from guardian.shortcuts import get_group_perms, get_user_perms
from modeltranslation.admin import TranslationAdmin

from .models import LeadershipMember, Office, Station, User, Village
from .services import is_reserved_group_name
from .services_accounts import access_of, report_access_change

ACCESS_FIELDS = {"groups", "user_permissions", "is_active", "is_superuser", "is_staff"}


class AccountAccessForm(UserChangeForm):
    """The user admin's form: nobody changes their own account's access; another administrator must."""

    changer = None  # the signed-in user, set by UserAdmin.get_form

    def clean(self):
        cleaned = super().clean()
        if self.changer and self.instance.pk == self.changer.pk and set(self.changed_data) & ACCESS_FIELDS:
            raise ValidationError(_("不能修改自己账号的角色和权限，请由另一位管理员修改。"))
        return cleaned


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Accounts. A change of an account's roles, villages, offices, flags or permissions is logged and told to the
    leadership group (registry.services_accounts)."""

    form = AccountAccessForm
    list_display = ["username", "real_name", "office", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", "groups", "office"]
    search_fields = ["username", "real_name"]
    list_select_related = ["office"]
    fieldsets = BaseUserAdmin.fieldsets + ((_("工作信息"), {"fields": ("real_name", "phone", "office", "language")}),)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"changer": request.user})

    def save_model(self, request, obj, form, change):
        obj.access_before = access_of(User.objects.get(pk=obj.pk)) if change else set()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        after = access_of(user)
        report_access_change(request, subject=user, added=after - user.access_before,
                             removed=user.access_before - after)


def group_perms(group: Group) -> set[str]:
    """A group's model permissions as names for report_access_change ("perm:<app>.<codename>")."""
    if not group.pk:
        return set()
    return {f"perm:{app}.{codename}"
            for app, codename in group.permissions.values_list("content_type__app_label", "codename")}


class GroupForm(forms.ModelForm):
    """The group admin's form. A new or renamed group may not take the name of one of the portal's own groups
    (roles are read from group names: a group named "station" would make its members the station); nobody changes
    the permissions of a group they belong to (their own access), another administrator must."""

    changer = None  # the signed-in user, set by GroupAdmin.get_form

    class Meta:
        model = Group
        fields = ["name", "permissions"]

    def clean_name(self):
        name = self.cleaned_data["name"]
        if is_reserved_group_name(name):
            raise ValidationError(
                _("“%(name)s”是门户自用的组名（角色组，或以 village:、office: 开头的村、部门组），"
                  "只能由门户创建，请另取组名。"),
                params={"name": name},
            )
        return name

    def clean(self):
        cleaned = super().clean()
        if (self.changer and self.instance.pk and "permissions" in self.changed_data
                and self.instance.user_set.filter(pk=self.changer.pk).exists()):
            raise ValidationError(_("不能修改自己所在组的权限，请由另一位管理员修改。"))
        return cleaned


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(BaseGroupAdmin):
    """Groups. The portal's own groups (the roles, "village:<code>", "office:<code>"; registry.services) keep their
    names and are never deleted here; a change of a group's permissions, or a group's deletion, is logged and told to
    the leadership group like an account's (registry.services_accounts)."""

    form = GroupForm

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"changer": request.user})

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "name"] if obj and is_reserved_group_name(obj.name) else fields

    def has_delete_permission(self, request, obj=None):  # also asked per group by the bulk "delete selected"
        if obj is not None and is_reserved_group_name(obj.name):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        obj.perms_before = group_perms(Group.objects.get(pk=obj.pk)) if change else set()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        group = form.instance
        after = group_perms(group)
        report_access_change(request, subject=group, added=after - group.perms_before,
                             removed=group.perms_before - after, object_type="group")

    def delete_model(self, request, obj):
        report_access_change(request, subject=obj, added=set(), removed=group_perms(obj), object_type="group")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for group in queryset:
            report_access_change(request, subject=group, added=set(), removed=group_perms(group),
                                 object_type="group")
        super().delete_queryset(request, queryset)


class ReportedObjectPermissionsAdmin(GuardedModelAdmin):
    """django-guardian's object permissions pages, whose grants and removals are logged and told to the leadership
    group like an account's (a user may not change their own)."""

    def obj_perms_manage_user_view(self, request, object_pk, user_id):
        user = User.objects.filter(pk=user_id).first()
        if request.method == "POST" and user == request.user:
            raise PermissionDenied
        view = super().obj_perms_manage_user_view
        return self._reported(request, object_pk, user, get_user_perms, "user",
                              lambda: view(request, object_pk, user_id))

    def obj_perms_manage_group_view(self, request, object_pk, group_id):
        group = Group.objects.filter(pk=group_id).first()
        view = super().obj_perms_manage_group_view
        return self._reported(request, object_pk, group, get_group_perms, "group",
                              lambda: view(request, object_pk, group_id))

    def _reported(self, request, object_pk, subject, perms_of, object_type, view):
        obj = self.get_queryset(request).filter(pk=object_pk).first()
        if request.method != "POST" or obj is None or subject is None:
            return view()
        before = {f"{codename} · {obj}" for codename in perms_of(subject, obj)}
        response = view()
        after = {f"{codename} · {obj}" for codename in perms_of(subject, obj)}
        report_access_change(request, subject=subject, added=after - before, removed=before - after,
                             object_type=object_type)
        return response


class KeptWhileInUseAdmin(ReportedObjectPermissionsAdmin):
    """A village or an office is deleted only when nothing and nobody depends on it. Its records protect it by their
    foreign keys; the accounts that work for it (members of its group "village:<code>"/"office:<code>", or holding
    a permission on it) are listed as protecting it too, where deleting it would silently take their access. Its
    group, then empty, goes with it: a village or office made later with the same code gets a new one."""

    group_prefix = ""  # "village:" or "office:"

    def access_holders(self, objs) -> list[str]:
        codes = [f"{self.group_prefix}{obj.code}" for obj in objs]
        holders = User.objects.filter(Q(groups__name__in=codes) | Q(**{f"{self.user_perms}__content_object__in": objs}))
        return [_("有访问权限的账号：%(user)s") % {"user": user} for user in holders.distinct().order_by("username")]

    def get_deleted_objects(self, objs, request):
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        return to_delete, model_count, perms_needed, [*protected, *self.access_holders(objs)]

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        Group.objects.filter(name=f"{self.group_prefix}{obj.code}").delete()

    def delete_queryset(self, request, queryset):
        codes = [f"{self.group_prefix}{code}" for code in queryset.values_list("code", flat=True)]
        super().delete_queryset(request, queryset)
        Group.objects.filter(name__in=codes).delete()


@admin.register(Village)
class VillageAdmin(KeptWhileInUseAdmin):
    group_prefix, user_perms = "village:", "villageuserobjectpermission"
    list_display = ["name", "kind", "code", "order"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]

    def get_readonly_fields(self, request, obj=None):
        """The code is fixed once the village exists: its directors' group is named "village:<code>"
        (registry.services.village_group) and their reminders are sent to that name."""
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "code"] if obj else fields


@admin.register(Office)
class OfficeAdmin(TranslationAdmin, KeptWhileInUseAdmin):  # the name and duties in Chinese and English
    group_prefix, user_perms = "office:", "officeuserobjectpermission"
    list_display = ["name", "code", "order"]
    search_fields = ["name", "duties"]

    def get_readonly_fields(self, request, obj=None):
        """The code is fixed once the office exists: its staff's group is named "office:<code>"
        (registry.services.office_group) and the portal finds some offices by code (the police for a mandatory
        report, cases.services.reports)."""
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "code"] if obj else fields

    def has_delete_permission(self, request, obj=None):
        """Never the police station: every mandatory report is referred to it. (An office in use is kept by
        KeptWhileInUseAdmin.)"""
        if obj is not None and obj.code == Office.POLICE:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(LeadershipMember)
class LeadershipMemberAdmin(TranslationAdmin):  # the name and title in Chinese and English
    list_display = ["name", "position", "title", "office", "is_collective", "order"]
    list_filter = ["position", "office"]
    search_fields = ["name", "title"]
    # office may be empty (a collective seat): Django's default select_related() follows only non-null keys, so
    # without this each row's office would be read on its own.
    list_select_related = ["office"]


@admin.register(Station)
class StationAdmin(TranslationAdmin):  # name, location, duties and rules in Chinese and English
    list_display = ["name", "location", "office", "hotline"]


from . import admin_work  # noqa: E402,F401 - registers the organisation-at-work models (issue 6)
