"""A checkbox list of records (categories, indicators, villages served, volunteers, photos to remove) sent a number
past any record number is refused as an unknown choice, saving nothing: on SQLite it was a server error."""

import pytest
from django.urls import reverse

from cases.models import Child
from hotline.models import HotlineCall

BEYOND = "99999999999999999999"  # > 2**63

CHECKBOX_LISTS = [  # (url name, role, url kwargs from sweep_objects, field)
    ("cases:assess", "station_user", {"pk": "child_a"}, "indicators"),
    ("cases:child_create", "station_user", {}, "categories"),
    ("cases:child_edit", "station_user", {"pk": "child_a"}, "categories"),
    ("hotline:new", "hotline_user", {}, "categories"),
    ("hotline:edit", "hotline_user", {"pk": "call_a"}, "categories"),
    ("hotline:intake_register", "station_user", {"pk": "intake"}, "categories"),
    ("registry:social_force_new", "station_user", {}, "villages_served"),
    ("registry:social_force_edit", "station_user", {"pk": "social_force_a"}, "villages_served"),
    ("registry:workroom_edit", "director_a", {"village_pk": "village_a"}, "volunteers"),
    ("visits:edit", "station_user", {"pk": "visit_a"}, "remove_photos"),
]


@pytest.mark.parametrize("name,role,kwargs,field", CHECKBOX_LISTS, ids=[f"{c[0]}-{c[3]}" for c in CHECKBOX_LISTS])
@pytest.mark.parametrize("value", [BEYOND, f"-{BEYOND}"])
def test_a_checkbox_value_past_any_record_number_is_an_unknown_choice(name, role, kwargs, field, value,
                                                                       role_clients, sweep_objects):
    client = role_clients[role]
    client.raise_request_exception = False
    children, calls = Child.objects.count(), HotlineCall.objects.count()
    url = reverse(name, kwargs={key: sweep_objects[obj].pk for key, obj in kwargs.items()})
    response = client.post(url, {field: value})
    assert response.status_code == 200
    assert "选择一个有效的选项" in " ".join(response.context["form"].errors[field])
    assert (Child.objects.count(), HotlineCall.objects.count()) == (children, calls)
