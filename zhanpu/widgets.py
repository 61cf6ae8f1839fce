"""The browser's own date and time pickers. They take ISO values only (2026-11-30, 08:30, 2026-11-30T08:30) whatever
the page's language; a value in the locale's format (zh-hans: 2026/11/30) is dropped, and the form then sends the
field back empty: an edit saved unchanged would lose its date. Use these, never Django's own (same class names, so
the page's CSS classes stay dateinput, timeinput, datetimeinput)."""

from django import forms

DATE_FORMAT = "%Y-%m-%d"
TIME_FORMAT = "%H:%M"
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=DATE_FORMAT)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=TIME_FORMAT)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=DATETIME_FORMAT)
