"""manage.py generate_county: a consistent synthetic county, written in bulk, refused where it does not belong."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Max
from django.test import override_settings

from cases.models import Child, RiskAssessment
from cases.services.children import find_by_id_number
from demo.county import CODE_PREFIX
from hotline.models import HotlineCall
from registry.access import villages_visible_to
from registry.models import User, Village
from visits.models import HomeVisit
from visits.selectors import max_days_by_tier

from ..factories import VillageFactory


@override_settings(DEBUG=True)
def test_generated_county_is_consistent(db):
    call_command("generate_county", children=120, seed=7, stdout=io.StringIO())

    # 300 villages, each with its own child director (who cannot sign in: benchmarks use force_login).
    villages = Village.objects.filter(code__startswith=CODE_PREFIX)
    assert villages.count() == 300
    director = User.objects.get(username="gen_dir_t01-v01")
    assert list(villages_visible_to(director)) == [Village.objects.get(code="gen-t01-v01")]
    assert not director.has_usable_password()

    # ID numbers are encrypted and findable by their keyed hash, as Child.save would have written them.
    children = list(Child.objects.exclude(id_number=""))
    assert len(children) > 100
    for child in children[:20]:
        assert find_by_id_number(child.id_number) == child
        assert child.birth_date.strftime("%Y%m%d") == child.id_number[6:14]

    # Each open child's schedule follows from its last visit and tier; closed cases have no due date.
    interval = max_days_by_tier()
    open_children = Child.objects.filter(status=Child.Status.OPEN).annotate(
        visits_count=Count("visits"), latest=Max("visits__visited_on"))
    for child in open_children:
        assert child.next_visit_due is not None
        if child.visits_count:
            assert child.last_visit_on == child.latest
            assert (child.next_visit_due - child.last_visit_on).days == interval[child.tier]
    assert not Child.objects.filter(status=Child.Status.CLOSED, next_visit_due__isnull=False).exists()
    assert HomeVisit.objects.count() > 5 * Child.objects.count()  # a year of visits
    assert RiskAssessment.objects.count() == Child.objects.count()
    assert set(Child.objects.values_list("tier", flat=True)) == {"red", "orange", "yellow", "green"}

    # A year of calls; invalid calls are closed.
    assert HotlineCall.objects.count() == 50
    assert not HotlineCall.objects.filter(call_type__startswith="invalid_").exclude(
        status=HotlineCall.Status.CLOSED).exists()


def test_refuses_a_second_county(db):
    VillageFactory(code=f"{CODE_PREFIX}t01-v01", name="已生成村")
    with override_settings(DEBUG=True), pytest.raises(CommandError, match="already holds"):
        call_command("generate_county", children=5, stdout=io.StringIO())


def test_refuses_to_run_without_debug_unless_told(db):
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="DEBUG"):
        call_command("generate_county", children=5, stdout=io.StringIO())
    assert not Child.objects.exists()
