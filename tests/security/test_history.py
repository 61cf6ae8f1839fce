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
