"""Form data the child pages post, shared by the tests of several files."""

from cases.models import RiskIndicator, TierThreshold
from cases.selectors import risk_settings_fingerprint


def child_edit_data(child, **overrides):
    """The edit form of `child` as its page shows it (one guardian, kept; the ID number left blank: kept), with
    `overrides`."""
    guardian = child.guardians.first()
    data = {
        "name": child.name, "sex": child.sex, "birth_date": child.birth_date.isoformat(), "id_number": "",
        "village": child.village_id, "schooling": child.schooling, "address": "新地址", "version": child.version,
        "guardians-TOTAL_FORMS": "1", "guardians-INITIAL_FORMS": "1", "guardians-MIN_NUM_FORMS": "0",
        "guardians-MAX_NUM_FORMS": "10", "guardians-0-id": guardian.pk, "guardians-0-relation": guardian.relation,
        "guardians-0-name": guardian.name, "guardians-0-phone": "", "guardians-0-situation": guardian.situation,
        "guardians-0-is_primary": "on",
    }
    data.update(overrides)
    return data


def risk_settings_data(*, scores=None, responses=None, new_indicator_row=True):
    """The station's risk settings form (cases:risk_settings) as the page shows it: every threshold and indicator
    and the fingerprint; with `scores` ({tier: min score}) and `responses` ({tier: (Chinese, English)}) changed.
    `new_indicator_row`: with the page's row for a new indicator, for the caller to fill in (posted unfilled, it is
    refused: its "启用" box comes back unticked)."""
    scores, responses = scores or {}, responses or {}
    rows = list(TierThreshold.objects.all())
    indicators = list(RiskIndicator.objects.all())
    data = {
        "thresholds-TOTAL_FORMS": len(rows), "thresholds-INITIAL_FORMS": len(rows), "thresholds-MIN_NUM_FORMS": 0,
        "thresholds-MAX_NUM_FORMS": 1000,
        "indicators-TOTAL_FORMS": len(indicators) + new_indicator_row, "indicators-INITIAL_FORMS": len(indicators),
        "indicators-MIN_NUM_FORMS": 0, "indicators-MAX_NUM_FORMS": 1000, "seen": risk_settings_fingerprint(),
    }
    for n, row in enumerate(rows):
        chinese, english = responses.get(row.tier, (row.response_zh_hans, row.response_en))
        data |= {f"thresholds-{n}-id": row.pk, f"thresholds-{n}-tier": row.tier,
                 f"thresholds-{n}-min_score": scores.get(row.tier, row.min_score),
                 f"thresholds-{n}-response_zh_hans": chinese or "", f"thresholds-{n}-response_en": english or ""}
    for n, item in enumerate(indicators):
        data |= {f"indicators-{n}-id": item.pk, f"indicators-{n}-domain": item.domain,
                 f"indicators-{n}-text_zh_hans": item.text_zh_hans, f"indicators-{n}-text_en": item.text_en or "",
                 f"indicators-{n}-weight": item.weight,
                 f"indicators-{n}-order": item.order,
                 f"indicators-{n}-is_active": "on"}
        if item.is_emergency:
            data[f"indicators-{n}-is_emergency"] = "on"
    return data
