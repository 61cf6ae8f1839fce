"""The station prints a child's file: on paper the buttons are gone, a confidentiality line names who printed it,
the printing is logged, and the file lays out on A4 pages."""

import re
import time

import pytest

from audit.models import AccessLog
from cases.models import Child

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

A4_POINTS = (595, 842)  # 210 × 297 mm


def test_station_prints_a_childs_file_on_a4(open_session):
    child = Child.objects.get(name="示例儿童乙")
    session = open_session()
    page = session.page
    session.login("station")
    session.goto(f"/children/{child.pk}/")
    print_button = page.get_by_role("button", name="打印档案")
    assert print_button.is_visible()
    note = page.locator("[data-print-note]")
    assert not note.is_visible()  # the confidentiality line is for paper only

    page.emulate_media(media="print")
    session.shot("child-file-print")
    assert not print_button.is_visible() and not page.get_by_role("link", name="编辑").is_visible()
    assert not page.locator("#lang").is_visible() and not page.locator("#mainnav").is_visible()
    assert note.is_visible()
    assert "严格保密" in note.inner_text() and "示例·工作站" in note.inner_text()
    assert page.get_by_role("heading", name="个案时间线").is_visible()

    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")  # as the browser does when printing starts
    for _ in range(50):
        printed = AccessLog.objects.filter(action=AccessLog.Action.PRINT, user__username="station")
        if printed.exists():
            break
        time.sleep(0.1)
    assert list(printed.values_list("object_ids", flat=True)) == [[child.pk]]

    pdf = page.pdf(prefer_css_page_size=True)
    sizes = {tuple(round(float(v)) for v in box.split()[2:4])
             for box in re.findall(rb"/MediaBox\s*\[\s*([\d.\s]+)\]", pdf) for box in [box.decode()]}
    assert sizes == {A4_POINTS}


def test_the_timeline_shows_one_kind_at_a_time_and_prints_whole(open_session):
    child = Child.objects.get(name="示例儿童甲")  # a file with visits, an assessment, calls and more
    session = open_session()
    page = session.page
    session.login("station")
    session.goto(f"/children/{child.pk}/")
    items = page.locator("#timeline li[data-kind]")
    total = items.count()
    visits = page.locator("#timeline li[data-kind=visit]").count()
    assert 0 < visits < total

    page.locator("[data-timeline-filter] button[data-show=visit]").click()
    session.shot("timeline-visits-only")
    shown = [items.nth(i).get_attribute("data-kind") for i in range(total) if items.nth(i).is_visible()]
    assert shown == ["visit"] * visits
    assert page.locator("[data-timeline-filter] button[data-show=visit]").get_attribute("aria-pressed") == "true"

    page.emulate_media(media="print")
    assert all(items.nth(i).is_visible() for i in range(total))  # paper has the whole file
    page.emulate_media(media="screen")
    page.locator("[data-timeline-filter] button[data-show='']").click()
    assert all(items.nth(i).is_visible() for i in range(total))
