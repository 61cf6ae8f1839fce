"""Input that passes a form but would break a page or the database: refused with a message, or ignored."""

import pytest
from django.urls import reverse

from hotline.models import CallIntake, HotlineCall, IssueCategory

from .factories import CallFactory

pytestmark = pytest.mark.django_db


def _call_form(**extra):
    return {
        "received_at": "2024-01-01T10:00", "call_type": "report", "caller_relation": "neighbour", "caller_phone": "",
        "urgency": "normal", "categories": [IssueCategory.objects.get(code="neglect").pk],
        "summary": "邻居反映孩子长期无人照看", "action": "answered", "office": "", "duration_minutes": "6", **extra,
    }


@pytest.mark.parametrize("typed", ["0001-01-01T00:00", "0024-05-01T10:00", "1999-12-31T23:59"])
def test_a_call_time_before_2000_is_refused_and_the_ledger_still_opens(client, org, hotline_user, leader, typed):
    client.force_login(hotline_user)
    response = client.post(reverse("hotline:new"), _call_form(received_at=typed))
    assert response.status_code == 200 and "来电时间不合理：不能早于 2000 年。" in response.content.decode()
    assert not HotlineCall.objects.exists()
    client.force_login(leader)
    assert client.get(reverse("hotline:ledger")).status_code == 200
    assert client.get(reverse("hotline:stats")).status_code == 200


@pytest.mark.parametrize("year", ["0", "1999", "10000", "-5", "x"])
def test_statistics_of_an_impossible_year_show_this_year(client, leader, year):
    client.force_login(leader)
    response = client.get(reverse("hotline:stats"), {"year": year})
    assert response.status_code == 200 and response.context["year"] == response.context["years"][0]


@pytest.mark.parametrize("posted", ["abc", "²", ""])
def test_linking_an_intake_to_a_file_that_is_not_a_number_is_not_found(client, station_user, posted):
    intake = CallIntake.objects.create(call=CallFactory(operator=station_user), name="某", opened_by=station_user)
    client.force_login(station_user)
    response = client.post(reverse("hotline:intake_link_existing", args=[intake.pk]), {"child": posted})
    assert response.status_code == 404
    intake.refresh_from_db()
    assert intake.status == CallIntake.Status.OPEN and intake.call.child_id is None
