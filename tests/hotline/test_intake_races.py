"""An intake (建档申请) sent twice, or decided by two colleagues at once: the second is refused with a message, never a
server error, and what it typed is kept."""


import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from hotline import services
from hotline.models import CallIntake
from tests.concurrency import at_once
from tests.factories import ChildFactory

from .factories import CallFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def intake(hotline_user, village_a):
    return services.open_intake(call=CallFactory(operator=hotline_user), by=hotline_user, name="李小红",
                                village=village_a)


@pytest.fixture
def decided_meanwhile(intake, station_user, monkeypatch):
    """The intake as the page read it (open), dismissed by a colleague before this request reached the service."""
    services.dismiss_intake(intake=intake, by=station_user, reason="经核实为外地儿童")
    monkeypatch.setattr("hotline.views.linking.open_intakes", CallIntake.objects.all)
    return intake


def test_an_intake_asked_again_for_the_same_call_is_refused_with_a_message(hotline_user, village_a, intake):
    with pytest.raises(ValidationError, match="该来电已有建档申请"):
        services.open_intake(call=intake.call, by=hotline_user, name="李小红", village=village_a)
    assert CallIntake.objects.count() == 1


def test_linking_an_intake_a_colleague_decided_meanwhile_says_so(client, station_user, village_a,
                                                                decided_meanwhile):
    client.force_login(station_user)
    child = ChildFactory(village=village_a)
    response = client.post(reverse("hotline:intake_link_existing", args=[decided_meanwhile.pk]), {"child": child.pk},
                           follow=True)
    assert response.status_code == 200 and "该建档申请已处理" in response.content.decode()
    decided_meanwhile.refresh_from_db()
    assert decided_meanwhile.status == CallIntake.Status.DISMISSED and decided_meanwhile.call.child_id is None


def test_dismissing_an_intake_a_colleague_decided_meanwhile_says_so_and_keeps_the_reason(client, station_user,
                                                                                       decided_meanwhile):
    client.force_login(station_user)
    response = client.post(reverse("hotline:intake_dismiss", args=[decided_meanwhile.pk]), {"reason": "重复申请"})
    body = response.content.decode()
    assert response.status_code == 400 and "该建档申请已处理" in body and "重复申请" in body
    decided_meanwhile.refresh_from_db()
    assert decided_meanwhile.dismiss_reason == "经核实为外地儿童"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real row locks only on PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_postgresql_an_intake_sent_twice_at_once_is_made_once(hotline_user, village_a):
    call = CallFactory(operator=hotline_user)
    results = at_once(lambda: services.open_intake(call=call, by=hotline_user, name="李小红", village=village_a))
    assert sorted(type(result).__name__ for result in results) == ["CallIntake", "ValidationError"]
    assert CallIntake.objects.filter(call=call).count() == 1
