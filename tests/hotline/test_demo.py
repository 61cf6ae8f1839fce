import pytest
from django.core.management import call_command
from django.test import override_settings

from hotline.models import CallIntake, HotlineCall

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=True)
def test_demo_seeds_linked_invalid_and_intake_calls_and_is_rerunnable():
    call_command("seed_demo", stdout=None)
    call_command("seed_demo", stdout=None)
    assert HotlineCall.objects.filter(child__name="示例儿童甲", child__village__name="示例村A").count() == 1
    assert HotlineCall.objects.filter(call_type__startswith="invalid_").count() == 2
    assert CallIntake.objects.filter(status=CallIntake.Status.OPEN).count() == 1
    assert HotlineCall.objects.count() == 7
    neighbour = HotlineCall.objects.filter(caller_relation="neighbour")
    assert {call.caller_phone for call in neighbour} == {"13800000011"}  # typed two ways, stored one way
    assert len({call.caller_phone_hash for call in neighbour}) == 1
