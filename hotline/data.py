"""The issue categories of a call (DESIGN.md §2 hotline); `is_harm` marks those that may need a mandatory report."""

ISSUE_CATEGORIES = [
    ("violence_physical", "暴力伤害（身体）", True, "Violence (physical)"),
    ("violence_sexual", "暴力伤害（性侵害）", True, "Violence (sexual abuse)"),
    ("violence_emotional", "暴力伤害（精神）", True, "Violence (emotional)"),
    ("neglect", "忽视/监护缺失", True, "Neglect / guardianship missing"),
    ("left_behind", "留守", False, "Left behind"),
    ("missing", "走失/离家", True, "Missing / ran away"),
    ("mental_health", "心理健康/自伤", False, "Mental health / self-harm"),
    ("hardship", "生活困难", False, "Hardship"),
    ("dropout", "失学辍学", False, "Out of school / dropout"),
    ("disability_health", "残疾/健康", False, "Disability / health"),
    ("household_registration", "户籍", False, "Household registration"),
    ("internet", "网络/沉迷", False, "Internet / addiction"),
    ("other", "其他", False, "Other"),
]


def load_issue_categories(model) -> None:
    """Create or update the categories (idempotent); `model` is IssueCategory, or its historical version (the
    first data migration's has no English name yet)."""
    translated = any(field.name == "name_en" for field in model._meta.fields)
    for order, (code, name, is_harm, name_en) in enumerate(ISSUE_CATEGORIES, start=1):
        names = {"name_zh_hans": name, "name_en": name_en} if translated else {"name": name}
        model.objects.update_or_create(code=code, defaults={**names, "order": order, "is_harm": is_harm})
