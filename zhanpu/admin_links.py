"""Links on admin pages only to pages the viewer may open. Django 5.2 shows each foreign key of a record shown
read-only as a link to the related record's admin page whatever the viewer may open (AdminReadonlyField.get_admin_url),
and simple_history's history page links each author to their account's page: the leadership, reading an access-log
row, a director's profile, a task's notes or a child's history, got links to accounts' pages that answered 403.
PermittedLinksMixin and HistoryAdmin show such a viewer the name instead."""

from django.contrib.auth import get_user_model
from django.db import models
from simple_history.admin import SimpleHistoryAdmin


def may_open(site, request, model) -> bool:
    """Whether the viewer may open `model`'s pages on the admin `site`."""
    return site.is_registered(model) and site.get_model_admin(model).has_view_permission(request)


class RelatedName:
    """One of an admin's fields: the foreign key `field` shown as the related record's name, with the field's label
    and CSS classes ("field-<name>", "column-<name>": a template reads its name, never calls it)."""

    do_not_call_in_templates = True

    def __init__(self, field, empty_value_display):
        self.__name__ = field.name
        self.short_description = field.verbose_name
        self.related_model = field.related_model
        self.empty_value_display = empty_value_display

    def __str__(self):
        return self.__name__

    def __call__(self, obj):
        related = getattr(obj, self.__name__)
        return self.empty_value_display if related is None else related


class PermittedLinksMixin:
    """For a ModelAdmin or an inline. On a page that shows its records read-only (the viewer may not change them), a
    foreign key to a model whose admin pages the viewer may not open shows the related record's name; a viewer who
    may open them keeps Django's link."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.related_names = {field.name: RelatedName(field, self.get_empty_value_display())
                              for field in self.model._meta.fields if isinstance(field, models.ForeignKey)}

    def unlinked(self, request, obj) -> dict:
        """{field name: RelatedName} of the foreign keys shown as names on the page of `obj` (for an inline, of the
        record it is inlined in)."""
        if obj is None or self.has_change_permission(request, obj):
            return {}
        return {name: shown for name, shown in self.related_names.items()
                if not self.may_open(request, shown.related_model)}

    def may_open(self, request, model) -> bool:
        return may_open(self.admin_site, request, model)

    def get_fields(self, request, obj=None):
        unlinked = self.unlinked(request, obj)
        return [unlinked.get(name, name) if isinstance(name, str) else name
                for name in super().get_fields(request, obj)]

    def get_exclude(self, request, obj=None):
        """The names shown are no form fields: kept out of the forms (a read-only page's form has no fields, but an
        inline's forms keep theirs)."""
        exclude = super().get_exclude(request, obj)
        unlinked = self.unlinked(request, obj)
        return [*(exclude or []), *unlinked.values()] if unlinked else exclude


class HistoryAdmin(SimpleHistoryAdmin):
    """simple_history's admin, whose history page links each change's author to their account's admin page: a viewer
    who may not open accounts there (the leadership) sees the author's name, not a link that answers 403."""

    def history_view(self, request, object_id, extra_context=None):
        if not may_open(self.admin_site, request, get_user_model()):
            # The page's {% url admin_user_view … as admin_user_url %} then finds no page: the name is shown alone.
            extra_context = {**(extra_context or {}), "admin_user_view": ""}
        return super().history_view(request, object_id, extra_context=extra_context)
