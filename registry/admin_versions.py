"""Admin edits of the records that the portal edits under a version counter (facilities, inspections, sessions,
holidays, publicity, tasks, workrooms, social forces, director profiles) move the counter on, as a portal save
does: a portal page opened before the admin's edit is then refused as stale instead of overwriting it."""

from django.contrib import admin


def bump_version(instance) -> None:
    """Set `instance.version` one past the stored row's, read under a lock (the admin saves inside a transaction)."""
    if instance.pk is None or not hasattr(instance, "version"):
        return
    stored = (type(instance).objects.select_for_update().filter(pk=instance.pk)
              .values_list("version", flat=True).first())
    if stored is not None:
        instance.version = stored + 1


class VersionedAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        if change and form.has_changed():
            bump_version(obj)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            if inline_form.instance.pk and inline_form.has_changed():
                bump_version(inline_form.instance)
        super().save_formset(request, form, formset, change)
