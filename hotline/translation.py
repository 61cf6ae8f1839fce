"""Reference data shown in both languages (django-modeltranslation adds name_zh_hans and name_en)."""

from modeltranslation.translator import TranslationOptions, register

from .models import IssueCategory


@register(IssueCategory)
class IssueCategoryTranslation(TranslationOptions):
    fields = ("name",)
