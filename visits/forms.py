from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cases.models import RiskTier
from zhanpu.drafts import SubmissionKeyFormField

from .models import HomeVisit
from .selectors import max_days_by_tier


class HomeVisitForm(forms.ModelForm):
    submission_key = SubmissionKeyFormField()  # zhanpu/drafts

    class Meta:
        model = HomeVisit
        fields = [
            "visited_on", "kind", "visitors", "present", "safety", "health", "schooling", "mood",
            "guardian_performance", "problems", "actions", "next_steps", "photo", "risk_changed",
        ]
        widgets = {
            "visited_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            **{name: forms.Textarea(attrs={"rows": 2}) for name in [
                "safety", "health", "schooling", "mood", "guardian_performance", "problems", "actions", "next_steps",
            ]},
            "photo": forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
        }

    def __init__(self, *args, child, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.child = child

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and getattr(photo, "size", 0) > settings.VISIT_PHOTO_MAX_BYTES:
            raise forms.ValidationError(_("照片太大，请压缩后再上传（不超过 %(mb)s MB）。") % {
                "mb": settings.VISIT_PHOTO_MAX_BYTES // (1024 * 1024)})
        return photo


class HomeVisitCorrectionForm(HomeVisitForm):
    """The visit form for a filed visit: carries the version it was opened at (lost-update guard)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    submission_key = None  # a correction changes the visit it was opened on


class VisitPolicyForm(forms.Form):
    """One field per tier: maximum days between visits."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = max_days_by_tier()
        for tier in RiskTier:
            self.fields[tier.value] = forms.IntegerField(
                label=_("%(tier)s级：最长家访间隔（天）") % {"tier": tier.label},
                min_value=1, max_value=365, initial=current[tier.value],
            )


class LedgerFilterForm(forms.Form):
    start = forms.DateField(label=_("开始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("结束日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("开始日期不能晚于结束日期。"))
        return data
