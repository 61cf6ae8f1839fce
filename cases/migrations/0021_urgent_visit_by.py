import datetime as dt

from django.db import migrations, models
from django.db.models import F

FOLLOWED_UP = ["open", "closing"]
RED_DAYS_DEFAULT = 7  # the plan's default, used when the station's visit policy has no row for 红


def keep_pending_urgent_visits(apps, schema_editor):
    """Children whose stored due date is an urgent visit not yet made keep it as `urgent_visit_by`: every child
    never visited, and red children due sooner than their last visit plus the red interval (moved to 红 since)."""
    Child = apps.get_model("cases", "Child")
    VisitPolicy = apps.get_model("visits", "VisitPolicy")
    followed = Child.objects.filter(status__in=FOLLOWED_UP, next_visit_due__isnull=False)
    followed.filter(last_visit_on__isnull=True).update(urgent_visit_by=F("next_visit_due"))
    red_days = VisitPolicy.objects.filter(tier="red").values_list("max_days", flat=True).first() or RED_DAYS_DEFAULT
    for pk, last, due in followed.filter(tier="red", last_visit_on__isnull=False).values_list(
            "pk", "last_visit_on", "next_visit_due").iterator():
        if due < last + dt.timedelta(days=red_days):
            Child.objects.filter(pk=pk).update(urgent_visit_by=due)


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0020_referral_reroute_withdraw'),
        ('visits', '0003_default_policy'),
    ]

    operations = [
        migrations.AddField(
            model_name='child',
            name='urgent_visit_by',
            field=models.DateField(blank=True, editable=False, null=True, verbose_name='紧急家访截止日期'),
        ),
        migrations.AddField(
            model_name='historicalchild',
            name='urgent_visit_by',
            field=models.DateField(blank=True, editable=False, null=True, verbose_name='紧急家访截止日期'),
        ),
        migrations.RunPython(keep_pending_urgent_visits, migrations.RunPython.noop),
    ]
