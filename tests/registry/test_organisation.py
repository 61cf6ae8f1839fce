"""领导小组与部门职责: the plan's organisation as reference for every portal user (no child's data)."""

import pytest
from django.urls import reverse

from registry.models import LeadershipMember, Office, Station
from tests.conftest import ROLE_FIXTURES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fixture", ROLE_FIXTURES)
def test_every_role_reads_who_does_what(client, request, fixture, org, child_a):
    client.force_login(request.getfixturevalue(fixture))
    body = client.get(reverse("registry:organisation")).content.decode()
    station = Station.objects.get()
    head = LeadershipMember.objects.get(position=LeadershipMember.Position.HEAD)
    police = Office.objects.get(code="police")
    assert station.name in body and station.hotline_display in body
    assert head.name in body and head.title in body
    assert police.name in body and police.duties.splitlines()[0] in body
    assert child_a.name not in body


def test_the_station_card_on_the_home_page_links_to_it(client, director_a, org):
    client.force_login(director_a)
    assert reverse("registry:organisation") in client.get(reverse("home")).content.decode()


def test_signed_out_visitors_are_sent_to_login(client, org):
    response = client.get(reverse("registry:organisation"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_page_reads_a_fixed_number_of_queries(client, leader, org, django_assert_max_num_queries):
    client.force_login(leader)
    client.get(reverse("registry:organisation"))
    for i in range(10):
        Office.objects.create(code=f"extra{i}", name=f"新部门{i}", duties="职责")
    with django_assert_max_num_queries(8):
        assert "新部门9" in client.get(reverse("registry:organisation")).content.decode()
