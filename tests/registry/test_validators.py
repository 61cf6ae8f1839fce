import pytest
from django.core.exceptions import ValidationError

from registry.privacy import mask_id_number, mask_phone
from registry.validators import validate_id_number, validate_phone

VALID_ID = "11010519491231002X"  # the standard's worked example


def test_valid_id_number_passes():
    validate_id_number(VALID_ID)
    validate_id_number(VALID_ID.lower())


@pytest.mark.parametrize("value,message", [
    ("110105194912310021", "校验位"),
    ("11010519491331002X", "出生日期"),
    ("1101051949123100", "18 位"),
    ("99010519491231002X", "地区码"),
])
def test_bad_id_numbers_get_a_chinese_message(value, message):
    with pytest.raises(ValidationError) as err:
        validate_id_number(value)
    assert message in err.value.messages[0]


@pytest.mark.parametrize("value", ["13812345678", "023-70630963", "02370630963", ""])
def test_valid_phones(value):
    validate_phone(value)


@pytest.mark.parametrize("value", ["12345", "1381234567a", "23812345678"])
def test_bad_phones(value):
    with pytest.raises(ValidationError) as err:
        validate_phone(value)
    assert "电话号码格式不正确" in err.value.messages[0]


def test_masks():
    assert mask_id_number(VALID_ID) == "1****************X"
    assert mask_phone("13812345678") == "138****5678"
