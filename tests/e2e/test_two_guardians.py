"""A left-behind child often has two guardians (a parent working away, a grandparent at home): the station enters
both on the registration form, with 添加监护人, in one save."""

import pytest

from cases.models import Child

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_station_registers_a_child_with_two_guardians_in_one_save(open_session):
    session = open_session()
    session.login("station")
    session.goto("/children/new/")
    page = session.page
    page.fill("#id_name", "两位监护人的儿童")
    page.select_option("#id_sex", "F")
    page.fill("#id_birth_date", "2016-04-01")
    page.select_option("#id_village", index=1)
    page.select_option("#id_guardians-0-relation", "mother")
    page.fill("#id_guardians-0-name", "在外务工的母亲")
    page.fill("#id_guardians-0-phone", "13912340001")
    page.click("[data-add-form=guardians]")
    page.select_option("#id_guardians-1-relation", "grandparent")
    page.fill("#id_guardians-1-name", "在家照看的祖母")
    session.shot("two-guardians")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").last.click()
    child = Child.objects.get(name="两位监护人的儿童")
    assert page.url.endswith(f"/children/{child.pk}/"), page.url
    assert sorted(child.guardians.values_list("name", flat=True)) == ["在外务工的母亲", "在家照看的祖母"]
