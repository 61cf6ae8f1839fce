"""A change of a child's categories (儿童类别) or of a call's issue categories (问题类别) shows in the change history:
on the change's own history row, with who made it, the names removed and added in the reader's language."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone, translation

from audit.selectors import history_for
from cases.models import Child, ChildCategory
from cases.services import register_child, update_child
from hotline.models import IssueCategory
from hotline.services import update_call
from tests.cases.form_data import child_edit_data
from tests.factories import GuardianFactory
from tests.hotline.factories import CallFactory

pytestmark = pytest.mark.django_db


def _category(code):
    return ChildCategory.objects.get(code=code)


def _changes(entry):
    return {change.label: (change.old, change.new) for change in entry.changes}


def _edit(child, by, **fields):
    child.refresh_from_db()
    return update_child(by=by, child=child, version=child.version, **fields)


def test_an_edit_adding_a_category_shows_it_on_the_edits_own_history_row(director_a, child_a):
    detained = _category("parent_detained")
    rows = child_a.history.count()

    _edit(child_a, director_a, address="二组", categories=[detained])

    assert child_a.history.count() == rows + 1  # one change, one row: no row of its own for the categories
    latest = history_for(child_a)[0]
    assert (latest.kind, latest.who) == ("changed", director_a)
    assert _changes(latest) == {"住址": ("—", "二组"), "儿童类别": ("—", detained.name)}


def test_a_category_replaced_shows_the_name_removed_and_the_name_added(director_a, child_a):
    orphan, detained, disabled = _category("orphan"), _category("parent_detained"), _category("disabled")
    _edit(child_a, director_a, categories=[orphan, disabled])

    _edit(child_a, director_a, categories=[detained, disabled])

    assert _changes(history_for(child_a)[0]) == {"儿童类别": (orphan.name, detained.name)}


def test_categories_removed_together_are_listed_with_the_list_separator(director_a, child_a):
    orphan, disabled = _category("orphan"), _category("disabled")
    _edit(child_a, director_a, categories=[orphan, disabled])

    _edit(child_a, director_a, categories=[])

    removed, added = _changes(history_for(child_a)[0])["儿童类别"]
    assert set(removed.split("、")) == {orphan.name, disabled.name} and added == "—"


def test_an_edit_leaving_the_categories_as_they_were_shows_no_category_change(director_a, child_a):
    orphan = _category("orphan")
    _edit(child_a, director_a, categories=[orphan])

    _edit(child_a, director_a, address="三组", categories=[orphan])

    assert _changes(history_for(child_a)[0]) == {"住址": ("—", "三组")}


def test_category_names_show_in_the_readers_language(director_a, child_a):
    detained = _category("parent_detained")
    _edit(child_a, director_a, categories=[detained])

    with translation.override("en"):
        changes = _changes(history_for(child_a)[0])
        label = str(Child._meta.get_field("categories").verbose_name)

    assert label != "儿童类别"
    assert changes[label] == ("—", "Child of a parent in prison or compulsory drug rehabilitation")


def test_the_station_history_page_names_the_category_a_director_added(client, director_a, station_user, child_a):
    GuardianFactory(child=child_a)
    detained = _category("parent_detained")
    client.force_login(director_a)
    response = client.post(reverse("cases:child_edit", args=[child_a.pk]),
                           child_edit_data(child_a, categories=[detained.pk]))
    assert response.status_code == 302

    client.force_login(station_user)
    body = client.get(reverse("cases:child_history", args=[child_a.pk])).content.decode()

    latest = history_for(child_a)[0]
    assert latest.who == director_a and _changes(latest)["儿童类别"] == ("—", detained.name)
    assert "儿童类别" in body and detained.name in body


def test_a_registration_with_categories_records_who_set_them(director_a, village_a):
    orphan = _category("orphan")
    child = register_child(by=director_a, categories=[orphan], name="新儿童", sex="F", birth_date=dt.date(2016, 5, 1),
                           village=village_a)

    history = history_for(child)

    assert [(entry.kind, entry.who) for entry in history] == [("changed", director_a), ("created", director_a)]
    assert _changes(history[0]) == {"儿童类别": ("—", orphan.name)}


def test_history_queries_do_not_grow_with_category_changes(director_a, child_a, django_assert_max_num_queries):
    orphan, disabled = _category("orphan"), _category("disabled")
    for n in range(20):
        _edit(child_a, director_a, address=f"{n}组", categories=[orphan] if n % 2 else [orphan, disabled])

    with django_assert_max_num_queries(5):
        history = history_for(child_a)

    assert len(history) == 21
    assert _changes(history[0])["儿童类别"] == (disabled.name, "—")


def test_rows_written_before_categories_were_kept_show_no_category_change_at_the_next_edit(director_a, child_a):
    """cases 0029 gives the earlier history rows the categories as they are: the next edit is not shown as adding
    them all."""
    orphan = _category("orphan")
    child_a.categories.add(orphan)
    snapshots = child_a.history.model.categories.model
    snapshots.objects.all().delete()  # as before cases 0029
    importlib.import_module("cases.migrations.0029_categories_history").fill_earlier_rows(apps, None)

    _edit(child_a, director_a, address="四组", categories=[orphan])

    assert _changes(history_for(child_a)[0]) == {"住址": ("—", "四组")}


def test_a_correction_of_a_calls_issue_categories_shows_on_the_corrections_row(hotline_user):
    neglect, harm = IssueCategory.objects.get(code="neglect"), IssueCategory.objects.get(code="violence_sexual")
    call = CallFactory(operator=hotline_user, categories=[neglect])
    rows = call.history.count()

    update_call(call=call, by=hotline_user, version=call.version, categories=[harm], summary="更正后的摘要")

    assert call.history.count() == rows + 1
    assert _changes(history_for(call)[0]) == {"问题类别": (neglect.name, harm.name),
                                             "来电内容摘要": (call.summary, "更正后的摘要")}


def test_a_calls_history_on_its_page_says_who_changed_its_categories(client, hotline_user, station_user):
    neglect, harm = IssueCategory.objects.get(code="neglect"), IssueCategory.objects.get(code="violence_sexual")
    call = CallFactory(operator=hotline_user, categories=[neglect])
    client.force_login(hotline_user)
    response = client.post(reverse("hotline:edit", args=[call.pk]), {
        "received_at": timezone.localtime(call.received_at).strftime("%Y-%m-%dT%H:%M"), "call_type": call.call_type,
        "caller_relation": call.caller_relation, "caller_phone": call.caller_phone, "urgency": call.urgency,
        "summary": call.summary, "action": "", "office": "", "duration_minutes": "", "version": call.version,
        "categories": [neglect.pk, harm.pk],
    })
    assert response.status_code == 302

    client.force_login(station_user)
    body = client.get(reverse("hotline:detail", args=[call.pk])).content.decode()

    latest = history_for(call)[0]
    assert latest.who == hotline_user and _changes(latest) == {"问题类别": ("—", harm.name)}
    assert "问题类别" in body and harm.name in body
