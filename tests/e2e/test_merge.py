"""The station finds a child registered twice and merges the two files, from the review of possible duplicates."""

import datetime as dt

import pytest

from cases.models import Child
from registry.models import Village
from tests.factories import ChildFactory, GuardianFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    from .test_accessibility import WCAG_AA

    return [rule["id"] for rule in Axe().run(page, options=WCAG_AA).response["violations"]]


def test_station_merges_a_child_registered_twice(open_session):
    born = dt.date(2016, 5, 4)
    first = ChildFactory(village=Village.objects.get(name="示例村A"), name="示例·重复儿童", birth_date=born,
                         id_number="")
    second = ChildFactory(village=Village.objects.get(name="示例村A"), name="示例·重复儿童", birth_date=born)
    GuardianFactory(child=second, name="示例·第二份档案的监护人")
    session = open_session()
    page = session.page
    session.login("station")
    page.get_by_role("link", name="疑似重复档案").click()
    group = page.locator("[data-group]", has_text="示例·重复儿童")
    session.shot("duplicates")
    assert "示例儿童庚" in page.inner_text("main")  # the demo's own pair
    assert not _violations(page), "WCAG AA violations on the duplicates review"
    group.get_by_role("link", name=f"并入档案 {first.pk}").click()  # on the second file's row: keep the first
    page.wait_for_selector("#merge-files")
    session.shot("merge-page")
    assert not _violations(page), "WCAG AA violations on the merge page"
    page.fill("#id_reason", "核对户籍，同一儿童重复建档")
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.get_by_role("button", name="确认合并").click()
    session.shot("merged")
    assert page.url == session.url(f"/children/{first.pk}/")
    assert f"已将档案 {second.pk} 合并到本档案" in page.inner_text("main")
    assert "示例·第二份档案的监护人" in page.inner_text("main")
    assert page.locator("[data-kind=status]", has_text="合并档案").count() == 1
    second.refresh_from_db()
    assert second.merged_into_id == first.pk and second.status == Child.Status.CLOSED
