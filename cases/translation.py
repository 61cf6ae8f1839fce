"""Reference data shown in both languages (django-modeltranslation adds name_zh_hans and name_en)."""

from modeltranslation.translator import TranslationOptions, register

from .models import ChildCategory


@register(ChildCategory)
class ChildCategoryTranslation(TranslationOptions):
    fields = ("name",)
