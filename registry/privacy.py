"""Masking of identifiers for roles that do not need them in full."""


def mask_id_number(value: str) -> str:
    """11010520080101123X → 1****************X: the first and last characters only. The birth date that the number
    holds is shown beside it on every page, and the region is that of most of the township's children: a mask that
    kept the region and the last four (the sequence and the check digit) gave the whole number back."""
    if not value:
        return ""
    return value[0] + "*" * (len(value) - 2) + value[-1] if len(value) > 2 else "*" * len(value)


def mask_phone(value: str) -> str:
    """13812345678 → 138****5678 (first 3, last 4 digits)."""
    if not value:
        return ""
    return value[:3] + "*" * (len(value) - 7) + value[-4:] if len(value) > 7 else "*" * len(value)
