"""The change history shown to the station: who changed which field from what to what."""

from django.template.loader import render_to_string

from audit.selectors import history_for
from tests.factories import GuardianFactory, UserFactory, VillageFactory


def test_history_lists_changed_fields_with_old_and_new_values(child_a, django_assert_max_num_queries):
    editor = UserFactory(username="editor", real_name="田原")
    child_a.address = "一组"
    child_a.save()
    child_a._history_user = editor
    child_a.address = "二组"
    child_a.schooling = child_a.Schooling.DROPPED_OUT
    child_a.village = VillageFactory(code="vz", name="丙村")
    child_a.save()

    with django_assert_max_num_queries(4):
        history = history_for(child_a)

    assert [entry.kind for entry in history] == ["changed", "changed", "created"]
    latest = history[0]
    assert latest.who == editor
    changes = {change.label: (change.old, change.new) for change in latest.changes}
    assert changes["住址"] == ("一组", "二组")
    assert changes["就学状况"] == ("在学", "辍学")
    assert str(changes["所属村(社区)"][1]) == "丙村"
    assert history[1].changes[0].label == "住址" and history[1].changes[0].old == "—"


def test_history_query_count_does_not_grow_with_length(child_a, django_assert_max_num_queries):
    for n in range(30):
        child_a.address = f"{n}组"
        child_a.save()
    with django_assert_max_num_queries(4):
        assert len(history_for(child_a)) == 31
    assert len(history_for(child_a, limit=10)) == 10


def test_history_never_shows_the_encrypted_phone(child_a):
    guardian = GuardianFactory(child=child_a, phone="13900001111")
    guardian.phone = "13900002222"
    guardian.name = "新名字"
    guardian.save()
    html = render_to_string("audit/_history.html", {"history": history_for(guardian)})
    assert "新名字" in html
    assert "13900001111" not in html and "13900002222" not in html


def test_history_where_compares_each_row_with_its_own_previous_version(child_a, django_assert_max_num_queries):
    from audit.selectors import history_where
    from cases.models import Guardian

    first, second = GuardianFactory(child=child_a, name="甲"), GuardianFactory(child=child_a, name="乙")
    first.name = "甲改"
    first.save()
    second.situation = Guardian.Situation.MIGRANT
    second.save()
    with django_assert_max_num_queries(4):
        history = history_where(Guardian, child_id=child_a.pk)
    assert [entry.kind for entry in history] == ["changed", "changed", "created", "created"]
    changes = {entry.record: {c.label: (c.old, c.new) for c in entry.changes} for entry in history[:2]}
    assert changes[f"监护人 #{first.pk}"] == {"姓名": ("甲", "甲改")}
    assert changes[f"监护人 #{second.pk}"] == {"状况": ("在家履职", "外出务工")}


def test_station_history_page_shows_changes_of_the_childs_records(client, station_user, director_a, child_a):
    from django.urls import reverse

    guardian = GuardianFactory(child=child_a, name="原监护人")
    guardian.name = "更正后的监护人"
    guardian.save()
    client.force_login(station_user)
    body = client.get(reverse("cases:child_history", args=[child_a.pk])).content.decode()
    assert "原监护人" in body and "更正后的监护人" in body and f"#{guardian.pk}" in body
    client.force_login(director_a)
    assert client.get(reverse("cases:child_history", args=[child_a.pk])).status_code == 403
