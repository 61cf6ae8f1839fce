"""Finding a child by name as staff type it: a surname alone finds that surname and its homophones, never a name whose
pinyin merely contains the letters (李 li is not 刘 liu); the names written with what was typed come first; full-width
letters and blanks typed with the input method in full-width mode find the child as plain ones do."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from audit.models import AccessLog
from cases.models import Child
from cases.models.children import pinyin_key
from hotline.selectors import match_children
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db

OTHER_SOUNDS = ["刘洋", "林芳", "梁伟", "吕芳"]  # liu, lin, liang, lv: their pinyin contains the letters "li"


def _register(client, **params) -> list[str]:
    return [child.name for child in client.get(reverse("cases:child_list"), params).context["page"]]


@pytest.fixture
def village_of_li(village_a):
    for name in OTHER_SOUNDS:
        ChildFactory(village=village_a, name=name)
    return {name: ChildFactory(village=village_a, name=name) for name in ("李强", "黎明")}


def test_a_surname_alone_finds_that_surname_first_then_its_homophones_never_other_sounds(client, station_user,
                                                                                       village_of_li):
    client.force_login(station_user)
    assert _register(client, q="李") == ["李强", "黎明"]


def test_the_operator_is_offered_the_surname_typed_however_many_other_sounds_the_village_holds(village_a,
                                                                                             village_of_li):
    for n in range(12):
        ChildFactory(village=village_a, name=f"刘{'一二三四五六七八九十百千'[n]}")
    found = [match["name"] for match in match_children(name="李")]
    assert found[:2] == ["李强", "黎明"] and not any(name.startswith("刘") for name in found)


@pytest.mark.parametrize("typed", [
    "ｚｘｍ", "ｚｈａｎｇｘｉａｏｍｉｎｇ", "张　小明", "张 小明", "ＺＨＡＮＧ　ＸＩＡＯＭＩＮＧ"])
def test_full_width_letters_and_blanks_typed_find_the_child(client, station_user, village_a, typed):
    child = ChildFactory(village=village_a, name="张小明")
    ChildFactory(village=village_a, name="李华")
    client.force_login(station_user)
    assert _register(client, q=typed) == ["张小明"]
    assert [match["id"] for match in match_children(name=typed)] == [child.pk]


def test_the_migration_gives_every_stored_key_its_syllables_and_leaves_a_blanked_one(village_a):
    migration = importlib.import_module("cases.migrations.0034_child_name_syllables")
    li = ChildFactory(village=village_a, name="李强")
    Child.objects.filter(pk=li.pk).update(name_pinyin="liqiang lq")  # as stored before
    anonymised = ChildFactory(village=village_a, name="已匿名")
    Child.objects.filter(pk=anonymised.pk).update(name_pinyin="")
    migration.add_syllables(apps, None)
    assert dict(Child.objects.values_list("name", "name_pinyin")) == {"李强": pinyin_key("李强"), "已匿名": ""}
    assert " li qiang " in pinyin_key("李强")


def test_a_file_number_typed_into_the_name_box_opens_that_file(client, director_a, child_a):
    client.force_login(director_a)
    response = client.get(reverse("cases:child_list"), {"q": str(child_a.pk)})
    assert response.status_code == 302 and response["Location"] == reverse("cases:child_detail", args=[child_a.pk])


def test_another_villages_file_number_opens_nothing_and_says_so(client, director_a, child_b):
    client.force_login(director_a)
    page = client.get(reverse("cases:child_list"), {"q": str(child_b.pk)}, follow=True).content.decode()
    assert f"您的范围内没有档案号为 {child_b.pk} 的儿童。" in page and child_b.name not in page


def test_an_id_number_typed_into_the_name_box_is_not_searched_nor_carried_into_links(client, station_user, child_a,
                                                                                    village_a):
    client.force_login(station_user)
    response = client.get(reverse("cases:child_list"), {"q": child_a.id_number, "village": village_a.pk},
                          follow=True)
    body = response.content.decode()
    assert response.redirect_chain == [(f"{reverse('cases:child_list')}?village={village_a.pk}", 302)]
    assert "按身份证号码查找" in body and child_a.id_number not in body
    assert not AccessLog.objects.filter(action=AccessLog.Action.SEARCH).exists()
