"""Touch targets on a 360 px phone: every control that a village child director, the hotline operator or the station
taps is at least 44 × 44 CSS px (WCAG 2.5.5, Apple's 44 pt and Android's 48 dp guidelines), not the 31 px of
Bootstrap's .btn-sm or the 23 px of a "显示" button. Links inside running text are exempt (WCAG's inline exception);
the desktop layout keeps Bootstrap's compact sizes."""

import pytest

from cases.models import Child

from .conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

MINIMUM = 43.5  # 44 px, less rounding of fractional layouts
CONTROLS = (
    "a.btn, button, .btn, input[type=submit], select, .form-control, .form-select, .page-link, .nav-link, "
    ".dropdown-item, .navbar-toggler"
)
CHILD = "示例儿童甲"  # 示例村A: a guardian's phone, an ID number and a mandatory report's reporter to reveal

# The tap area of each visible control: a checkbox or radio is tapped on itself or on its label (their union).
# Plain links are not collected (inline links in text, table cells and lists are exempt), nor hidden or zero-sized
# elements (visually hidden ones are 1 × 1), nor .btn-check inputs (their label is the .btn that is tapped).
SMALL_TARGETS = """([scope, controls, minimum]) => {
  const root = document.querySelector(scope);
  const boxOf = (el) => {
    if (!el || !el.checkVisibility({visibilityProperty: true, checkVisibilityCSS: true})) return null;
    const box = el.getBoundingClientRect();
    return box.width > 1 && box.height > 1 ? box : null;
  };
  const union = (a, b) => {
    if (!a || !b) return a || b;
    const left = Math.min(a.left, b.left), top = Math.min(a.top, b.top);
    return {width: Math.max(a.right, b.right) - left, height: Math.max(a.bottom, b.bottom) - top};
  };
  const targets = [];
  for (const el of root.querySelectorAll(controls)) {
    if (el.matches(".btn-check, [type=hidden]")) continue;
    targets.push([el, boxOf(el)]);
  }
  for (const input of root.querySelectorAll("input[type=checkbox], input[type=radio]")) {
    if (input.matches(".btn-check")) continue;
    const label = input.closest("label") || (input.id && root.querySelector(`label[for="${CSS.escape(input.id)}"]`));
    targets.push([label || input, union(boxOf(input), boxOf(label))]);
  }
  return targets.filter(([, box]) => box && (box.height < minimum || box.width < minimum)).map(([el, box]) => {
    const text = (el.innerText || el.value || el.getAttribute("aria-label") || "").trim().replace(/\\s+/g, " ");
    return `<${el.tagName.toLowerCase()} class="${el.className}"> "${text.slice(0, 24)}" ` +
      `${Math.round(box.width * 10) / 10}×${Math.round(box.height * 10) / 10}`;
  });
}"""


def _small_targets(session, step: str, scope: str = "body") -> list[str]:
    """The controls in `scope` smaller than 44 × 44 px, described for the assertion message."""
    session.shot(step)
    path = session.page.url.removeprefix(session.base_url)
    return [f"{path}: {target}" for target in session.page.evaluate(SMALL_TARGETS, [scope, CONTROLS, MINIMUM])]


def _open_the_menu(session) -> None:
    """The collapsed navigation bar and its user menu, open: their links are targets too."""
    page = session.page
    page.locator(".navbar-toggler").click()
    page.wait_for_selector("#mainnav.show")
    page.locator("#usermenu").click()
    page.wait_for_selector("#usermenu + .dropdown-menu.show")


def _assert_large(offenders: list[str]) -> None:
    assert not offenders, f"{len(offenders)} tap targets under 44 × 44 px on a 360 px phone:\n" + "\n".join(offenders)


def test_a_child_directors_controls_are_large_enough_to_tap(open_session):
    child = Child.objects.get(name=CHILD)
    session = open_session(PHONE)
    page = session.page
    session.login("director_a")
    offenders = _small_targets(session, "home")
    _open_the_menu(session)
    offenders += _small_targets(session, "home-menu", scope="#mainnav")
    session.goto("/visits/")
    offenders += _small_targets(session, "due-list")
    session.goto(f"/children/{child.pk}/")
    assert page.get_by_role("button", name="显示").count() >= 1, "no reveal button on the child's file"
    offenders += _small_targets(session, "child-file")
    page.get_by_role("link", name="家访记录", exact=True).click()
    page.wait_for_url(f"**/visits/child/{child.pk}/")
    offenders += _small_targets(session, "child-visits")
    session.goto(f"/children/{child.pk}/")
    page.get_by_role("link", name="填写家访记录").click()
    page.wait_for_selector("#visit-form")
    offenders += _small_targets(session, "visit-form")
    _assert_large(offenders)


def test_the_hotline_operators_controls_are_large_enough_to_tap(open_session):
    session = open_session(PHONE)
    page = session.page
    session.login("hotline")
    session.goto("/hotline/")
    offenders = _small_targets(session, "ledger")
    session.goto("/hotline/new/")
    assert page.locator("#call-form input[type=radio]").count() >= 2, "the call form has no options to tap"
    offenders += _small_targets(session, "call-form")
    _assert_large(offenders)


def test_the_stations_reveal_buttons_are_large_enough_to_tap(open_session):
    child = Child.objects.get(name=CHILD)
    session = open_session(PHONE)
    page = session.page
    session.login("station")
    session.goto(f"/children/{child.pk}/")
    assert page.get_by_role("button", name="显示").count() == 3  # ID number, guardian's and reporter's phones
    offenders = _small_targets(session, "child-file")
    session.goto("/children/")
    offenders += _small_targets(session, "register")
    _assert_large(offenders)
    # The larger targets do not push the file wider than the screen.
    session.goto(f"/children/{child.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "the child's file overflows"


def test_the_desktop_keeps_its_compact_buttons(open_session):
    child = Child.objects.get(name=CHILD)
    session = open_session(DESKTOP)
    page = session.page
    session.login("station")
    session.goto(f"/children/{child.pk}/")
    session.shot("child-file-desktop")
    heights = page.locator(".btn-sm:visible").evaluate_all(
        "buttons => buttons.map(button => button.getBoundingClientRect().height)"
    )
    assert heights and max(heights) < 40, f"desktop .btn-sm heights: {heights}"
    reveal = page.get_by_role("button", name="显示").first.bounding_box()
    assert reveal["height"] < 30, f"the desktop's reveal button is {reveal['height']} px tall"
