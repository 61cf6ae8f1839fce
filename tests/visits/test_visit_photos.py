"""A home visit's photos (现场照片): several per visit, served only to those who may see the child, each viewing
logged; bad photos refused in Chinese with nothing stored; corrections add and remove them, kept in the history."""

import os
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AccessLog
from visits.models import HomeVisit, VisitPhoto

from .factories import HomeVisitFactory, visit_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def _jpeg(name="visit.jpg", body=b"\xff\xd8\xff fake jpeg"):
    return SimpleUploadedFile(name, body, content_type="image/jpeg")


def _stored_files(media) -> list[str]:
    return sorted(name for _root, _dirs, names in os.walk(media) for name in names)


def test_several_photos_are_stored_shown_and_served_only_to_those_who_see_the_child(client, director_a, director_b,
                                                                                     child_a):
    client.force_login(director_a)
    client.post(reverse("visits:new", args=[child_a.pk]),
                {**visit_form_data(), "photos": [_jpeg("kitchen.jpg", b"\xff\xd8 kitchen"), _jpeg("bed.png")]})
    visit = HomeVisit.objects.get()
    first, second = visit.photos.all()
    assert first.added_by == director_a
    page = client.get(reverse("visits:detail", args=[visit.pk])).content.decode()
    assert reverse("visits:photo", args=[first.pk]) in page and reverse("visits:photo", args=[second.pk]) in page
    response = client.get(reverse("visits:photo", args=[first.pk]))
    assert response.status_code == 200 and b"kitchen" in b"".join(response.streaming_content)
    assert AccessLog.objects.filter(detail=f"photo {first.pk} of visit {visit.pk}", object_ids=[child_a.pk]).exists()
    client.force_login(director_b)
    assert client.get(reverse("visits:photo", args=[first.pk])).status_code == 404


def test_a_photo_of_another_type_is_refused_and_nothing_is_stored(client, director_a, child_a, media):
    client.force_login(director_a)
    response = client.post(reverse("visits:new", args=[child_a.pk]), {
        **visit_form_data(problems="屋顶漏雨"), "photos": [_jpeg(), SimpleUploadedFile("visit.exe", b"MZ")]})
    body = response.content.decode()
    assert response.status_code == 200 and "“exe”是不被允许" in body and "屋顶漏雨" in body
    assert not HomeVisit.objects.exists() and _stored_files(media) == []


def test_a_photo_too_big_is_named_and_refused(client, director_a, child_a, settings, media):
    settings.VISIT_PHOTO_MAX_BYTES = 10
    client.force_login(director_a)
    response = client.post(reverse("visits:new", args=[child_a.pk]),
                           {**visit_form_data(), "photos": [_jpeg("big.jpg", b"x" * 11)]})
    assert "照片太大" in response.content.decode() and "big.jpg" in response.content.decode()
    assert not HomeVisit.objects.exists() and _stored_files(media) == []


def test_more_photos_than_allowed_are_refused_with_nothing_stored(client, director_a, child_a, settings, media):
    settings.VISIT_PHOTOS_MAX = 2
    client.force_login(director_a)
    response = client.post(reverse("visits:new", args=[child_a.pk]),
                           {**visit_form_data(), "photos": [_jpeg("1.jpg"), _jpeg("2.jpg"), _jpeg("3.jpg")]})
    assert "每次家访最多保存 2 张照片" in response.content.decode()
    assert not HomeVisit.objects.exists() and _stored_files(media) == []


def test_a_visit_sent_again_keeps_its_photos_once(client, director_a, child_a):
    client.force_login(director_a)
    data = visit_form_data(submission_key=str(uuid.uuid4()))
    url = reverse("visits:new", args=[child_a.pk])
    client.post(url, {**data, "photos": [_jpeg()]}, headers={"X-Draft-Fetch": "1"})
    client.post(url, {**data, "photos": [_jpeg()]}, headers={"X-Draft-Fetch": "1"})  # its answer was lost
    assert HomeVisit.objects.count() == 1 and VisitPhoto.objects.count() == 1


def _correction(visit, **extra):
    return {**visit_form_data(visited_on=visit.visited_on.isoformat()), "version": visit.version, **extra}


def test_a_correction_adds_and_removes_photos_and_the_history_keeps_who(client, director_a, child_a):
    visit = HomeVisitFactory(child=child_a, recorded_by=director_a)
    kept, wrong = (VisitPhoto.objects.create(visit=visit, image=_jpeg(name)) for name in ("a.jpg", "b.jpg"))
    client.force_login(director_a)
    form = client.get(reverse("visits:edit", args=[visit.pk])).content.decode()
    assert "照片 1" in form and "照片 2" in form and 'name="remove_photos"' in form
    response = client.post(reverse("visits:edit", args=[visit.pk]),
                           _correction(visit, remove_photos=[wrong.pk], photos=[_jpeg("c.jpg")]))
    assert response.status_code == 302
    photos = list(visit.photos.all())
    assert photos[0] == kept and len(photos) == 2 and photos[1].image.name.endswith(".jpg")
    removed = VisitPhoto.history.get(id=wrong.pk, history_type="-")
    assert removed.history_user == director_a and removed.image == wrong.image.name


def test_a_correction_beyond_the_limit_changes_nothing(client, director_a, child_a, settings):
    settings.VISIT_PHOTOS_MAX = 1
    visit = HomeVisitFactory(child=child_a, recorded_by=director_a, problems="原来的问题")
    VisitPhoto.objects.create(visit=visit, image=_jpeg())
    client.force_login(director_a)
    response = client.post(reverse("visits:edit", args=[visit.pk]),
                           _correction(visit, problems="改过的问题", photos=[_jpeg("more.jpg")]))
    assert "每次家访最多保存 1 张照片" in response.content.decode()
    visit.refresh_from_db()
    assert visit.problems == "原来的问题" and visit.photos.count() == 1


def test_another_villages_director_cannot_remove_a_photo(client, director_b, child_a):
    visit = HomeVisitFactory(child=child_a)
    photo = VisitPhoto.objects.create(visit=visit, image=_jpeg())
    client.force_login(director_b)
    assert client.post(reverse("visits:edit", args=[visit.pk]),
                       _correction(visit, remove_photos=[photo.pk])).status_code == 404
    assert VisitPhoto.objects.filter(pk=photo.pk).exists()
