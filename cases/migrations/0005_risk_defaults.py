from django.db import migrations

# The station edits these; any emergency indicator (DESIGN.md §4) puts the child at 红 whatever the score.
# (domain, text, weight, is_emergency)
INDICATORS = [
    ("guardianship", "独自居住或长期无人照料", 10, True),
    ("guardianship", "被遗弃", 10, True),
    ("guardianship", "父母双方外出务工或下落不明，委托照护人年老体弱或无力照护", 3, False),
    ("guardianship", "监护人服刑、强制隔离戒毒、重残重病，无法履行监护职责", 4, False),
    ("guardianship", "监护人教育方式不当（经常打骂、放任不管）", 3, False),
    ("guardianship", "未签订委托监护确认书或委托照护人不明确", 1, False),
    ("safety", "正在遭受或疑似遭受家庭暴力、性侵害或其他暴力伤害", 10, True),
    ("safety", "疑似被拐卖、收买或被组织乞讨", 10, True),
    ("safety", "家庭成员有酗酒、吸毒、赌博等不良行为", 3, False),
    ("safety", "居住环境存在安全隐患（危房、用火用电、临水临崖）", 2, False),
    ("health", "患重大疾病或慢性病，未得到及时治疗", 3, False),
    ("health", "营养不良或明显发育迟缓", 3, False),
    ("health", "残疾未得到康复救助", 2, False),
    ("psychology", "有自伤、自杀言行", 5, False),
    ("psychology", "情绪低落、孤僻、焦虑，有抑郁迹象", 2, False),
    ("behaviour", "下落不明、走失或离家出走未归", 10, True),
    ("behaviour", "有不良行为（逃学、夜不归宿、结交不良人员、沉迷网络）", 2, False),
    ("behaviour", "有违法犯罪行为或正在接受社区矫正", 3, False),
    ("schooling", "辍学或长期未到校", 3, False),
    ("schooling", "经常缺课、学习困难", 1, False),
    ("economic", "家庭经济困难，基本生活难以保障", 3, False),
    ("economic", "因病、因灾、因残致贫", 2, False),
]

THRESHOLDS = [("red", 10), ("orange", 6), ("yellow", 3), ("green", 0)]


def load(apps, schema_editor):
    RiskIndicator = apps.get_model("cases", "RiskIndicator")
    TierThreshold = apps.get_model("cases", "TierThreshold")
    for order, (domain, text, weight, emergency) in enumerate(INDICATORS, start=1):
        RiskIndicator.objects.update_or_create(
            text=text, defaults={"domain": domain, "weight": weight, "is_emergency": emergency, "order": order}
        )
    for tier, min_score in THRESHOLDS:
        TierThreshold.objects.update_or_create(tier=tier, defaults={"min_score": min_score})


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_casework")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
