"""A polyphonic surname (曾 zēng/céng, 单 shàn/dān …) is read every way in the pinyin search key, so that the operator
linking a call and the register's 姓名/拼音 search find 曾小明 by "zeng xiaoming", by its initials and by a
same-sounding 增小明, as well as by pypinyin's everyday reading "ceng" (DESIGN.md §5)."""

import importlib
import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from cases.models import Child
from cases.models.children import pinyin_key
from hotline.selectors import match_children
from tests.factories import ChildFactory
from tests.hotline.factories import CallFactory

pytestmark = pytest.mark.django_db

TYPED = ["曾小明", "zeng xiaoming", "zengxiaoming", "ZengXiaoming", "zxm", "增小明", "ceng xiaoming", "cengxiaoming",
         "cxm"]


@pytest.fixture
def zeng(village_a):
    return ChildFactory(village=village_a, name="曾小明")


@pytest.fixture
def li(village_a):
    return ChildFactory(village=village_a, name="李华")


def test_a_polyphonic_surname_is_stored_in_each_reading(zeng):
    assert zeng.name_pinyin == " cengxiaoming cxm zengxiaoming zxm ceng xiao ming zeng xiao ming "
    assert pinyin_key("单小明") == (" danxiaoming dxm shanxiaoming sxm chanxiaoming cxm dan xiao ming shan xiao ming"
                                   " chan xiao ming ")
    assert pinyin_key("翟晓") == " dixiao dx zhaixiao zx di xiao zhai xiao "
    assert pinyin_key("薄一") == " baoyi by boyi bao yi bo yi "  # initials already there are not repeated
    assert pinyin_key("查明") == " chaming cm zhaming zm cha ming zha ming "


@pytest.mark.parametrize(("name", "key"), [
    ("张晓明", " zhangxiaoming zxm zhang xiao ming "),
    ("吕阳铭", " lvyangming lym lv yang ming "),
    ("阿依古丽·买买提", " ayiguli·maimaiti aygl·mmt a yi gu li · mai mai ti "),
    ("Anna", " anna anna "),  # no syllables: the letters as they are
    ("明曾", " mingceng mc ming ceng "),  # 曾 not first: not a surname
])
def test_a_name_without_a_polyphonic_surname_is_stored_in_one_reading(village_a, name, key):
    assert ChildFactory(village=village_a, name=name).name_pinyin == key


@pytest.mark.parametrize("typed", TYPED)
def test_the_operator_finds_a_child_with_a_polyphonic_surname(zeng, li, typed):
    found = [match["id"] for match in match_children(name=typed)]
    assert zeng.pk in found and li.pk not in found


def test_a_homophone_of_the_surname_ranks_as_the_same_sound(zeng, village_a):
    longer = ChildFactory(village=village_a, name="增小明华")  # what was typed is only part of the name
    assert [match["id"] for match in match_children(name="增小明")] == [zeng.pk, longer.pk]
    assert match_children(name="增小明")[0]["score"] == 2


def test_the_operator_links_a_call_found_by_the_surnames_pinyin(client, hotline_user, zeng):
    call = CallFactory(operator=hotline_user, summary="邻居反映孩子无人照看")
    client.force_login(hotline_user)
    body = client.post(reverse("hotline:link", args=[call.pk]), {"name": "zeng xiaoming"}).content.decode()
    assert f'data-match="{zeng.pk}"' in body


@pytest.mark.parametrize("typed", TYPED)
def test_the_register_search_finds_a_child_with_a_polyphonic_surname(client, station_user, zeng, li, typed):
    client.force_login(station_user)
    names = {child.name for child in client.get(reverse("cases:child_list"), {"q": typed}).context["page"]}
    assert names == {"曾小明"}


def test_a_director_searching_by_the_surnames_reading_sees_only_their_own_village(client, director_a, zeng,
                                                                                   village_b):
    ChildFactory(village=village_b, name="曾小明")
    client.force_login(director_a)
    found = list(client.get(reverse("cases:child_list"), {"q": "zengxiaoming"}).context["page"])
    assert found == [zeng]


def test_the_migration_adds_the_readings_to_the_keys_stored_before(zeng, li):
    migration = importlib.import_module("cases.migrations.0030_pinyin_surname_readings")
    Child.objects.filter(pk=zeng.pk).update(name_pinyin="cengxiaoming cxm")  # as stored before
    anonymised = ChildFactory(village=zeng.village, name="曾小红")
    Child.objects.filter(pk=anonymised.pk).update(name_pinyin="")  # a blanked key stays blank
    migration.add_surname_readings(apps, None)
    keys = dict(Child.objects.values_list("name", "name_pinyin"))
    assert keys == {"曾小明": pinyin_key("曾小明"), "李华": pinyin_key("李华"), "曾小红": ""}


@override_settings(DEBUG=True)
def test_the_generated_county_fills_the_key_as_a_saved_child_has_it(db):
    call_command("generate_county", children=60, seed=3, stdout=io.StringIO())
    keys = list(Child.objects.values_list("name", "name_pinyin"))
    assert keys and all(key == pinyin_key(name) for name, key in keys)
