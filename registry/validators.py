r"""Validators for the identifiers people type: mainland ID numbers and phone numbers.

A Chinese input method in full-width mode types ５１０１…, Ｘ, －, （）: such input is read as the plain characters
(NFKC), so that the same number typed two ways is one number (one ID number, one file). Only ASCII digits are digits
here: `\d` would also take full-width and other scripts' digits and store them as they came.
"""

import re
import unicodedata
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_MOBILE = re.compile(r"^1[3-9][0-9]{9}$")
_LANDLINE = re.compile(r"^0[0-9]{2,3}-?[0-9]{7,8}$")
_COUNTRY_CODE = re.compile(r"^(\+|00)86")


def id_check_digit(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character of an 18-digit resident ID number."""
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def _plain(value: str | None) -> str:
    """Full-width letters, digits and punctuation as the plain ones; surrounding blanks removed."""
    return unicodedata.normalize("NFKC", value or "").strip()


def normalize_id_number(value: str | None) -> str:
    """An ID number as stored: 18 characters, X in capitals, without the blanks or dashes it was typed in groups with
    (500230 20150501 001x, 500230-20150501-001X)."""
    return re.sub(r"[\s-]", "", _plain(value)).upper()


def normalize_phone(value: str | None) -> str:
    """A phone number as stored: a mobile number as its 11 digits (from 138 0013 8000, 138-0013-8000, +86…, 86…), a
    landline as typed without blanks or brackets ((023) 7063 0963 → 02370630963, 023-70630963 stays)."""
    value = _COUNTRY_CODE.sub("", re.sub(r"[\s()]", "", _plain(value)))
    mobile = value.replace("-", "")
    if mobile.startswith("86") and _MOBILE.match(mobile[2:]):  # the country code typed without + (86 138…)
        mobile = mobile[2:]
    return mobile if _MOBILE.match(mobile) else value


def birth_date_from_id(value: str) -> date:
    return date(int(value[6:10]), int(value[10:12]), int(value[12:14]))


def validate_id_number(value: str) -> None:
    value = normalize_id_number(value)
    if not re.fullmatch(r"[0-9]{17}[0-9X]", value):
        raise ValidationError(_("身份证号码应为 18 位，前 17 位为数字，最后一位为数字或 X。"), code="id_format")
    if value[:2] not in _PROVINCE_CODES:
        raise ValidationError(_("身份证号码的地区码无效。"), code="id_region")
    try:
        born = birth_date_from_id(value)
    except ValueError:
        raise ValidationError(_("身份证号码中的出生日期不存在。"), code="id_date") from None
    if born > date.today() or born.year < 1900:
        raise ValidationError(_("身份证号码中的出生日期不合理。"), code="id_date")
    if id_check_digit(value[:17]) != value[17]:
        raise ValidationError(_("身份证号码校验位错误，请核对后重新输入。"), code="id_checksum")


def validate_phone(value: str) -> None:
    value = normalize_phone(value)
    if value and not (_MOBILE.match(value) or _LANDLINE.match(value)):
        raise ValidationError(
            _("电话号码格式不正确：手机号为 11 位（1 开头），座机如 023-70630963。"), code="phone"
        )


_PROVINCE_CODES = {
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43",
    "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82",
}
