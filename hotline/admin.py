from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import IssueCategory


@admin.register(IssueCategory)
class IssueCategoryAdmin(TranslationAdmin):
    """The issue categories of calls. Calls themselves are handled in the portal (masked numbers, logged reveal)."""

    list_display = ["name", "code", "is_harm", "order"]
    list_editable = ["is_harm", "order"]
    search_fields = ["name", "code"]
