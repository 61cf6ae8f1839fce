"""Read-only admin pages: records that are written only through the portal or appended by it (the access log,
visit records), and the reminder outboxes (what went overdue, at which level, when it was recorded and sent; record
numbers only, and only those of records the signed-in user may see: admin staff none)."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Nobody adds, changes or deletes these rows in the admin, superusers included."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class OutboxAdmin(ReadOnlyAdmin):
    """`reminded` names the foreign key to what a row reminds of; `visible(user)` is that model's access chokepoint."""

    reminded = ""
    list_filter = ["level", ("sent_at", admin.EmptyFieldListFilter)]

    @staticmethod
    def visible(user):
        raise NotImplementedError

    def get_queryset(self, request):
        return super().get_queryset(request).filter(**{f"{self.reminded}__in": self.visible(request.user)})
