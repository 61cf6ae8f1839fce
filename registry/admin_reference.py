"""Admin pages of the seeded reference lists (children's categories, calls' issue categories): the leadership group
and the admin rename and reorder them, in Chinese and English."""

from modeltranslation.admin import TranslationAdmin


class ReferenceListAdmin(TranslationAdmin):
    """A code is fixed once made: the portal's rules key on it (a call's categories suggest a mandatory report's
    situations). An entry is never deleted: the children's files and calls that carry it would silently lose it."""

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []

    def has_delete_permission(self, request, obj=None):
        return False
