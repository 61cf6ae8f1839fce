"""What a browser sends when a page's form is submitted untouched (HTML's form-submission rules, the parts edit pages
use): `form_as_sent(html)` → {name: [values]} for the page's own POST form (the one without an action: it posts back
to the page), ready for the test client.

- disabled controls (or inside a disabled fieldset) and the contents of <template> are not sent;
- checkboxes and radios only when checked ("on" without a value attribute);
- a select sends its selected options; a single select with none selected sends its first option;
- a textarea sends its text (the newline right after <textarea> is not part of it), with CRLF line breaks;
- an <input> whose value the browser cannot hold is sent empty: type=date not YYYY-MM-DD, type=time not HH:MM[:SS],
  type=datetime-local not YYYY-MM-DDTHH:MM[:SS], type=number not a number.
"""

import datetime as dt
import re

import lxml.html

NOT_SENT = {"submit", "button", "reset", "image", "file"}
SHAPES = {
    "date": re.compile(r"\d{4,}-\d\d-\d\d"),
    "time": re.compile(r"\d\d:\d\d(:\d\d(\.\d{1,3})?)?"),
    "datetime-local": re.compile(r"\d{4,}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d{1,3})?)?"),
    "number": re.compile(r"-?(\d+(\.\d+)?|\.\d+)([eE][-+]?\d+)?"),
}


def form_as_sent(html: str) -> dict[str, list[str]]:
    forms = [f for f in lxml.html.fromstring(html).forms if f.method.lower() == "post" and not f.get("action")]
    assert len(forms) == 1, f"expected one form posting back to the page, found {len(forms)}"
    sent: dict[str, list[str]] = {}
    for control in _controls(forms[0]):
        for value in _values(control):
            sent.setdefault(control.get("name"), []).append(value)
    return sent


def _controls(form):
    for element in form.iter("input", "select", "textarea"):
        if element.get("name") and not element.get("form") and not _disabled(element) and not _in_template(element):
            yield element
    if form.get("id"):  # controls placed outside the form, tied to it by form="…"
        yield from (el for el in form.getroottree().iter("input", "select", "textarea")
                    if el.get("form") == form.get("id") and el.get("name") and not _disabled(el))


def _in_template(element) -> bool:
    return any(ancestor.tag == "template" for ancestor in element.iterancestors())


def _disabled(element) -> bool:
    if element.get("disabled") is not None:
        return True
    for fieldset in element.iterancestors("fieldset"):
        if fieldset.get("disabled") is not None:
            legend = fieldset.find("legend")
            if legend is None or element not in legend.iterdescendants():
                return True
    return False


def _values(control) -> list[str]:
    if control.tag == "textarea":
        text = control.text or ""
        text = text[1:] if text.startswith("\n") else text
        return [text.replace("\r\n", "\n").replace("\n", "\r\n")]
    if control.tag == "select":
        options = [o for o in control.iter("option") if o.get("disabled") is None]
        chosen = [o for o in options if o.get("selected") is not None]
        if not chosen and control.get("multiple") is None and options:
            chosen = options[:1]
        if control.get("multiple") is None:
            chosen = chosen[-1:]  # several marked selected: a single select keeps the last
        return [o.get("value", o.text_content()) for o in chosen]
    kind = (control.get("type") or "text").lower()
    if kind in NOT_SENT:
        return []
    if kind in ("checkbox", "radio"):
        return [control.get("value", "on")] if control.get("checked") is not None else []
    value = control.get("value", "")
    if kind in ("text", "search", "tel", "url", "email", "password", "hidden"):
        return [value.replace("\r", "").replace("\n", "")] if kind != "hidden" else [value]
    return [value if _browser_keeps(kind, value) else ""]


def _browser_keeps(kind: str, value: str) -> bool:
    shape = SHAPES.get(kind)
    if shape is None:
        return True
    if not shape.fullmatch(value):
        return False
    try:
        if kind == "date":
            dt.date.fromisoformat(value)
        elif kind == "time":
            dt.time.fromisoformat(value)
        elif kind == "datetime-local":
            dt.datetime.fromisoformat(value.replace(" ", "T"))
    except ValueError:
        return False
    return True
