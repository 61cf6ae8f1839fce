from django.db import migrations

# The tiered interventions (分级干预措施) of DESIGN.md §4 [三(二)1]: defaults the station edits on its risk settings
# page. Only the tiers the station still has get one; a response already written is kept.
RESPONSES = {
    "red": ("立即介入：24小时内入户家访，发现疑似侵害的立即报告",
            "Immediate intervention: home visit within 24 hours; report at once if harm is suspected"),
    "orange": ("定期介入：制定帮扶计划，落实干预措施",
               "Regular intervention: make a support plan and carry out interventions"),
    "yellow": ("定期关注：定期家访，掌握变化", "Regular attention: visit regularly and follow changes"),
    "green": ("保持关注：纳入台账，常态关注", "Keep watching: on the register, routine attention"),
}


def load(apps, schema_editor):
    """The Chinese text goes into the untranslated column too, as for the risk indicators (0008)."""
    TierThreshold = apps.get_model("cases", "TierThreshold")
    for tier, (chinese, english) in RESPONSES.items():
        TierThreshold.objects.filter(tier=tier, response="").update(
            response=chinese, response_zh_hans=chinese, response_en=english)


class Migration(migrations.Migration):
    dependencies = [("cases", "0022_tier_response")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
