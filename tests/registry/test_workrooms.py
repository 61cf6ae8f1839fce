"""Workrooms, child directors and the plan's preference [三(三), 四(二)]; volunteers and social organisations."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from registry.models import DirectorProfile, SocialActivity, SocialForce, Workroom
from registry.roles import Role
from registry.selectors import director_counts, directors_by_village
from registry.services import grant_village_access, revoke_village_access, role_group
from tests.factories import UserFactory, VillageFactory

from .factories import SocialForceFactory, WorkroomFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def village_c(db):
    return VillageFactory(code="vc", name="丙村")


def test_station_page_lists_villages_without_a_child_director(client, station_user, director_a, director_b, village_c):
    client.force_login(station_user)
    body = client.get(reverse("registry:work_overview")).content.decode()
    section = body.split('id="villages-without-director"')[1].split("</div>")[0]
    assert "丙村" in section and "甲村" not in section and "乙社区" not in section


def test_inactive_or_revoked_directors_do_not_count(director_a, director_b, village_a, village_b):
    director_a.is_active = False
    director_a.save()
    revoke_village_access(user=director_b, village=village_b)
    assert directors_by_village([village_a.pk, village_b.pk]) == {}


def test_director_counts_match_the_directors_listed(director_a, director_b, village_a, village_b, village_c):
    """Two directors for 乙社区, none for 丙村; a user whose director role was taken away no longer counts."""
    grant_village_access(user=UserFactory(username="director_b2"), village=village_b)
    former = UserFactory(username="former_director")
    grant_village_access(user=former, village=village_a)
    former.groups.remove(role_group(Role.DIRECTOR))
    ids = [village_a.pk, village_b.pk, village_c.pk]
    assert director_counts(ids) == {village_a.pk: 1, village_b.pk: 2}
    assert director_counts(ids) == {pk: len(users) for pk, users in directors_by_village(ids).items()}


def test_preference_hint_per_village(client, station_user, director_a, director_b, village_a):
    DirectorProfile.objects.create(user=director_a, is_women_federation_chair=True)
    client.force_login(station_user)
    body = client.get(reverse("registry:work_overview")).content.decode()
    card_a = body.split(f'data-village="{village_a.pk}"')[1].split("</div></div></div>")[0]
    assert "符合优先人选要求" in card_a
    assert body.count("建议由女性委员或妇联主席担任") == 1  # 乙社区: its only director is neither


def test_second_director_who_meets_the_preference_satisfies_the_village(client, station_user, village_b, director_b):
    other = UserFactory(username="director_b2")
    grant_village_access(user=other, village=village_b)
    DirectorProfile.objects.create(user=other, is_women_committee_member=True)
    client.force_login(station_user)
    body = client.get(reverse("registry:workroom", args=[village_b.pk])).content.decode()
    assert "符合优先人选要求" in body and "女性委员" in body


def test_station_records_a_directors_profile(client, station_user, director_b):
    client.force_login(station_user)
    response = client.post(reverse("registry:director_profile", args=[director_b.pk]),
                           {"is_women_committee_member": "on", "notes": ""})
    assert response.status_code == 302
    assert DirectorProfile.objects.get(user=director_b).meets_preference


def test_director_fills_in_own_workroom(client, director_a, village_a):
    volunteer = SocialForceFactory(name="志愿者小李", kind=SocialForce.Kind.VOLUNTEER)
    volunteer.villages_served.set([village_a])
    client.force_login(director_a)
    response = client.post(reverse("registry:workroom_edit", args=[village_a.pk]), {
        "cadre_name": "李主任", "cadre_position": "村委委员", "contact_phone": "023-70630963", "location": "村委会",
        "volunteers": [volunteer.pk], "notes": "",
    })
    assert response.status_code == 302
    room = Workroom.objects.get(village=village_a)
    assert room.cadre_name == "李主任" and list(room.volunteers.all()) == [volunteer]
    body = client.get(reverse("registry:workroom", args=[village_a.pk])).content.decode()
    assert "李主任" in body and "志愿者小李" in body


@pytest.fixture
def volunteers(village_a, village_b):
    """志愿者甲 serves 甲村, 志愿者乙 乙社区 only."""
    ours = SocialForceFactory(name="志愿者甲", kind=SocialForce.Kind.VOLUNTEER)
    ours.villages_served.set([village_a])
    theirs = SocialForceFactory(name="志愿者乙", kind=SocialForce.Kind.VOLUNTEER)
    theirs.villages_served.set([village_b])
    return ours, theirs


@pytest.mark.parametrize("fixture", ["director_a", "station_user"])
def test_workroom_offers_only_the_volunteers_serving_its_village(client, request, village_a, volunteers, fixture):
    client.force_login(request.getfixturevalue(fixture))
    body = client.get(reverse("registry:workroom_edit", args=[village_a.pk])).content.decode()
    assert "志愿者甲" in body and "志愿者乙" not in body


def test_a_volunteer_of_another_village_is_refused_and_nothing_saved(client, director_a, village_a, volunteers):
    client.force_login(director_a)
    response = client.post(reverse("registry:workroom_edit", args=[village_a.pk]), {
        "cadre_name": "李主任", "contact_phone": "023-70630963", "volunteers": [volunteers[1].pk],
    })
    assert response.status_code == 200 and "志愿者乙" not in response.content.decode()
    assert not Workroom.objects.filter(village=village_a).exists()


def test_a_volunteer_already_in_the_workroom_stays_offered(client, director_a, village_a, volunteers):
    room = WorkroomFactory(village=village_a)
    room.volunteers.set([volunteers[1]])  # added before volunteers were chosen by village
    client.force_login(director_a)
    body = client.get(reverse("registry:workroom_edit", args=[village_a.pk])).content.decode()
    assert "志愿者乙" in body and "checked" in body.split("志愿者乙")[0].rsplit("<input", 1)[1]


def test_bad_contact_phone_is_refused_and_input_kept(client, director_a, village_a):
    WorkroomFactory(village=village_a, cadre_name="原干部")
    client.force_login(director_a)
    response = client.post(reverse("registry:workroom_edit", args=[village_a.pk]), {
        "cadre_name": "新干部", "contact_phone": "12345", "seen_version": 1,
    })
    body = response.content.decode()
    assert response.status_code == 200 and "电话号码格式不正确" in body and "新干部" in body
    assert Workroom.objects.get(village=village_a).cadre_name == "原干部"


def test_stale_workroom_edit_is_refused(client, director_a, station_user, village_a):
    room = WorkroomFactory(village=village_a, cadre_name="原干部")
    Workroom.objects.filter(pk=room.pk).update(version=2)
    client.force_login(director_a)
    response = client.post(reverse("registry:workroom_edit", args=[village_a.pk]), {
        "cadre_name": "我的修改", "contact_phone": "13800000000", "seen_version": 1,
    })
    assert "已被他人修改" in response.content.decode()
    assert Workroom.objects.get(pk=room.pk).cadre_name == "原干部"


def test_station_registers_a_social_organisation_and_its_activity(client, station_user, village_a, village_b):
    client.force_login(station_user)
    response = client.post(reverse("registry:social_force_new"), {
        "name": "心语社工", "kind": "social_work", "services": ["counselling", "family_education"],
        "villages_served": [village_a.pk], "contact_person": "王", "phone": "13800000000", "is_active": "on",
    })
    force = SocialForce.objects.get(name="心语社工")
    assert response.status_code == 302 and force.services == ["counselling", "family_education"]
    response = client.post(reverse("registry:social_activity_new", args=[force.pk]), {
        "date": "2026-03-01", "village": village_a.pk, "service": "counselling", "summary": "团体辅导",
        "participants": "12",
    })
    assert response.status_code == 302
    assert SocialActivity.objects.get().recorded_by == station_user
    body = client.get(reverse("registry:social_force", args=[force.pk])).content.decode()
    assert "心理疏导、家庭教育" in body and "团体辅导" in body


def test_director_sees_only_social_forces_serving_their_village(client, director_a, village_a, village_b):
    mine = SocialForceFactory(name="服务甲村的组织")
    mine.villages_served.set([village_a])
    SocialForceFactory(name="只服务乙社区的组织").villages_served.set([village_b])
    SocialActivity.objects.create(
        force=mine, date="2026-03-01", village=village_b, service="care", summary="乙社区活动"
    )
    client.force_login(director_a)
    body = client.get(reverse("registry:social_forces")).content.decode()
    assert "服务甲村的组织" in body and "只服务乙社区的组织" not in body
    detail = client.get(reverse("registry:social_force", args=[mine.pk])).content.decode()
    assert "乙社区活动" not in detail


def test_an_activity_dated_after_today_is_refused_and_the_input_kept(client, station_user, village_a):
    force = SocialForceFactory(name="心语社工")
    client.force_login(station_user)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(reverse("registry:social_activity_new", args=[force.pk]), {
        "date": tomorrow.isoformat(), "village": village_a.pk, "service": "counselling", "summary": "团体辅导",
    })
    body = response.content.decode()
    assert response.status_code == 200 and "活动日期不能晚于今天。" in body and "团体辅导" in body
    assert not SocialActivity.objects.exists()
    today = timezone.localdate().isoformat()
    client.post(reverse("registry:social_activity_new", args=[force.pk]), {
        "date": today, "village": village_a.pk, "service": "counselling", "summary": "团体辅导",
    })
    assert SocialActivity.objects.get().date.isoformat() == today


def _edit_profile(client, director, seen_version, **overrides):
    """Post the profile page of `director` as opened when the profile was at `seen_version`."""
    data = {"is_women_committee_member": "on", "notes": "", "seen_version": seen_version}
    data.update(overrides)
    return client.post(reverse("registry:director_profile", args=[director.pk]),
                       {name: value for name, value in data.items() if value != ""})


def test_a_stale_director_profile_edit_is_refused_and_keeps_the_input_and_the_newer_save(
    client, station_user, director_b
):
    profile = DirectorProfile.objects.create(user=director_b, is_women_committee_member=True)
    opened_at = profile.version  # two station staff open the profile page
    client.force_login(station_user)
    assert _edit_profile(client, director_b, opened_at, is_women_federation_chair="on").status_code == 302

    response = _edit_profile(client, director_b, opened_at, notes="我的备注")

    body = response.content.decode()
    assert response.status_code == 200 and "已被他人修改" in body and "我的备注" in body
    profile.refresh_from_db()
    assert profile.is_women_federation_chair and profile.notes == ""


def test_a_director_profile_edit_from_the_latest_version_is_saved(client, station_user, director_b):
    profile = DirectorProfile.objects.create(user=director_b, is_women_committee_member=True)
    client.force_login(station_user)

    response = _edit_profile(client, director_b, profile.version, notes="我的备注")

    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.notes == "我的备注" and profile.version == 2


def test_a_profile_first_recorded_by_a_colleague_meanwhile_is_not_overwritten(client, station_user, director_b):
    client.force_login(station_user)
    page = client.get(reverse("registry:director_profile", args=[director_b.pk])).content.decode()
    assert 'name="seen_version"' in page  # no profile yet: no version seen
    DirectorProfile.objects.create(user=director_b, is_women_federation_chair=True)  # a colleague saves first

    response = _edit_profile(client, director_b, "", notes="我的备注")

    assert response.status_code == 200 and "已被他人修改" in response.content.decode()
    assert DirectorProfile.objects.get(user=director_b).is_women_federation_chair
