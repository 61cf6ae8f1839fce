"""cases/0022-0023: each tier the station has gets the plan's default response (分级干预措施) in both languages; a
tier the station removed is not brought back."""

import pytest
from django.db import connection

from cases.models import TierThreshold

BEFORE, AFTER = ("cases", "0021_urgent_visit_by"), ("cases", "0023_tier_response_defaults")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_each_remaining_tier_gets_its_default_response(migrate):
    migrate(BEFORE)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM cases_tierthreshold WHERE tier = %s", ["yellow"])  # the station's choice
    migrate(AFTER)
    rows = {row.tier: row for row in TierThreshold.objects.all()}
    assert sorted(rows) == ["green", "orange", "red"]
    red = rows["red"]
    assert (red.response_zh_hans, red.response_en) == (
        "立即介入：24小时内入户家访，发现疑似侵害的立即报告",
        "Immediate intervention: home visit within 24 hours; report at once if harm is suspected")
    assert rows["green"].response_en == "Keep watching: on the register, routine attention"
    assert TierThreshold.objects.filter(response="定期介入：制定帮扶计划，落实干预措施").exists()
