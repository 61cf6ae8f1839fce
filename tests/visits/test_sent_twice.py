"""A visit form or a visit correction sent twice (a double tap, a phone resending after its answer was lost) is
stored once and answered as the first sending was; another visit, or someone else's correction meanwhile, is still
told apart."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from visits.models import HomeVisit

from .factories import HomeVisitFactory, visit_form_data

pytestmark = pytest.mark.django_db

DRAFT = {"X-Draft-Fetch": "1"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def test_a_visit_sent_again_from_a_page_whose_key_was_used_up_is_filed_once_and_answered_alike(
        client, director_a, child_a):
    client.force_login(director_a)
    url = reverse("visits:new", args=[child_a.pk])
    data = visit_form_data(submission_key="")  # drafts.js empties the key once the visit is stored
    first = client.post(url, data, headers=DRAFT)
    again = client.post(url, data, headers=DRAFT)
    visit = HomeVisit.objects.get(child=child_a)
    saved_page = reverse("visits:child", args=[child_a.pk]) + f"?saved={visit.pk}"
    assert first.json() == again.json() == {"location": saved_page}


def test_another_visit_sent_without_a_key_is_filed_too(client, director_a, child_a):
    client.force_login(director_a)
    url = reverse("visits:new", args=[child_a.pk])
    client.post(url, visit_form_data(submission_key=""))
    client.post(url, visit_form_data(submission_key="", problems="又发现新的问题"))
    assert HomeVisit.objects.filter(child=child_a).count() == 2


def test_the_same_visit_without_a_key_from_another_director_is_not_taken_for_the_first(
        client, director_a, station_user, child_a):
    url = reverse("visits:new", args=[child_a.pk])
    client.force_login(director_a)
    client.post(url, visit_form_data())
    client.force_login(station_user)
    client.post(url, visit_form_data())
    assert sorted(HomeVisit.objects.values_list("recorded_by", flat=True)) == sorted([director_a.pk, station_user.pk])


def test_a_visit_without_a_key_for_another_villages_child_is_refused_and_nothing_filed(client, director_b, child_a):
    client.force_login(director_b)
    response = client.post(reverse("visits:new", args=[child_a.pk]), visit_form_data())
    assert response.status_code in (403, 404)
    assert not HomeVisit.objects.exists()


def test_a_correction_sent_twice_is_saved_once_and_answered_as_saved(client, director_a, child_a):
    visit = HomeVisitFactory(child=child_a, recorded_by=director_a)
    client.force_login(director_a)
    url = reverse("visits:edit", args=[visit.pk])
    data = visit_form_data(version=visit.version, visited_on=visit.visited_on.isoformat(), problems="更正后的问题")
    first, again = client.post(url, data), client.post(url, data)
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"] == reverse("visits:detail", args=[visit.pk])
    visit.refresh_from_db()
    assert visit.problems == "更正后的问题" and visit.version == data["version"] + 1
    assert visit.history.count() == 2  # filed, corrected once


def test_a_correction_with_photos_sent_twice_adds_them_once(client, director_a, child_a):
    visit = HomeVisitFactory(child=child_a, recorded_by=director_a)
    client.force_login(director_a)
    url = reverse("visits:edit", args=[visit.pk])
    data = visit_form_data(version=visit.version, visited_on=visit.visited_on.isoformat(), problems="补传照片")
    for _ in range(2):
        photo = SimpleUploadedFile("kitchen.jpg", b"\xff\xd8\xff kitchen", content_type="image/jpeg")
        assert client.post(url, {**data, "photos": [photo]}).status_code == 302
    assert visit.photos.count() == 1


def test_someone_elses_correction_meanwhile_is_still_refused(client, director_a, station_user, child_a):
    visit = HomeVisitFactory(child=child_a, recorded_by=director_a)
    url = reverse("visits:edit", args=[visit.pk])
    opened_at = visit.version
    client.force_login(station_user)
    data = visit_form_data(version=opened_at, visited_on=visit.visited_on.isoformat(), problems="工作站的更正")
    assert client.post(url, data).status_code == 302
    client.force_login(director_a)
    response = client.post(url, data)  # the very same input, but another user's save stored it
    assert response.status_code == 200 and "已被他人更正" in response.content.decode()


def test_another_correction_from_a_page_opened_before_ones_own_is_still_refused(client, director_a, child_a):
    visit = HomeVisitFactory(child=child_a, recorded_by=director_a)
    url = reverse("visits:edit", args=[visit.pk])
    client.force_login(director_a)
    base = visit_form_data(version=visit.version, visited_on=visit.visited_on.isoformat())
    assert client.post(url, {**base, "problems": "第一次更正"}).status_code == 302
    response = client.post(url, {**base, "problems": "另一处更正"})
    assert response.status_code == 200 and "已被他人更正" in response.content.decode()
    visit.refresh_from_db()
    assert visit.problems == "第一次更正"


def test_a_correction_of_another_villages_visit_is_refused_and_nothing_changed(client, director_b, child_a):
    visit = HomeVisitFactory(child=child_a, problems="原来的问题")
    client.force_login(director_b)
    data = visit_form_data(version=visit.version, visited_on=visit.visited_on.isoformat(), problems="乙的更正")
    assert client.post(reverse("visits:edit", args=[visit.pk]), data).status_code in (403, 404)
    visit.refresh_from_db()
    assert visit.problems == "原来的问题"


def test_a_correction_that_removed_a_photo_sent_twice_is_answered_as_saved(client, director_a, child_a):
    visit = HomeVisitFactory(child=child_a, recorded_by=director_a)
    kept, wrong = (visit.photos.create(image=SimpleUploadedFile(name, b"\xff\xd8\xff", content_type="image/jpeg"))
                   for name in ("kept.jpg", "wrong.jpg"))
    client.force_login(director_a)
    url = reverse("visits:edit", args=[visit.pk])
    data = {**visit_form_data(version=visit.version, visited_on=visit.visited_on.isoformat(), problems="删错照片"),
            "remove_photos": [wrong.pk]}
    first, again = client.post(url, data), client.post(url, data)
    assert first.status_code == again.status_code == 302
    assert again["Location"] == reverse("visits:detail", args=[visit.pk])
    assert list(visit.photos.all()) == [kept]
    visit.refresh_from_db()
    assert visit.version == data["version"] + 1 and visit.history.count() == 2


def test_a_photo_someone_else_removed_meanwhile_still_refuses_the_stale_correction(
        client, director_a, station_user, child_a):
    visit = HomeVisitFactory(child=child_a, recorded_by=director_a, problems="原来的问题")
    photo = visit.photos.create(image=SimpleUploadedFile("a.jpg", b"\xff\xd8\xff", content_type="image/jpeg"))
    url = reverse("visits:edit", args=[visit.pk])
    data = {**visit_form_data(version=visit.version, visited_on=visit.visited_on.isoformat()),
            "remove_photos": [photo.pk]}
    client.force_login(station_user)
    assert client.post(url, {**data, "problems": "工作站删了照片"}).status_code == 302
    client.force_login(director_a)
    response = client.post(url, {**data, "problems": "主任的更正"})
    assert response.status_code == 200 and "已被他人更正" in response.content.decode()
    assert "主任的更正" in response.content.decode()  # the input is kept
    visit.refresh_from_db()
    assert visit.problems == "工作站删了照片"
