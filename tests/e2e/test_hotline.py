"""The hotline operator logs a call without the mouse; the station turns a call's intake into a child's file."""

import pytest

from cases.models import Child
from hotline.models import CallIntake, HotlineCall
from hotline.services import log_call
from registry.models import User, Village

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SUMMARY = "邻居反映示例村A一名儿童长期独自在家，无人照料。"


def _tab_to(page, name: str, value: str | None = None, limit: int = 60) -> None:
    """Press Tab until the focused element is the field `name` (and, for a checkbox, the option `value`)."""
    for _ in range(limit):
        focused = page.evaluate("() => [document.activeElement.name, document.activeElement.value]")
        if focused[0] == name and (value is None or focused[1] == value):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {name}={value}")


def _choose_radio(page, name: str, value: str, limit: int = 12) -> None:
    """In a focused radio group: Space picks the focused option, the arrow keys move the choice."""
    page.keyboard.press("Space")
    for _ in range(limit):
        if page.evaluate("() => document.activeElement.value") == value:
            return
        page.keyboard.press("ArrowRight")
    raise AssertionError(f"no option {value} in {name}")


def test_hotline_operator_logs_a_call_with_the_keyboard_only(open_session):
    session = open_session()
    page = session.page
    session.login("hotline")
    page.goto(session.url("/hotline/new/"))
    session.shot("empty-form")

    assert page.evaluate("() => document.activeElement.name") == "call_type", "the form does not start focused"
    _choose_radio(page, "call_type", HotlineCall.CallType.REPORT)
    _tab_to(page, "caller_relation")
    _choose_radio(page, "caller_relation", HotlineCall.CallerRelation.NEIGHBOUR)
    _tab_to(page, "caller_phone")
    page.keyboard.type("13912345678")
    _tab_to(page, "urgency")
    _choose_radio(page, "urgency", HotlineCall.Urgency.PRESSING)
    neglect_value = page.evaluate(
        "() => [...document.querySelectorAll('input[name=categories]')]"
        ".find(el => el.labels[0].textContent.includes('忽视')).value"
    )
    _tab_to(page, "categories", neglect_value)
    page.keyboard.press("Space")
    _tab_to(page, "summary")
    page.keyboard.type(SUMMARY)
    _tab_to(page, "duration_minutes")
    page.keyboard.type("6")
    session.shot("filled-by-keyboard")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    session.shot("logged")

    call = HotlineCall.objects.get(summary=SUMMARY)
    assert page.url == session.url(f"/hotline/{call.pk}/")
    assert call.operator.username == "hotline"
    assert (call.call_type, call.caller_relation, call.urgency) == ("report", "neighbour", "pressing")
    assert [c.name for c in call.categories.all()] == ["忽视/监护缺失"]
    assert call.follow_up_due is not None
    assert "来电已登记" in page.locator(".alert-success").inner_text()
    assert "13912345678" not in page.content()  # the operator sees the caller's number masked


def test_station_turns_a_call_intake_into_a_child_file(open_session):
    village = Village.objects.get(code="demo-c")
    call = log_call(
        by=User.objects.get(username="hotline"), call_type="help", caller_relation="teacher", urgency="normal",
        summary="老师反映一名学生辍学在家。",
    )

    # The operator looks the child up from the call; nobody matches, so an intake goes to the station.
    operator = open_session()
    operator.login("hotline")
    page = operator.page
    page.goto(operator.url(f"/hotline/{call.pk}/"))
    search = page.locator(f"form[action$='/hotline/{call.pk}/link/']")
    search.locator("[name=name]").fill("示例儿童戊")
    search.locator("[name=birth_year]").fill("2013")
    search.get_by_role("button", name="查找").click()
    page.wait_for_selector("[data-no-match]")
    operator.shot("no-match")
    intake_form = page.locator(f"form[action$='/hotline/{call.pk}/intake/']")
    assert intake_form.locator("[name=name]").input_value() == "示例儿童戊"
    intake_form.locator("[name=village]").select_option(str(village.pk))
    intake_form.get_by_role("button", name="提交建档申请").click()
    page.wait_for_url(f"**/hotline/{call.pk}/")
    operator.shot("intake-opened")
    intake = CallIntake.objects.get(call=call)

    # The station registers the child from its list of intakes.
    station = open_session()
    station.login("station")
    page = station.page
    page.goto(station.url("/hotline/intakes/"))
    station.shot("intakes")
    page.locator(f"tr[data-intake='{intake.pk}']").get_by_role("link", name="处理").click()
    page.wait_for_selector("#id_birth_date")
    assert page.input_value("#id_name") == "示例儿童戊"
    page.select_option("#id_sex", "F")
    page.fill("#id_birth_date", "2013-05-20")
    page.fill("#id_address", "示例村C三组")
    page.fill("#id_lawful_basis", "热线来电反映，依法建档。")
    station.shot("register-form")
    page.get_by_role("button", name="建档并关联来电").click()
    page.wait_for_url(f"**/hotline/{call.pk}/")
    station.shot("registered")

    child = Child.objects.get(name="示例儿童戊")
    assert child.village == village
    intake.refresh_from_db()
    call.refresh_from_db()
    assert intake.status == CallIntake.Status.REGISTERED and intake.child == child
    assert call.child == child
    assert page.locator("[data-linked-child]").inner_text() == "示例儿童戊"

    # The new file opens for the station and shows the call on its timeline.
    page.goto(station.url(f"/children/{child.pk}/"))
    station.shot("child-file")
    assert "示例儿童戊" in page.locator("h1").inner_text()
    assert "老师反映一名学生辍学在家" in page.content()


def test_the_operator_sees_the_earlier_calls_of_a_number_while_typing_it(open_session):
    session = open_session()
    page = session.page
    session.login("hotline")
    page.goto(session.url("/hotline/new/"))
    page.locator("#id_caller_phone").press_sequentially("138 0000 0011")  # the demo neighbour, who called twice
    history = page.locator("#same-number")
    history.wait_for(state="visible")
    session.shot("caller-history")
    assert history.get_attribute("data-count") == "2" and "此号码此前来电 2 次" in history.inner_text()
    assert history.locator("a").count() == 2
    page.locator("#id_caller_phone").fill("13700000000")
    page.locator("#id_caller_phone").press("Tab")  # a number that never called: said so, nothing listed
    page.locator("#same-number-none").wait_for(state="visible")
    assert page.locator("#same-number").count() == 0
