"""The access-log search by object number finds the rows naming that number as a whole element of their list: the
same rows on SQLite (a text match) and PostgreSQL (JSON containment), never 11 for 1 nor 1 for 111."""

import pytest
from django.urls import reverse

from audit.models import AccessLog

URL = reverse("audit:access_log")


@pytest.fixture
def log(director_a):
    lists = {
        "one": [1], "eleven": [11], "one_eleven": [111], "many": [11, 1, 111], "export": [21, 101, 110, 1011],
        "tail": [5, 11], "head": [1, 5], "middle": [10, 1, 12], "guardian": [1],
    }
    return {
        key: AccessLog.objects.create(
            user=director_a, username="director_a", action=AccessLog.Action.VIEW,
            object_type="guardian" if key == "guardian" else "child", object_ids=ids,
        ).pk
        for key, ids in lists.items()
    }


def _found(client, **params) -> set[int]:
    return {row.pk for row in client.get(URL, params).context["page"]}


@pytest.mark.parametrize(("number", "keys"), [
    (1, {"one", "many", "head", "middle"}),
    (11, {"eleven", "many", "tail"}),
    (111, {"one_eleven", "many"}),
    (101, {"export"}),
    (10, {"middle"}),
    (2, set()),
])
def test_object_number_is_a_whole_element(client, station_user, log, number, keys):
    client.force_login(station_user)
    assert _found(client, object_type="child", object_id=number) == {log[key] for key in keys}


def test_object_number_without_a_type_and_with_other_filters(client, station_user, log):
    client.force_login(station_user)
    assert _found(client, object_id=1) == {log[key] for key in ("one", "many", "head", "middle", "guardian")}
    assert _found(client, object_id=1, object_type="guardian") == {log["guardian"]}
    assert _found(client, object_id=1, username="nobody") == set()
