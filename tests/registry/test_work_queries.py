"""List pages issue the same number of queries for 5 rows as for 500 (paginated 50 a page)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from registry.models import (
    Facility,
    FacilityInspection,
    FamilyEducationSession,
    Holiday,
    Publicity,
    SocialActivity,
    SocialForce,
    Task,
    Village,
    Workroom,
)
from registry.services import grant_village_access
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _villages(n, start, director=None):
    villages = Village.objects.bulk_create(
        [Village(code=f"q{start + i}", name=f"查询村{start + i}", order=start + i) for i in range(n)]
    )
    Workroom.objects.bulk_create(
        [Workroom(village=v, cadre_name="干部", contact_phone="13800000000") for v in villages]
    )
    for v in villages[:3]:
        grant_village_access(user=UserFactory(), village=v)
    for v in villages if director else []:
        grant_village_access(user=director, village=v)
    facilities = Facility.objects.bulk_create([Facility(village=v, name="场所") for v in villages])
    FacilityInspection.objects.bulk_create(
        [FacilityInspection(facility=f, inspected_on=TODAY, inspector="x", safety_sign_present=False, problems="缺")
         for f in facilities]
    )


def _facilities(n, village, start):
    facilities = Facility.objects.bulk_create([Facility(village=village, name=f"场所{start + i}") for i in range(n)])
    FacilityInspection.objects.bulk_create(
        [FacilityInspection(facility=f, inspected_on=TODAY - dt.timedelta(days=d), inspector="x")
         for f in facilities for d in (1, 100)]
    )


def _sessions(n, village, start):
    FamilyEducationSession.objects.bulk_create([
        FamilyEducationSession(village=village, date=TODAY - dt.timedelta(days=start + i), start_time=dt.time(9),
                               end_time=dt.time(11), place="p", host="h", held=True)
        for i in range(n)
    ])


def _publicity(n, village, start):
    Publicity.objects.bulk_create([
        Publicity(village=village, channel="qq", date=TODAY, title=f"t{start + i}", content="c") for i in range(n)
    ])


def _tasks(n, village, start):
    Task.objects.bulk_create([
        Task(title=f"任务{start + i}", village=village, owner="o", due_on=TODAY - dt.timedelta(days=i % 3))
        for i in range(n)
    ])


def _forces(n, village, start):
    forces = SocialForce.objects.bulk_create([SocialForce(name=f"组织{start + i}") for i in range(n)])
    for force in forces:
        force.villages_served.add(village)
    SocialActivity.objects.bulk_create(
        [SocialActivity(force=f, date=TODAY, village=village, service="care", summary="s") for f in forces]
    )


def _holidays(n, village, start):
    Holiday.objects.bulk_create([
        Holiday(name=f"节{start + i}", start_date=dt.date(2000, 1, 1) + dt.timedelta(days=start + i),
                end_date=dt.date(2000, 1, 1) + dt.timedelta(days=start + i)) for i in range(n)
    ])


LISTS = [
    ("registry:work_overview", None),
    ("registry:facilities", _facilities),
    ("registry:sessions", _sessions),
    ("registry:publicity", _publicity),
    ("registry:tasks", _tasks),
    ("registry:social_forces", _forces),
    ("registry:holidays", _holidays),
]


@pytest.mark.parametrize("name,make", LISTS, ids=[n for n, _ in LISTS])
@pytest.mark.parametrize("who", ["station_user", "director_a"])
def test_list_query_count_does_not_grow_with_rows(client, request, village_a, name, make, who,
                                                  django_assert_max_num_queries):
    user = request.getfixturevalue(who)
    client.force_login(user)
    url = reverse(name)
    director = user if who == "director_a" else None
    if make is None:
        def grow(n, start):
            _villages(n, start, director)
    else:
        def grow(n, start):
            make(n, village_a, start)
    client.get(url)  # warm the content-type cache, which is not part of the page's cost
    grow(5, 0)
    with django_assert_max_num_queries(MAX_QUERIES[name]) as small:
        body_small = client.get(url).content.decode()
    grow(495, 5)
    with django_assert_max_num_queries(MAX_QUERIES[name]) as large:
        response = client.get(url)
    assert response.status_code == 200 and len(response.content.decode()) > len(body_small)
    assert len(large.captured_queries) == len(small.captured_queries)


MAX_QUERIES = {  # session, user, roles, notifications, the page's own reads
    "registry:work_overview": 17,
    "registry:facilities": 12,
    "registry:sessions": 11,
    "registry:publicity": 11,
    "registry:tasks": 9,
    "registry:social_forces": 10,
    "registry:holidays": 9,
}
