from django.contrib import admin

from registry.access import is_township_wide
from registry.admin_readonly import ReadOnlyAdmin
from zhanpu.admin_links import PermittedLinksMixin

from .models import AccessLog


@admin.register(AccessLog)
class AccessLogAdmin(PermittedLinksMixin, ReadOnlyAdmin):
    """Read-only: the access log is append-only for everyone, superusers included. The account is a link to its
    admin page only for a viewer who may open it (the leadership and the station see its name)."""

    list_display = ["at", "username", "ip", "action", "object_type", "object_ids", "detail"]
    list_filter = ["action", "object_type"]
    search_fields = ["username", "detail"]
    date_hierarchy = "at"
    list_select_related = ["user"]

    def has_module_permission(self, request):
        return is_township_wide(request.user)

    def has_view_permission(self, request, obj=None):
        return is_township_wide(request.user)
