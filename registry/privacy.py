"""Masking of identifiers for roles that do not need them in full."""


def mask_id_number(value: str) -> str:
    """110105200801011234 → 110105********1234 (region kept, birth date and sequence hidden)."""
    if not value:
        return ""
    return value[:6] + "*" * (len(value) - 10) + value[-4:] if len(value) > 10 else "*" * len(value)


def mask_phone(value: str) -> str:
    """13812345678 → 138****5678 (first 3, last 4 digits)."""
    if not value:
        return ""
    return value[:3] + "*" * (len(value) - 7) + value[-4:] if len(value) > 7 else "*" * len(value)
