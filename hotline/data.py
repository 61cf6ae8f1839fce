"""The issue categories of a call (DESIGN.md §2 hotline); `is_harm` marks those that may need a mandatory report."""

ISSUE_CATEGORIES = [
    ("violence_physical", "暴力伤害（身体）", True),
    ("violence_sexual", "暴力伤害（性侵害）", True),
    ("violence_emotional", "暴力伤害（精神）", True),
    ("neglect", "忽视/监护缺失", True),
    ("left_behind", "留守", False),
    ("missing", "走失/离家", True),
    ("mental_health", "心理健康/自伤", False),
    ("hardship", "生活困难", False),
    ("dropout", "失学辍学", False),
    ("disability_health", "残疾/健康", False),
    ("household_registration", "户籍", False),
    ("internet", "网络/沉迷", False),
    ("other", "其他", False),
]


def load_issue_categories(model) -> None:
    """Create or update the categories (idempotent); `model` is IssueCategory, or its historical version."""
    for order, (code, name, is_harm) in enumerate(ISSUE_CATEGORIES, start=1):
        model.objects.update_or_create(code=code, defaults={"name": name, "order": order, "is_harm": is_harm})
