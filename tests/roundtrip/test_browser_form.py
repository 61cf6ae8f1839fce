"""The round-trip sweep's browser (browser.form_as_sent) sends what a browser sends."""

from .browser import form_as_sent

PAGE = """<html><body>
<form method="post" action="/i18n/setlang/"><input name="language" value="en"></form>
<form method="post">
  <input type="hidden" name="version" value="3">
  <input type="date" name="iso" value="2026-11-30"><input type="date" name="local" value="2026/11/30">
  <input type="time" name="minutes" value="14:30"><input type="time" name="dots" value="14.30">
  <input type="number" name="count" value="17"><input type="number" name="comma" value="1,5">
  <input type="datetime-local" name="at" value="2026-11-30T14:30">
  <input type="text" name="masked" value="" placeholder="139****0001"><input name="off" value="x" disabled>
  <fieldset disabled><input name="in_disabled_fieldset" value="x"></fieldset>
  <input type="checkbox" name="ticked" checked><input type="checkbox" name="unticked" value="1">
  <input type="radio" name="pick" value="a"><input type="radio" name="pick" value="b" checked>
  <select name="none_selected"><option value="">---------</option><option value="7">甲</option></select>
  <select name="several" multiple><option value="1" selected>1</option><option value="2">2</option>
    <option value="3" selected>3</option></select>
  <select name="none_of_several" multiple><option value="1">1</option></select>
  <textarea name="notes">
第一行
第二行</textarea>
  <template><input name="empty_form_row" value="x"></template>
  <input type="submit" name="save" value="保存"><input type="file" name="photos">
</form></body></html>"""


def test_a_browser_sends_what_its_inputs_can_hold_and_only_the_chosen_options():
    assert form_as_sent(PAGE) == {
        "version": ["3"], "iso": ["2026-11-30"], "local": [""], "minutes": ["14:30"], "dots": [""], "count": ["17"],
        "comma": [""], "at": ["2026-11-30T14:30"], "masked": [""], "ticked": ["on"], "pick": ["b"],
        "none_selected": [""], "several": ["1", "3"], "notes": ["第一行\r\n第二行"],
    }
