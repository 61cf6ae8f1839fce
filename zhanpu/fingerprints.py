"""Lost-update guard for pages that edit a whole set of rows at once (the visit frequencies, the risk checklist and
thresholds): the page carries a digest of the rows as it showed them, and saving compares it with the rows as they
are, under a lock. A change someone saved in between is never overwritten unseen; the input stays in the form."""

import hashlib

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def fingerprint(rows) -> str:
    """A digest of `rows` (an iterable of tuples of plain values, in a fixed order)."""
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()[:24]


class SeenField(forms.CharField):
    """The fingerprint of the rows as the page showed them."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(max_length=64, **kwargs)


class ChangedMeanwhile(ValidationError):
    def __init__(self):
        super().__init__(_("这些设置在您打开页面后已被他人修改。您的输入仍保留在表单中：请刷新页面查看最新设置后再保存。"),
                         code="stale")


class SeenForm(forms.Form):
    """The fingerprint alone, for a page of formsets."""

    seen = SeenField()
