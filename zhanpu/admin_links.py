"""Foreign keys on an admin page that shows a record read-only. Django 5.2 shows each as a link to the related record's
admin page whatever the viewer may open (AdminReadonlyField.get_admin_url): the leadership, reading an access-log
row, a director's profile or a task's notes, got links to accounts' pages that answered 403. PermittedLinksMixin
shows such a viewer the related record's name instead."""

from django.db import models


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
        site = self.admin_site
        return site.is_registered(model) and site.get_model_admin(model).has_view_permission(request)

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
