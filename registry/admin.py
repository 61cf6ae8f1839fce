from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from guardian.admin import GuardedModelAdmin
from modeltranslation.admin import TranslationAdmin

from .models import LeadershipMember, Office, Station, User, Village


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "real_name", "office", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", "groups", "office"]
    search_fields = ["username", "real_name"]
    list_select_related = ["office"]
    fieldsets = BaseUserAdmin.fieldsets + ((_("工作信息"), {"fields": ("real_name", "phone", "office", "language")}),)


@admin.register(Village)
class VillageAdmin(GuardedModelAdmin):
    list_display = ["name", "kind", "code", "order"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]


@admin.register(Office)
class OfficeAdmin(TranslationAdmin, GuardedModelAdmin):  # the name and duties in Chinese and English
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
