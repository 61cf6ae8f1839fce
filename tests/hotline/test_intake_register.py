"""The station's file opened from an intake asks what the registration form asks: the responsible director of the
child's village, a confirmation when a child with the same name and birth date is on file, and the guardians."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Child, Guardian
from hotline.models import CallIntake, HotlineCall
from hotline.services import open_intake
from tests.factories import ChildFactory, make_id_number

from .factories import CallFactory

pytestmark = pytest.mark.django_db

BORN = dt.date(2016, 4, 2)
LAWFUL_BASIS = "热线来电反映，依法建档。"
BLANK_ROW = {"relation": "", "name": "", "phone": "", "situation": "present"}  # the empty row as the page posts it
MOTHER = {"relation": "mother", "name": "王母亲", "phone": "13912340000", "situation": "migrant", "is_primary": "on"}


@pytest.fixture
def intake(hotline_user, village_a):
    call = CallFactory(operator=hotline_user, summary="邻居反映王小五无人照看")
    return open_intake(call=call, by=hotline_user, name="王小五", birth_year=2016, village=village_a)


def _register(client, intake, village, guardians=(BLANK_ROW,), **extra):
    data = {
        "name": "王小五", "sex": "M", "birth_date": BORN.isoformat(), "id_number": make_id_number(BORN, 77),
        "village": village.pk, "address": "", "school": "", "grade": "", "schooling": "in_school",
        "lawful_basis": LAWFUL_BASIS,
        "guardians-TOTAL_FORMS": str(len(guardians)), "guardians-INITIAL_FORMS": "0",
        "guardians-MIN_NUM_FORMS": "0", "guardians-MAX_NUM_FORMS": "10",
    }
    for index, row in enumerate(guardians):
        data.update({f"guardians-{index}-{field}": value for field, value in row.items()})
    data.update(extra)
    return client.post(reverse("hotline:intake_register", args=[intake.pk]), data)


def _still_open(intake) -> bool:
    intake.refresh_from_db()
    return intake.status == CallIntake.Status.OPEN and HotlineCall.objects.get(pk=intake.call_id).child is None


def test_station_registers_from_an_intake_with_the_responsible_director_named(
    client, station_user, intake, village_a, director_a
):
    client.force_login(station_user)
    page = client.get(reverse("hotline:intake_register", args=[intake.pk])).content.decode()
    assert 'name="responsible_director"' in page and f'value="{director_a.pk}"' in page

    response = _register(client, intake, village_a, responsible_director=director_a.pk)

    assert response.status_code == 302
    child = Child.objects.get(name="王小五")
    assert child.responsible_director == director_a
    intake.refresh_from_db()
    assert intake.status == CallIntake.Status.REGISTERED and intake.child == child


def test_a_director_of_another_village_is_refused_and_nothing_is_saved(
    client, station_user, intake, village_a, director_b
):
    client.force_login(station_user)

    response = _register(client, intake, village_a, responsible_director=director_b.pk)

    body = response.content.decode()
    assert response.status_code == 200
    assert "负责儿童主任须是该儿童所在村（社区）的儿童主任。" in body
    assert LAWFUL_BASIS in body  # the input is kept
    assert not Child.objects.filter(name="王小五").exists()
    assert _still_open(intake)


def test_same_name_and_birth_date_asks_to_confirm_then_registers(client, station_user, intake, village_a, village_b):
    existing = ChildFactory(name="王小五", birth_date=BORN, village=village_b, id_number="")
    client.force_login(station_user)

    response = _register(client, intake, village_a)

    body = response.content.decode()
    assert response.status_code == 200
    assert "镇内已有 1 名同名且出生日期相同的儿童" in body and f'data-similar="{existing.pk}"' in body
    # The station may link the call to that file instead (the same action as for a duplicate ID number).
    assert reverse("hotline:intake_link_existing", args=[intake.pk]) in body
    assert LAWFUL_BASIS in body
    assert Child.objects.filter(name="王小五").count() == 1
    assert _still_open(intake)

    response = _register(client, intake, village_a, confirm_not_duplicate="on")

    assert response.status_code == 302
    assert Child.objects.filter(name="王小五").count() == 2
    intake.refresh_from_db()
    assert intake.status == CallIntake.Status.REGISTERED and intake.child != existing


def test_station_registers_an_intake_with_its_guardian(client, station_user, intake, village_a):
    client.force_login(station_user)
    page = client.get(reverse("hotline:intake_register", args=[intake.pk])).content.decode()
    assert 'name="guardians-TOTAL_FORMS"' in page and 'name="guardians-0-name"' in page

    response = _register(client, intake, village_a, guardians=[MOTHER])

    assert response.status_code == 302
    child = Child.objects.get(name="王小五")
    guardian = child.guardians.get()
    assert (guardian.relation, guardian.name, guardian.phone) == ("mother", "王母亲", "13912340000")
    assert guardian.situation == "migrant" and guardian.is_primary
    intake.refresh_from_db()
    assert intake.status == CallIntake.Status.REGISTERED and intake.child == child


def test_a_parent_callers_number_is_not_put_into_a_guardian_row(client, station_user, hotline_user, village_a):
    """The call has no caller's name, "家长" is not father or mother, and a parent who phones is not always a guardian:
    the station types the guardians itself."""
    call = CallFactory(operator=hotline_user, caller_relation=HotlineCall.CallerRelation.PARENT,
                       caller_phone="13912345678")
    intake = open_intake(call=call, by=hotline_user, name="王小五", village=village_a)
    client.force_login(station_user)

    page = client.get(reverse("hotline:intake_register", args=[intake.pk])).content.decode()

    assert 'name="guardians-0-phone" value=' not in page and "13912345678" not in page


def test_an_invalid_guardian_phone_is_refused_and_everything_typed_is_kept(client, station_user, intake, village_a):
    client.force_login(station_user)

    response = _register(client, intake, village_a, guardians=[MOTHER | {"phone": "12345"}])

    body = response.content.decode()
    assert response.status_code == 200
    assert "电话号码格式不正确：手机号为 11 位（1 开头），座机如 023-70630963。" in body
    assert 'value="王母亲"' in body and 'value="12345"' in body and LAWFUL_BASIS in body
    assert not Child.objects.filter(name="王小五").exists() and not Guardian.objects.exists()
    assert _still_open(intake)


def test_registering_without_a_guardian_ignores_the_empty_row(client, station_user, intake, village_a):
    client.force_login(station_user)

    response = _register(client, intake, village_a)

    assert response.status_code == 302
    assert not Child.objects.get(name="王小五").guardians.exists()


def test_a_duplicate_id_number_offers_the_existing_file_and_keeps_the_guardian_typed(
    client, station_user, intake, village_a
):
    existing = ChildFactory(name="王五", birth_date=BORN, village=village_a, id_number=make_id_number(BORN, 77))
    client.force_login(station_user)

    response = _register(client, intake, village_a, guardians=[MOTHER])

    body = response.content.decode()
    assert response.status_code == 200
    assert "该身份证号码已有档案" in body and f'data-duplicate="{existing.pk}"' in body
    assert 'value="王母亲"' in body and 'value="13912340000"' in body
    assert not Child.objects.filter(name="王小五").exists() and not Guardian.objects.exists()
    assert _still_open(intake)


def test_a_refused_dismissal_still_shows_the_guardian_rows(client, station_user, intake):
    client.force_login(station_user)

    response = client.post(reverse("hotline:intake_dismiss", args=[intake.pk]), {"reason": ""})

    body = response.content.decode()
    assert response.status_code == 400
    assert 'name="guardians-TOTAL_FORMS"' in body and 'name="guardians-0-name"' in body


@pytest.mark.parametrize("fixture", ["hotline_user", "leader", "director_a", "police_user", "admin_account"])
def test_only_the_station_registers_an_intake_with_guardians(client, request, intake, village_a, fixture):
    client.force_login(request.getfixturevalue(fixture))

    response = _register(client, intake, village_a, guardians=[MOTHER])

    assert response.status_code == 403
    assert not Child.objects.filter(name="王小五").exists() and not Guardian.objects.exists()
    assert _still_open(intake)


def test_the_id_number_is_one_line_as_on_the_child_form(client, station_user, intake):
    client.force_login(station_user)
    body = client.get(reverse("hotline:intake_register", args=[intake.pk])).content.decode()
    field = body.split('name="id_number"')[0].rsplit("<", 1)[1] + body.split('name="id_number"')[1].split(">")[0]
    assert field.startswith("input") and 'maxlength="24"' in field  # 18 and the blanks of a number typed in groups


def test_the_intake_page_asks_the_registration_forms_disability_guardianship_and_registration_date(
    client, station_user, intake
):
    client.force_login(station_user)

    page = client.get(reverse("hotline:intake_register", args=[intake.pk])).content.decode()

    assert 'name="disability"' in page and 'name="entrusted_guardianship_confirmed"' in page
    assert 'name="registered_on"' in page and f'value="{timezone.localdate().isoformat()}"' in page  # today


def test_a_registration_from_an_intake_stores_disability_guardianship_and_an_earlier_registration_date(
    client, station_user, intake, village_a
):
    first_visit = timezone.localdate() - dt.timedelta(days=10)
    client.force_login(station_user)

    response = _register(client, intake, village_a, disability="听力残疾", entrusted_guardianship_confirmed="on",
                         registered_on=first_visit.isoformat())

    assert response.status_code == 302
    child = Child.objects.get(name="王小五")
    assert (child.disability, child.entrusted_guardianship_confirmed, child.registered_on) == (
        "听力残疾", True, first_visit)


def test_a_registration_from_an_intake_with_the_date_left_blank_is_registered_today(
    client, station_user, intake, village_a
):
    client.force_login(station_user)

    response = _register(client, intake, village_a, registered_on="")

    assert response.status_code == 302
    assert Child.objects.get(name="王小五").registered_on == timezone.localdate()


@pytest.mark.parametrize(("registered_on", "message"), [
    (lambda: timezone.localdate() + dt.timedelta(days=1), "建档日期不能晚于今天。"),
    (lambda: BORN - dt.timedelta(days=1), "建档日期不能早于出生日期。"),
])
def test_a_registration_date_after_today_or_before_birth_is_refused_and_the_input_kept(
    client, station_user, intake, village_a, registered_on, message
):
    day = registered_on().isoformat()
    client.force_login(station_user)

    response = _register(client, intake, village_a, disability="听力残疾", registered_on=day)

    body = response.content.decode()
    assert response.status_code == 200 and message in body
    assert f'value="{day}"' in body and 'value="听力残疾"' in body and LAWFUL_BASIS in body
    assert not Child.objects.filter(name="王小五").exists()
    assert _still_open(intake)


def test_the_operator_is_told_when_the_station_opens_the_file(client, station_user, hotline_user, intake, village_a):
    client.force_login(station_user)
    _register(client, intake, village_a, guardians=(MOTHER,))
    [told] = hotline_user.notifications.all()
    assert told.title == "建档申请已处理：已建档" and f"来电 #{intake.call_id}" in told.body
    assert "王小五" not in told.body  # e-mail leaves the portal: no name
    client.force_login(hotline_user)
    assert client.get(told.url).status_code == 200


def test_the_operator_is_told_when_the_station_opens_no_file_and_reads_why_on_the_call(client, station_user,
                                                                                     hotline_user, intake):
    client.force_login(station_user)
    client.post(reverse("hotline:intake_dismiss", args=[intake.pk]), {"reason": "经核实已在外镇建档"})
    [told] = hotline_user.notifications.all()
    assert told.title == "建档申请已处理：不予建档" and "经核实已在外镇建档" not in told.body
    client.force_login(hotline_user)
    assert "经核实已在外镇建档" in client.get(told.url).content.decode()


def test_the_file_opened_from_an_intake_starts_with_why_the_call_asked_for_it(client, station_user, hotline_user,
                                                                              village_a):
    call = CallFactory(operator=hotline_user)
    asked = open_intake(call=call, by=hotline_user, name="李小六", village=village_a, details="父母外出，常一人在家")
    client.force_login(station_user)
    page = client.get(reverse("hotline:intake_register", args=[asked.pk])).content.decode()
    assert f"热线来电 #{call.pk} 反映：父母外出，常一人在家" in page
