"""Reference data shown in both languages (django-modeltranslation adds name_zh_hans and name_en)."""

from modeltranslation.translator import TranslationOptions, register

from .models import ChildCategory, RiskIndicator, TierThreshold


@register(ChildCategory)
class ChildCategoryTranslation(TranslationOptions):
    fields = ("name",)


@register(RiskIndicator)
class RiskIndicatorTranslation(TranslationOptions):
    fields = ("text",)


@register(TierThreshold)
class TierThresholdTranslation(TranslationOptions):
    fields = ("response",)
