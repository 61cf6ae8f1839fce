"""Retention: closed files of children who turned 18 long ago are listed, then anonymised on confirmation."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from audit.retention import ANONYMISED, adults_due_for_anonymisation
from cases.models import Child, Guardian
from cases.services import find_by_id_number
from tests.factories import ChildFactory, GuardianFactory


def _born_years_ago(years: int, extra_days: int = 10) -> dt.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years, day=1) - dt.timedelta(days=extra_days)


@pytest.fixture
def files(village_a):
    def child(name, years_old, status=Child.Status.CLOSED):
        made = ChildFactory(village=village_a, name=name, birth_date=_born_years_ago(years_old), status=status,
                            address="甲村三组12号")
        GuardianFactory(child=made, name=f"{name}的母亲", phone="13988887777")
        return made

    return {
        "old_closed": child("老结案", 25),
        "recent_adult": child("刚成年", 20),
        "old_open": child("仍在跟进", 25, status=Child.Status.OPEN),
        "minor_closed": child("未成年", 12),
    }


def _run(*args):
    out = StringIO()
    call_command("anonymise_adults", *args, stdout=out)
    return out.getvalue()


def test_lists_only_closed_files_past_the_retention_period(files):
    assert list(adults_due_for_anonymisation(years=5)) == [files["old_closed"]]
    assert set(adults_due_for_anonymisation(years=1)) == {files["old_closed"], files["recent_adult"]}


def test_without_confirm_nothing_changes(files):
    output = _run("--years", "5")
    assert "老结案" in output and "刚成年" not in output and "仍在跟进" not in output
    assert "1 files due" in output
    assert Child.objects.filter(name="老结案").exists()


def test_confirm_anonymises_the_child_guardians_and_history(files):
    child = files["old_closed"]
    id_number = child.id_number
    child.address = "搬到二组"
    child.save()  # a second history row with personal data

    output = _run("--years", "5", "--confirm")
    assert "1 files anonymised" in output

    child.refresh_from_db()
    assert (child.name, child.id_number, child.address) == (ANONYMISED, "", "")
    assert find_by_id_number(id_number) is None
    guardian = Guardian.objects.get(child=child)
    assert (guardian.name, guardian.phone) == (ANONYMISED, "")
    assert set(child.history.values_list("name", "address")) == {(ANONYMISED, "")}
    assert set(Guardian.history.filter(child_id=child.pk).values_list("name", flat=True)) == {ANONYMISED}
    assert child.birth_date and child.village_id  # statistics still add up

    others = Child.objects.exclude(pk=child.pk)
    assert ANONYMISED not in set(others.values_list("name", flat=True))
    assert set(Guardian.objects.exclude(child=child).values_list("phone", flat=True)) == {"13988887777"}
    assert "老结案" not in _run("--years", "5")  # not listed twice


def test_default_years_come_from_settings(files, settings):
    settings.AUDIT_RETENTION_YEARS = 1
    assert "刚成年" in _run()
