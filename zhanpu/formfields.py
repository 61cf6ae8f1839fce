"""Form fields of Django's, made safe for input a browser never sends but a crafted request may."""

from django import forms
from django.core.exceptions import ValidationError

BIGGEST_RECORD_NUMBER = 2**63 - 1


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A checkbox list of records. A value past any record number is refused as an unknown choice before it reaches
    the database: Django guards `pk=` against such numbers but not the `pk__in` it checks the choices with, which
    SQLite cannot bind (a server error). Model forms take it through Meta.field_classes."""

    def _check_values(self, value):
        for pk in value:
            try:
                beyond = abs(int(str(pk))) > BIGGEST_RECORD_NUMBER
            except ValueError:
                continue  # not a number: Django's own check refuses it
            if beyond:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                      params={"value": pk})
        return super()._check_values(value)
