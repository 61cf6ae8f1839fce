"""Punctuation that belongs to the language. Chinese joins a list with 、, follows a label with ： and brackets a note
with （）; English uses ", ", ": " and " ()". Each mark is a translatable string (with a context), so the English
catalogue supplies the English form; templates use the same strings through `{% translate ... context ... %}`."""

from django.utils.translation import pgettext


def series(items) -> str:
    """`["孤儿", "留守"]` → "孤儿、留守" (Chinese), "Orphan, Left-behind" (English)."""
    return pgettext("list separator", "、").join(str(item) for item in items)


def labelled(label, value) -> str:
    """"风险等级：红" / "Risk tier: Red"."""
    return f"{label}{pgettext('label separator', '：')}{value}"


def with_note(text, note) -> str:
    """"转介部门（派出所）" / "Referred to an office (Police station)"."""
    return f"{text}{pgettext('opening bracket', '（')}{note}{pgettext('closing bracket', '）')}"
