"""Phone number fields: typed in any of the ways people write a number, stored one way (registry.validators)."""

from django import forms
from django.db import models

from zhanpu.crypto import EncryptedTextField

from .validators import normalize_phone, validate_phone


class PhoneFormField(forms.CharField):
    """Reads １３８ ００１３ ８０００, 138-0013-8000 or +86 13800138000 as 13800138000 before it is checked."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.pop("max_length", None)  # the model field's limit applies to the number as stored, not as typed
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "tel", "autocomplete": "off"})

    def to_python(self, value):
        return normalize_phone(super().to_python(value))


class _PhoneMixin:
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [validate_phone])
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PhoneFormField, "widget": None, **kwargs})


class PhoneNumberField(_PhoneMixin, models.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)


class EncryptedPhoneNumberField(_PhoneMixin, EncryptedTextField):
    """A phone number encrypted in the database (guardians', callers', reporters')."""
