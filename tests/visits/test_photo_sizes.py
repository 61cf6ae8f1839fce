"""A visit's photos as a phone gets them: the pages show smaller JPEGs (thumb on the correction form, view on the visit
page) made on first request and served only to those who may see the child, never stored by the browser; the link
keeps the original; a file that is not an image shows a placeholder; deleting a photo deletes its smaller versions."""

import io
import os
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from easy_thumbnails.models import Source, Thumbnail
from PIL import Image

from audit.models import AccessLog
from audit.retention import anonymise_children
from visits.models import VisitPhoto

from .factories import HomeVisitFactory, visit_form_data

pytestmark = pytest.mark.django_db

SIZES = {"thumb": 320, "view": 1280}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def _image(name="kitchen.jpg", size=(2000, 1500), fmt="JPEG", mode="RGB", **save) -> SimpleUploadedFile:
    """A camera-like picture: a gradient with detail, so that it does not compress to nothing."""
    image = Image.linear_gradient("L").resize(size).convert(mode)
    image.paste(Image.effect_noise((size[0] // 2, size[1] // 2), 40).convert(mode), (size[0] // 4, size[1] // 4))
    out = io.BytesIO()
    image.save(out, format=fmt, **save)
    return SimpleUploadedFile(name, out.getvalue(), content_type=f"image/{fmt.lower()}")


def _photo(child, upload=None) -> VisitPhoto:
    return VisitPhoto.objects.create(visit=HomeVisitFactory(child=child), image=upload or _image())


def _sized(photo, size) -> str:
    return reverse("visits:photo_sized", args=[photo.pk, size])


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _files(media) -> list[str]:
    return sorted(os.path.relpath(os.path.join(root, name), media)
                  for root, _dirs, names in os.walk(media) for name in names)


def test_pages_show_the_small_sizes_and_link_the_original(client, director_a, child_a):
    client.force_login(director_a)
    client.post(reverse("visits:new", args=[child_a.pk]), {**visit_form_data(), "photos": [_image()]})
    photo = VisitPhoto.objects.get()
    for page, size in (("visits:detail", "view"), ("visits:edit", "thumb")):
        html = client.get(reverse(page, args=[photo.visit_id])).content.decode()
        assert re.findall(r'<a href="([^"]+)"><img[^>]*src="([^"]+)"', html) == [
            (reverse("visits:photo", args=[photo.pk]), _sized(photo, size))]


@pytest.mark.parametrize("size", SIZES)
def test_each_size_is_a_small_jpeg_kept_from_its_first_request_and_not_stored_by_the_browser(
        client, director_a, child_a, media, size):
    photo = _photo(child_a)
    client.force_login(director_a)
    first = client.get(_sized(photo, size))
    assert first.status_code == 200 and first["Content-Type"] == "image/jpeg" and "no-store" in first["Cache-Control"]
    image = Image.open(io.BytesIO(_body(first)))
    assert image.format == "JPEG" and max(image.size) == min(SIZES[size], 2000) and image.size[0] > image.size[1]
    assert len(_body(first)) < photo.image.size / 3
    made = [name for name in _files(media) if name != photo.image.name]
    assert len(made) == 1 and os.path.dirname(made[0]) == os.path.dirname(photo.image.name)  # private media only
    stamp = os.stat(media / made[0]).st_mtime_ns
    second = client.get(_sized(photo, size))
    assert _body(second) == _body(first) and os.stat(media / made[0]).st_mtime_ns == stamp  # not made again
    assert Thumbnail.objects.count() == 1
    assert AccessLog.objects.filter(detail=f"photo {photo.pk} of visit {photo.visit_id}",
                                    object_ids=[child_a.pk]).count() == 2


def test_the_original_is_still_served_whole(client, director_a, child_a):
    photo = _photo(child_a)
    client.force_login(director_a)
    client.get(_sized(photo, "view"))
    response = client.get(reverse("visits:photo", args=[photo.pk]))
    assert _body(response) == photo.image.open("rb").read() and "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("size", ["huge", "original", "THUMB", "320x320"])
def test_an_unknown_size_is_not_found(client, director_a, child_a, media, size):
    photo = _photo(child_a)
    client.force_login(director_a)
    assert client.get(_sized(photo, size)).status_code == 404
    assert _files(media) == [photo.image.name]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("who", ["director_b", "hotline_user", "police_user", "school_user"])
def test_a_size_is_refused_to_whoever_may_not_see_the_child(client, child_a, media, request, who, size):
    photo = _photo(child_a)
    client.force_login(request.getfixturevalue(who))
    response = client.get(_sized(photo, size))
    assert response.status_code in (403, 404) and b"JFIF" not in _body(response)
    assert _files(media) == [photo.image.name]  # nothing made for them either


def test_a_size_is_refused_when_signed_out(client, child_a):
    photo = _photo(child_a)
    response = client.get(_sized(photo, "thumb"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("body", [b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40, b"not an image at all", b""])
def test_a_file_that_is_not_an_image_shows_a_placeholder_and_keeps_its_original(client, director_a, child_a, body):
    photo = _photo(child_a, SimpleUploadedFile("broken.jpg", body, content_type="image/jpeg"))
    client.force_login(director_a)
    for size in SIZES:
        response = client.get(_sized(photo, size))
        assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
        assert b"<svg" in response.content and len(response.content) < 2000
        assert "no-store" in response["Cache-Control"]
    assert _body(client.get(reverse("visits:photo", args=[photo.pk]))) == body


def test_an_iphone_heic_photo_is_shown_as_a_jpeg(client, director_a, child_a):
    photo = _photo(child_a, _image("IMG_0002.heic", size=(1600, 1200), fmt="HEIF"))
    client.force_login(director_a)
    response = client.get(_sized(photo, "thumb"))
    assert response["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(response.content)).format == "JPEG"


def test_a_transparent_png_is_shown_as_a_jpeg(client, director_a, child_a):
    photo = _photo(child_a, _image("scan.png", size=(800, 600), fmt="PNG", mode="RGBA"))
    client.force_login(director_a)
    response = client.get(_sized(photo, "thumb"))
    assert response["Content-Type"] == "image/jpeg" and Image.open(io.BytesIO(response.content)).size == (320, 240)


def test_a_photo_taken_upright_is_shown_upright(client, director_a, child_a):
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: the camera was turned; the pixels lie on their side
    photo = _photo(child_a, _image(size=(2000, 1500), exif=exif.tobytes()))
    client.force_login(director_a)
    assert Image.open(io.BytesIO(client.get(_sized(photo, "thumb")).content)).size == (240, 320)


def _correction(visit, **extra):
    return {**visit_form_data(visited_on=visit.visited_on.isoformat()), "version": visit.version, **extra}


def test_a_correction_removing_a_photo_deletes_its_smaller_versions(client, director_a, child_a, media):
    visit = HomeVisitFactory(child=child_a, recorded_by=director_a)
    kept, wrong = (VisitPhoto.objects.create(visit=visit, image=_image(name)) for name in ("a.jpg", "b.jpg"))
    client.force_login(director_a)
    for photo in (kept, wrong):
        for size in SIZES:
            client.get(_sized(photo, size))
    assert len(_files(media)) == 6
    response = client.post(reverse("visits:edit", args=[visit.pk]), _correction(visit, remove_photos=[wrong.pk]))
    assert response.status_code == 302
    files = _files(media)
    # the removed original stays (named in the photos' history) until the retention; its smaller versions go now
    assert wrong.image.name in files and not [name for name in files if name.startswith(wrong.image.name + ".")]
    assert len([name for name in files if name.startswith(kept.image.name + ".")]) == 2
    assert not Source.objects.filter(name=wrong.image.name).exists()
    assert Thumbnail.objects.filter(source__name=kept.image.name).count() == 2


def test_the_retention_deletes_the_smaller_versions_too(client, director_a, child_a, child_b, media):
    visit = HomeVisitFactory(child=child_a, recorded_by=director_a)
    photo, removed = (VisitPhoto.objects.create(visit=visit, image=_image(name)) for name in ("a.jpg", "b.jpg"))
    other = _photo(child_b)
    client.force_login(director_a)
    for each in (photo, removed):
        client.get(_sized(each, "thumb"))
    client.post(reverse("visits:edit", args=[visit.pk]), _correction(visit, remove_photos=[removed.pk]))
    client.get(_sized(photo, "view"))
    assert len(_files(media)) == 5
    anonymise_children(children=[child_a])
    assert _files(media) == [other.image.name]
    assert not Source.objects.exists() and not Thumbnail.objects.exists()


def test_photos_and_workbooks_reach_a_phone_as_stored_not_compressed_again(client, director_a, child_a):
    """A photo (or an Excel file, a zip) is compressed already: gzipping it again costs the server's CPU, and a
    streamed original would lose its length (the phone's download shows no progress)."""
    photo = _photo(child_a)
    client.force_login(director_a)
    gzip_ok = {"accept-encoding": "gzip, deflate"}
    original = client.get(reverse("visits:photo", args=[photo.pk]), headers=gzip_ok)
    assert original.status_code == 200 and not original.has_header("Content-Encoding")
    assert int(original["Content-Length"]) == photo.image.size == len(_body(original))
    for response in (client.get(_sized(photo, "view"), headers=gzip_ok),
                     client.get(reverse("cases:child_export"), headers=gzip_ok)):
        assert response.status_code == 200 and not response.has_header("Content-Encoding"), response["Content-Type"]
