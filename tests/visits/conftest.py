import datetime as dt

import pytest
from django.utils import timezone

from cases.models import Child


@pytest.fixture
def today():
    return timezone.localdate()


def set_due(child: Child, due: dt.date, *, tier: str = "green", last_visit_on: dt.date | None = None) -> Child:
    """Put `child` on the schedule with due date `due` (bypassing the services: test set-up only)."""
    Child.objects.filter(pk=child.pk).update(
        next_visit_due=due, tier=tier, last_visit_on=last_visit_on or due - dt.timedelta(days=90)
    )
    child.refresh_from_db()
    return child
