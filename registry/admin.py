from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from guardian.admin import GuardedModelAdmin
from guardian.shortcuts import get_group_perms, get_user_perms
from modeltranslation.admin import TranslationAdmin

from .models import LeadershipMember, Office, Station, User, Village
from .services_accounts import access_of, report_access_change

ACCESS_FIELDS = {"groups", "user_permissions", "is_superuser", "is_staff"}


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


@admin.register(Village)
class VillageAdmin(ReportedObjectPermissionsAdmin):
    list_display = ["name", "kind", "code", "order"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]


@admin.register(Office)
class OfficeAdmin(TranslationAdmin, ReportedObjectPermissionsAdmin):  # the name and duties in Chinese and English
    list_display = ["name", "code", "order"]
    search_fields = ["name", "duties"]


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
