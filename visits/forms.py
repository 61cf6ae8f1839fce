from django import forms
from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from cases.models import RiskTier
from zhanpu.drafts import SubmissionKeyFormField, filed_once_key
from zhanpu.fingerprints import SeenField
from zhanpu.formfields import ModelMultipleChoiceField
from zhanpu.widgets import DateInput

from .models import PHOTO_EXTENSIONS, HomeVisit, VisitPhoto
from .selectors import max_days_by_tier, policy_fingerprint


class PhotosInput(forms.FileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos from one file input (Django's pattern for multiple uploads), each checked as one upload."""

    widget = PhotosInput(attrs={"accept": "image/*"})
    default_validators = [FileExtensionValidator(PHOTO_EXTENSIONS)]

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else [data] if data else []
        photos = [super(PhotosField, self).clean(upload, initial) for upload in uploads]
        too_big = [photo.name for photo in photos if photo.size > settings.VISIT_PHOTO_MAX_BYTES]
        if too_big:
            raise forms.ValidationError(_("照片太大，请压缩后再上传（每张不超过 %(mb)s MB）：%(names)s") % {
                "mb": settings.VISIT_PHOTO_MAX_BYTES // (1024 * 1024), "names": "、".join(too_big)})
        return photos


class HomeVisitForm(forms.ModelForm):
    submission_key = SubmissionKeyFormField()  # zhanpu/drafts
    photos = PhotosField(label=_("现场照片"), required=False)

    class Meta:
        model = HomeVisit
        fields = [
            "visited_on", "kind", "visitors", "present", "safety", "health", "schooling", "mood",
            "guardian_performance", "problems", "actions", "next_steps", "risk_changed",
        ]
        widgets = {
            "visited_on": DateInput(),
            **{name: forms.Textarea(attrs={"rows": 2}) for name in [
                "safety", "health", "schooling", "mood", "guardian_performance", "problems", "actions", "next_steps",
            ]},
        }

    def __init__(self, *args, child, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.child = child
        self.fields["photos"].help_text = _("可一次选择多张，每次家访最多 %(count)s 张。") % {
            "count": settings.VISIT_PHOTOS_MAX}

    def filed_once(self, *, by, child) -> dict:
        """The cleaned data for record_visit, with its submission key. A form sent without one (drafts.js empties it
        once the visit is stored: the page brought back with the Back button and saved again) gets one made from who
        sent it, for which child, on which day and with what input (the photos, chosen again for each sending, left
        out): the same visit sent twice that day is filed once (zhanpu.drafts.filed_once_key)."""
        key = filed_once_key(self, by=by, about={"child": child}, leave_out=["photos"])
        return {**self.cleaned_data, "submission_key": key}


class HomeVisitCorrectionForm(HomeVisitForm):
    """The visit form for a filed visit: carries the version it was opened at (lost-update guard)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    submission_key = None  # a correction changes the visit it was opened on
    remove_photos = ModelMultipleChoiceField(
        label=_("删除照片"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            self.data = self._without_photos_already_removed(self.data)
        self.fields["photos"].label = _("添加照片")
        self.fields["remove_photos"].queryset = self.instance.photos.all()
        numbers = {photo.pk: number for number, photo in enumerate(self.instance.photos.all(), start=1)}
        self.fields["remove_photos"].label_from_instance = lambda photo: _("照片 %(n)s") % {"n": numbers[photo.pk]}

    def _without_photos_already_removed(self, data):
        """`data` without the photos to remove that this visit had and no longer has: the same correction sent
        again (its answer lost) asks to remove what its first sending removed; nothing is left to do about them."""
        asked = data.getlist("remove_photos") if hasattr(data, "getlist") else []
        if not asked:
            return data
        gone = {str(pk) for pk in VisitPhoto.history.filter(visit_id=self.instance.pk, history_type="-")
                .values_list("id", flat=True)} - {str(pk) for pk in self.instance.photos.values_list("pk", flat=True)}
        data = data.copy()
        data.setlist("remove_photos", [value for value in asked if value not in gone])
        return data


class VisitPolicyForm(forms.Form):
    """One field per tier: maximum days between visits; `seen`, the policy as the page showed it."""

    seen = SeenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seen"].initial = policy_fingerprint()
        current = max_days_by_tier()
        for tier in RiskTier:
            self.fields[tier.value] = forms.IntegerField(
                label=_("%(tier)s级：最长家访间隔（天）") % {"tier": tier.label},
                min_value=1, max_value=365, initial=current[tier.value],
            )


class LedgerFilterForm(forms.Form):
    start = forms.DateField(
        label=_("开始日期"), required=False, widget=DateInput()
    )
    end = forms.DateField(
        label=_("结束日期"), required=False, widget=DateInput()
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("开始日期不能晚于结束日期。"))
        return data
