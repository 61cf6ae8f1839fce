"""The English translation is complete, compiled, and what an English-speaking user actually sees.

The UI's source language is Simplified Chinese (msgids are Chinese). English pages may still show Chinese *user data*
(village, child and office names, category names kept as data, call summaries): the page checks strip every text value
stored in the database before looking for Chinese characters, so only template and code strings are left to judge.
"""

import ast
import gettext
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from modeltranslation.translator import NotRegistered, translator
from openpyxl import load_workbook

from tests.factories import GuardianFactory
from tests.hotline.factories import CallFactory
from tests.visits.factories import HomeVisitFactory

LOCALE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")  # with CJK punctuation (、：（）)


def po_entries(catalogue: Path = LOCALE / "django.po") -> list[dict]:
    """Entries of the English .po (or of `catalogue`):
    {"flags", "msgctxt"?, "msgid", "msgid_plural"?, "msgstr" or "msgstr[0]"/"msgstr[1]"}."""
    entries = []
    for block in catalogue.read_text(encoding="utf-8").split("\n\n"):
        entry, key = {"flags": ""}, None
        for line in block.strip().splitlines():
            if line.startswith("#,"):
                entry["flags"] = line
            elif line.startswith('"'):
                entry[key] += ast.literal_eval(line)
            elif line and not line.startswith("#"):
                key, value = line.split(" ", 1)
                entry[key] = ast.literal_eval(value)
        if entry.get("msgid"):  # skip the header
            entries.append(entry)
    return entries


def test_po_has_no_untranslated_or_fuzzy_entry():
    entries = po_entries()
    assert len(entries) > 500
    untranslated = [e["msgid"] for e in entries if any(v == "" for k, v in e.items() if k.startswith("msgstr"))]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is absent: apt-get install gettext")
def test_make_messages_keeps_every_translation(tmp_path):
    """`make messages` rebuilds the catalogue from the code with --no-obsolete: a string it does not find (inside an
    f-string, in a file type it does not read) would lose its English translation."""
    base = Path(settings.BASE_DIR)
    line = next(line for line in (base / "Makefile").read_text().splitlines() if "makemessages" in line)
    options = shlex.split(line.split("manage.py", 1)[1])
    tree = tmp_path / "tree"
    shutil.copytree(base, tree, ignore=shutil.ignore_patterns(".venv", "var", ".git", "tests", "__pycache__"))
    subprocess.run([sys.executable, "manage.py", *options], cwd=tree, env={**os.environ, "DEBUG": "1"}, check=True,  # noqa: S603 - our own interpreter and manage.py
                   capture_output=True)
    kept = {entry["msgid"] for entry in po_entries(tree / "locale" / "en" / "LC_MESSAGES" / "django.po")}
    assert sorted({entry["msgid"] for entry in po_entries()} - kept) == []


def test_po_translations_are_english_and_keep_their_placeholders():
    placeholder = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
    for entry in po_entries():
        expected = sorted(placeholder.findall(entry["msgid"]))
        for key, value in entry.items():
            if key.startswith("msgstr"):
                assert sorted(placeholder.findall(value)) == expected, entry["msgid"]
                assert not CJK.search(value), entry["msgid"]


def test_compiled_mo_matches_every_po_entry():
    with open(LOCALE / "django.mo", "rb") as mo:
        catalogue = gettext.GNUTranslations(mo)
    stale = []
    for entry in po_entries():
        if "msgid_plural" in entry:
            got = [catalogue.ngettext(entry["msgid"], entry["msgid_plural"], n) for n in (1, 2)]
            want = [entry["msgstr[0]"], entry["msgstr[1]"]]
        elif "msgctxt" in entry:
            got, want = catalogue.pgettext(entry["msgctxt"], entry["msgid"]), entry["msgstr"]
        else:
            got, want = catalogue.gettext(entry["msgid"]), entry["msgstr"]
        if got != want:
            stale.append(entry["msgid"])
    assert stale == []


class _Texts(HTMLParser):
    """Every visible text node and every human-readable attribute of a page."""

    ATTRIBUTES = {"title", "placeholder", "aria-label", "alt", "value", "hx-confirm", "data-confirm"}

    def __init__(self):
        super().__init__()
        self.texts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        self._hidden += tag in ("script", "style")
        if tag == "input" and (dict(attrs).get("name") or "").endswith("_zh_hans"):
            return  # the Chinese text of reference data, in the field that edits it (e.g. the risk checklist)
        self.texts += [value for name, value in attrs if name in self.ATTRIBUTES and value]

    def handle_endtag(self, tag):
        self._hidden -= tag in ("script", "style")

    def handle_data(self, data):
        if not self._hidden:
            self.texts.append(data)


def _translated_fields(model) -> set[str]:
    """The fields modeltranslation translates on `model`, with their per-language columns."""
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return set()
    return {name for name, columns in options.all_fields.items() for name in [name, *(c.name for c in columns)]}


def _stored_text() -> list[str]:
    """Every Chinese text value in the database (user data), longest first; plus the language's own name."""
    values = {"简体中文"}
    for model in apps.get_models():
        if model._meta.app_label not in ("registry", "cases", "hotline", "visits", "audit"):
            continue
        translated = _translated_fields(model)  # reference data has English names: not user data
        names = [f.name for f in model._meta.concrete_fields
                 if isinstance(f, models.CharField | models.TextField) and not f.choices and f.name not in translated]
        for row in model.objects.values_list(*names) if names else []:
            values.update(v for v in row if isinstance(v, str) and CJK.search(v))
    return sorted(values, key=len, reverse=True)


def chinese_outside_user_data(html: str) -> list[str]:
    parser = _Texts()
    parser.feed(html)
    data = _stored_text()
    leftovers = []
    for text in parser.texts:
        for value in data:
            text = text.replace(value, "")
        if CJK.search(text):
            leftovers.append(text.strip())
    return leftovers


@pytest.fixture
def casework(child_a, child_b, hotline_user):
    """A guardian, a home visit and a hotline call for child_a, so lists and files show rows, not empty states."""
    GuardianFactory(child=child_a)
    return {"child": child_a, "visit": HomeVisitFactory(child=child_a),
            "call": CallFactory(child=child_a, operator=hotline_user)}


def _in_english(client, user):
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})


MAIN_PAGES = ["/", "/children/", "/visits/", "/hotline/", "/dashboard/"]
STATION_PAGES = MAIN_PAGES + [
    "/children/{child}/", "/children/new/", "/children/{child}/edit/", "/children/{child}/assess/",
    "/children/{child}/refer/", "/children/referrals/", "/children/risk-settings/",
    "/visits/child/{child}/", "/visits/child/{child}/new/", "/visits/{visit}/", "/visits/villages/", "/visits/policy/",
    "/hotline/{call}/", "/hotline/new/", "/hotline/stats/", "/hotline/follow-up/",
    "/dashboard/report/", "/org/work/", "/org/facilities/", "/org/sessions/", "/org/tasks/", "/audit/log/",
    # the plan's organisation (offices' duties, leadership seats, the station) and the holidays: stored in both
    # languages, so their Chinese is not user data here (see _stored_text)
    "/org/organisation/", "/org/holidays/",
]


@pytest.mark.parametrize("role", ["director_a", "station_user", "leader"])
@pytest.mark.parametrize("url", MAIN_PAGES)
def test_main_pages_in_english_show_no_chinese_outside_user_data(client, request, casework, role, url):
    user = request.getfixturevalue(role)
    _in_english(client, user)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="en"' in html
    assert chinese_outside_user_data(html) == []


@pytest.mark.parametrize("url", STATION_PAGES)
def test_station_pages_in_english_show_no_chinese_outside_user_data(client, station_user, casework, url):
    _in_english(client, station_user)
    ids = {"child": casework["child"].pk, "visit": casework["visit"].pk, "call": casework["call"].pk}
    response = client.get(url.format(**ids))
    assert response.status_code == 200
    assert chinese_outside_user_data(response.content.decode()) == []


@pytest.mark.parametrize("url", ["/children/new/", "/hotline/new/", "/visits/child/{child}/new/"])
def test_form_errors_in_english_show_no_chinese_outside_user_data(client, station_user, casework, url):
    _in_english(client, station_user)
    response = client.post(url.format(child=casework["child"].pk), {"name": "", "visited_on": "2999-01-01"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "invalid-feedback" in html
    assert chinese_outside_user_data(html) == []


@pytest.mark.parametrize("url", MAIN_PAGES)
def test_the_page_check_sees_untranslated_template_strings(client, station_user, casework, url):
    """The same pages in Chinese must fail the check: stripping user data does not hide template strings."""
    client.force_login(station_user)
    html = client.get(url).content.decode()
    assert 'lang="zh-hans"' in html
    assert chinese_outside_user_data(html) != []


@pytest.mark.parametrize("url", [
    "/children/export.xlsx", "/hotline/export.xlsx", "/visits/ledger.xlsx", "/children/referrals/export.xlsx",
])
def test_excel_column_titles_are_translated(client, station_user, casework, url):
    _in_english(client, station_user)
    response = client.get(url)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = next(row for row in sheet.iter_rows(values_only=True) if any(row))
    titles = [str(cell) for cell in header if cell is not None]
    assert len(titles) > 5
    assert [t for t in titles if CJK.search(t)] == []
