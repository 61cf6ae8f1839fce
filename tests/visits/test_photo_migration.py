"""visits/0009: the single photo of each visit becomes its first VisitPhoto; a photo replaced earlier by a correction,
named only in the visit's history, stays named (as a removed photo) so that the retention still deletes its file."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from visits.models import VisitPhoto

from .factories import HomeVisitFactory

BEFORE, AFTER = ("visits", "0008_submission_key"), ("visits", "0009_visit_photos")


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate([target])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # later tests keep the migrated data
def test_each_visits_photo_becomes_its_first_and_replaced_ones_stay_named(child_a, director_a):
    with_photo = HomeVisitFactory(child=child_a, recorded_by=director_a)
    without = HomeVisitFactory(child=child_a, recorded_by=director_a)
    _migrate(BEFORE)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE visits_homevisit SET photo = %s WHERE id = %s",
                       ["visits/2026/11/now.jpg", with_photo.pk])
        cursor.execute("UPDATE visits_historicalhomevisit SET photo = %s WHERE id = %s",
                       ["visits/2026/10/before.jpg", with_photo.pk])
    _migrate(AFTER)
    photo = VisitPhoto.objects.get()
    assert (photo.visit_id, photo.image.name, photo.added_by_id) == (with_photo.pk, "visits/2026/11/now.jpg",
                                                                      director_a.pk)
    assert photo.added_at == with_photo.recorded_at
    earlier = VisitPhoto.history.get(history_type="-")
    assert (earlier.visit_id, earlier.image) == (with_photo.pk, "visits/2026/10/before.jpg")
    assert not VisitPhoto.objects.filter(visit=without).exists()
