"""The register's name search and the station's review of possible duplicates find the same files on SQLite and
PostgreSQL; on PostgreSQL the indexes made for them exist after migrate and answer the very SQL the pages run."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AccessLog
from cases.models import Child
from cases.models.children import pinyin_key
from hotline.selectors import match_children
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the indexes exist on PostgreSQL only")

BORN = dt.date(2015, 3, 1)


def _child(name, village, born=BORN, **extra):
    return ChildFactory(name=name, village=village, birth_date=born, id_number="", **extra)


@pytest.fixture
def names(village_a, village_b):
    in_a = ("吕阳铭", "王小明", "汪晓明", "小王", "Anna", "阿依古丽·买买提")
    children = {name: _child(name, village_a) for name in in_a}
    children["旅扬名"] = _child("旅扬名", village_b)
    return children


def _register(client, query) -> set[str]:
    return {child.name for child in client.get(reverse("cases:child_list"), {"q": query}).context["page"]}


@pytest.mark.parametrize(("query", "found"), [
    ("吕阳铭", {"吕阳铭", "旅扬名"}),  # and its homophone, by pinyin
    ("阳铭", {"吕阳铭", "旅扬名"}),  # a part of the name, and its sound
    ("王", {"王小明", "小王", "汪晓明"}),  # one character, anywhere in the name, and its sound
    ("明", {"吕阳铭", "王小明", "汪晓明", "旅扬名"}),
    ("lvyangming", {"吕阳铭", "旅扬名"}),
    ("LYM", {"吕阳铭", "旅扬名"}),  # initials, in capitals
    ("xiaoming", {"王小明", "汪晓明"}),
    ("wang", {"王小明", "汪晓明", "小王"}),
    ("anna", {"Anna"}),
    ("买买提", {"阿依古丽·买买提"}),
    ("maimaiti", {"阿依古丽·买买提"}),
    ("李", {"阿依古丽·买买提"}),  # li, as in 古丽
    ("赵", set()),
])
def test_register_search_by_name_and_pinyin(client, station_user, names, query, found):
    client.force_login(station_user)
    assert _register(client, query) == found


def test_possible_duplicates_leave_out_merged_files(client, station_user, village_a, village_b):
    trio = [_child("王小明", village) for village in (village_a, village_b, village_a)]
    pair = [_child("吕阳铭", village) for village in (village_a, village_b)]
    _child("吕阳铭", village_a, born=BORN.replace(day=2))  # another birth date: another child
    Child.objects.filter(pk=trio[2].pk).update(merged_into=trio[0], status=Child.Status.CLOSED)
    Child.objects.filter(pk=pair[1].pk).update(merged_into=pair[0], status=Child.Status.CLOSED)
    client.force_login(station_user)
    groups = client.get(reverse("cases:possible_duplicates")).context["groups"]
    assert [(group["name"], group["files"], [child for child, _masked in files]) for group, files in groups] == [
        ("王小明", 2, trio[:2]),
    ]


@postgresql_only
def test_the_indexes_exist_after_migrate():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone()
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes "
                       "WHERE tablename IN ('cases_child', 'audit_accesslog')")
        indexes = dict(cursor.fetchall())
    assert "child_name_birth_idx" not in indexes  # replaced by child_dup_idx
    assert indexes["child_dup_idx"].endswith(
        "USING btree (name, birth_date) INCLUDE (id) WHERE (merged_into_id IS NULL)")
    assert indexes["child_name_upper_trgm_idx"].endswith("USING gin (upper((name)::text) gin_trgm_ops)")
    assert indexes["child_name_trgm_idx"].endswith("USING gin (name gin_trgm_ops)")
    assert indexes["child_pinyin_trgm_idx"].endswith("USING gin (name_pinyin gin_trgm_ops)")
    assert indexes["accesslog_object_ids_idx"].endswith("USING gin (object_ids jsonb_path_ops)")


def _plans(queries, marker: str, *, off=("seqscan",)) -> list[str]:
    """The plans of the captured queries whose SQL contains `marker`, as PostgreSQL would run them without the plans
    `off` (a sequential scan first of all, which a table of a few thousand rows often prefers): an index that does not
    match the SQL Django writes shows up as unused."""
    plans = []
    with connection.cursor() as cursor:
        for plan in off:
            cursor.execute(f"SET LOCAL enable_{plan} = off")  # the test's transaction only
        for query in queries:
            if marker in query["sql"]:
                cursor.execute("EXPLAIN " + query["sql"])
                plans.append("\n".join(row[0] for row in cursor.fetchall()))
        for plan in off:
            cursor.execute(f"SET LOCAL enable_{plan} = on")
    assert plans, marker
    return plans


def _crowd(village, count: int) -> None:
    """`count` more children with two- and three-character names, and fresh statistics: on a table of a handful of
    rows any index, read whole, is as cheap as the right one."""
    chars = ("赵钱孙李周吴郑冯陈褚卫蒋沈韩杨朱秦尤许何施张孔曹严华金魏陶姜"
             "戚谢邹喻柏水窦章云苏潘葛奚范彭郎鲁韦昌马苗凤花方")
    names = [chars[n % 50] + chars[(n * 7) % 50] + (chars[(n * 13) % 50] if n % 3 else "") for n in range(count)]
    Child.objects.bulk_create(
        Child(name=name, name_pinyin=pinyin_key(name), sex=Child.Sex.FEMALE, birth_date=BORN, village=village)
        for name in names
    )
    with connection.cursor() as cursor:
        for index in ("child_name_upper_trgm_idx", "child_name_trgm_idx", "child_pinyin_trgm_idx"):
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])  # as (auto)vacuum would
        cursor.execute("ANALYZE cases_child")


@postgresql_only
def test_the_pages_queries_use_the_indexes(client, station_user, names, director_a, village_b):
    _crowd(village_b, 3000)
    client.force_login(station_user)
    with CaptureQueriesContext(connection) as register:
        client.get(reverse("cases:child_list"), {"q": "吕阳铭"})
    [count] = [plan for plan in _plans(register.captured_queries, "LIKE") if "Aggregate" in plan]  # the paginator's
    assert "child_name_upper_trgm_idx" in count and "child_pinyin_trgm_idx" in count
    with CaptureQueriesContext(connection) as match:
        match_children(name="吕阳铭")
    [plan] = _plans(match.captured_queries, "LIKE")
    assert "child_name_trgm_idx" in plan and "child_pinyin_trgm_idx" in plan, plan
    with CaptureQueriesContext(connection) as duplicates:
        client.get(reverse("cases:possible_duplicates"))
    # the count and the page of groups: the groups read in order from the index (the bench, with 100,000 children,
    # reads them from the index alone; a test table has no visibility map to allow it, and small groups hash fine)
    for plan in _plans(duplicates.captured_queries, "GROUP BY", off=("seqscan", "hashagg", "sort")):
        assert "using child_dup_idx" in plan, plan
    AccessLog.objects.create(user=director_a, username="director_a", action="view", object_type="child",
                             object_ids=[names["吕阳铭"].pk])
    with CaptureQueriesContext(connection) as log:
        client.get(reverse("audit:access_log"), {"object_type": "child", "object_id": names["吕阳铭"].pk})
    for plan in _plans(log.captured_queries, "@>"):
        assert "accesslog_object_ids_idx" in plan, plan
