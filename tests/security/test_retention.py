"""Retention: closed files of children who turned 18 long ago are listed, then anonymised on confirmation."""

import datetime as dt
import os
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from audit.retention import ANONYMISED, adults_due_for_anonymisation
from cases.models import CaseNote, Child, Guardian, MandatoryReport, Referral
from cases.services import find_by_id_number
from hotline.models import CallFeedback, HotlineCall
from registry.models import Office
from tests.factories import ChildFactory, GuardianFactory
from tests.hotline.factories import CallFactory
from visits.models import HomeVisit, VisitPhoto


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


@pytest.fixture
def records(files, org, settings, tmp_path):
    """Free text about the old closed child and about a child still followed, with a visit photo each."""
    settings.MEDIA_ROOT = tmp_path
    office = Office.objects.get(code="police")
    made = {}
    for key in ("old_closed", "old_open"):
        child = files[key]
        made[key] = {
            "visit": (visit := HomeVisit.objects.create(
                child=child, visitors="儿童主任", problems=f"{child.name}家中问题", safety="父亲酗酒")),
            "photo": VisitPhoto.objects.create(visit=visit, image=SimpleUploadedFile(
                f"{key}.jpg", b"\xff\xd8\xff\xe0", content_type="image/jpeg")),
            "removed": VisitPhoto.objects.create(visit=visit, image=SimpleUploadedFile(
                f"{key}-removed.jpg", b"\xff\xd8\xff\xe0", content_type="image/jpeg")),
            "note": CaseNote.objects.create(child=child, text=f"{child.name}的备注"),
            "referral": Referral.objects.create(child=child, office=office, reason=f"{child.name}转介事由",
                                                due_date=timezone.localdate()),
            "report": MandatoryReport.objects.create(child=child, reporter_kind="school", summary="摘要",
                                                     reporter_name="报告人", reporter_phone="13700001111"),
            "call": (call := CallFactory(child=child, summary=f"{child.name}来电", caller_phone="13800002222")),
            "feedback": CallFeedback.objects.create(call=call, text=f"{child.name}已由派出所处理"),
        }
    return made


def test_confirm_also_blanks_the_free_text_of_the_childs_records_and_deletes_photos(files, records):
    old, kept = records["old_closed"], records["old_open"]
    old_photo, kept_photo = old["photo"].image.path, kept["photo"].image.path
    removed_photo = old["removed"].image.path
    old["removed"].delete()  # removed by a correction: only the photos' history names it now
    _run("--years", "5", "--confirm")

    visit = HomeVisit.objects.get(pk=old["visit"].pk)
    assert (visit.problems, visit.safety, visit.photos.count()) == ("", "", 0)
    assert set(VisitPhoto.history.filter(visit_id=visit.pk).values_list("image", flat=True)) == {""}
    assert visit.visited_on and visit.kind  # the visit still counts
    assert set(HomeVisit.history.filter(id=visit.pk).values_list("problems", flat=True)) == {""}
    assert CaseNote.objects.get(pk=old["note"].pk).text == ANONYMISED
    assert Referral.objects.get(pk=old["referral"].pk).reason == ANONYMISED
    report = MandatoryReport.objects.get(pk=old["report"].pk)
    assert (report.summary, report.reporter_name, report.reporter_phone) == (ANONYMISED, "", "")
    call = HotlineCall.objects.get(pk=old["call"].pk)
    assert (call.summary, call.caller_phone) == ("", "")
    assert CallFeedback.objects.get(pk=old["feedback"].pk).text == ANONYMISED
    assert CallFeedback.objects.get(pk=kept["feedback"].pk).text == "仍在跟进已由派出所处理"
    assert not os.path.exists(old_photo) and not os.path.exists(removed_photo)

    # the child still followed keeps everything
    assert HomeVisit.objects.get(pk=kept["visit"].pk).problems == "仍在跟进家中问题"
    assert os.path.exists(kept_photo)
    assert HotlineCall.objects.get(pk=kept["call"].pk).caller_phone == "13800002222"
    assert CaseNote.objects.get(pk=kept["note"].pk).text == "仍在跟进的备注"
