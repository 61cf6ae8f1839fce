"""Text shown in both languages (django-modeltranslation adds name_zh_hans and name_en, and so on): reference names,
the plan's organisation (offices' duties, leadership seats, the station), public-holiday names, and notifications,
which registry.services.notify writes in every language so that each reader gets their own."""

from modeltranslation import settings as mt_settings
from modeltranslation.translator import TranslationOptions, register
from modeltranslation.utils import build_localized_fieldname

from .models import Holiday, LeadershipMember, Notification, Office, Station


@register(Office)
class OfficeTranslation(TranslationOptions):
    fields = ("name", "duties")


# The organisation page's text: load_zhanpu fills both languages from registry.data.plan; the admin edits both.
# A seat's name is a person's (romanised in English) or, for a collective seat, a description.
@register(LeadershipMember)
class LeadershipMemberTranslation(TranslationOptions):
    fields = ("name", "title")


@register(Station)
class StationTranslation(TranslationOptions):
    fields = ("name", "location", "duties", "rules")


# Holiday names appear in the family-education rule's reasons (registry.compliance); seed_holidays fills both.
@register(Holiday)
class HolidayTranslation(TranslationOptions):
    fields = ("name",)


@register(Notification)
class NotificationTranslation(TranslationOptions):
    fields = ("title", "body")


def translated_names(path: str) -> list[str]:
    """`<path>__name` in every language (name_zh_hans, name_en), for `.only()` on a model that reaches a translated
    model through `path`: modeltranslation expands such lookups only on the translated models' own querysets."""
    return [f"{path}__{build_localized_fieldname('name', language)}" for language in mt_settings.AVAILABLE_LANGUAGES]
