"""The URL sweep: request every URL of the project as every role and check the answer against url_rules.RULES.

`walk_urls` lists the project's named URL patterns (admin/ is skipped: Django's admin guards itself with
is_staff and the ModelAdmins' permissions). `check_get` / `check_post` return a list of problems (strings);
the tests in test_sweep.py assert that list is empty, so one run shows every problem at once.
"""

from dataclasses import dataclass, field
from io import BytesIO
from urllib.parse import unquote, urlsplit

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from audit.models import AccessLog

ROLES = [
    "anonymous", "leader", "station_user", "director_a", "director_b", "hotline_user", "police_user", "school_user",
    "admin_account",
]
SIGNED_IN = frozenset(ROLES) - {"anonymous"}
PUBLIC = frozenset(ROLES)
TOWNSHIP = frozenset({"leader", "station_user"})
SEES_VILLAGE_A = TOWNSHIP | {"director_a"}
SEES_VILLAGE_B = TOWNSHIP | {"director_b"}
SKIPPED_NAMESPACES = {"admin"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Rule:
    """Who may GET a URL (for post_only URLs: who may POST it), how to fill its parameters, who may see
    village A's child on it beyond those who may see village A anyway (e.g. the office a referral went to), and
    who gets full ID/phone numbers from it (only logged exports and the like; everywhere else they are masked)."""

    allowed: frozenset
    params: dict = field(default_factory=dict)  # kwarg → key of the sweep's objects, or Literal(value)
    post_only: bool = False
    also_sees_a: frozenset = frozenset()
    logs_child_a: bool = False  # showing village A's child here must write an access-log row naming it


@dataclass(frozen=True)
class Literal:
    value: str


def rule(allowed, *, post_only=False, also_sees_a=(), logs_child_a=False, **params) -> Rule:
    return Rule(frozenset(allowed), params, post_only, frozenset(also_sees_a), logs_child_a)


@dataclass(frozen=True)
class SweptUrl:
    name: str  # "namespace:name"
    route: str
    kwargs: tuple  # the pattern's parameter names


def walk_urls(urlconf=None) -> list[SweptUrl]:
    found = []

    def walk(patterns, namespace, route):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in SKIPPED_NAMESPACES:
                    continue
                inner = ":".join(filter(None, [namespace, pattern.namespace]))
                walk(pattern.url_patterns, inner, route + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                full_route = route + str(pattern.pattern)
                name = ":".join(filter(None, [namespace, pattern.name])) if pattern.name else f"<unnamed {full_route}>"
                kwargs = tuple(pattern.pattern.regex.groupindex)
                found.append(SweptUrl(name, full_route, kwargs))

    walk(get_resolver(urlconf).url_patterns, "", "")
    return found


def missing_rules(urls: list[SweptUrl], rules: dict) -> list[str]:
    return [
        f"{url.name} ({url.route}) has no entry in tests/security/url_rules.py RULES: add one saying which roles "
        f"may open it" for url in urls if url.name not in rules
    ]


def build_url(url: SweptUrl, rule_: Rule, objects: dict, urlconf=None) -> str:
    kwargs = {}
    for name in url.kwargs:
        source = rule_.params.get(name)
        if source is None:
            raise KeyError(f"{url.name}: rule gives no value for the URL parameter {name!r}")
        kwargs[name] = source.value if isinstance(source, Literal) else objects[source].pk
    return reverse(url.name, kwargs=kwargs, urlconf=urlconf)


def body_text(response) -> str:
    """What a user would see: the page, the file's text, or every cell of an Excel download."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith(XLSX):
        workbook = load_workbook(BytesIO(content), read_only=True)
        return "\n".join(
            str(cell) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)
            for cell in row if cell is not None
        )
    return content.decode("utf-8", errors="replace")


def _is_login_redirect(response) -> bool:
    return response.status_code in (301, 302, 303) and urlsplit(response["Location"]).path == reverse("login")


def _is_site_redirect(response) -> bool:
    location = urlsplit(response.get("Location", ""))
    return response.status_code in (301, 302, 303) and not location.netloc and location.path.startswith("/")


def _refused(response) -> bool:
    return response.status_code in (403, 404, 405) or _is_login_redirect(response)


def forbidden_strings(role: str, rule_: Rule, secrets: dict) -> dict[str, str]:
    """{label: text} that must not appear in what `role` gets from a URL with `rule_`."""
    forbidden = dict(secrets["never"])
    if role not in SEES_VILLAGE_A | rule_.also_sees_a:
        forbidden.update(secrets["village_a"])
    if role not in SEES_VILLAGE_B:
        forbidden.update(secrets["village_b"])
    return forbidden


def _leaks(role, method, url, response, rule_, secrets) -> list[str]:
    text = body_text(response) + "\n" + unquote(response.get("Location", ""))  # no personal data in URLs either
    return [
        f"{role} {method} {url}: the response contains {label}"
        for label, value in forbidden_strings(role, rule_, secrets).items() if value and value in text
    ]


def check_get(role: str, client, url: str, rule_: Rule, secrets: dict) -> list[str]:
    """Problems with what `role` gets from GET `url`."""
    last_log = AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    try:
        response = client.get(url)
    except Exception as exc:  # noqa: BLE001 - a crash is one more problem to report, not the end of the sweep
        return [f"{role} GET {url}: raised {exc!r}"]
    status = response.status_code
    problems = []
    if rule_.logs_child_a and role in rule_.allowed and role in SEES_VILLAGE_A | rule_.also_sees_a:
        logged = AccessLog.objects.filter(pk__gt=last_log, object_type="child").values_list("object_ids", flat=True)
        if not any(secrets["child_a_pk"] in ids for ids in logged):
            problems.append(f"{role} GET {url}: showed village A's child but wrote no access-log row naming it")
    if role in rule_.allowed:
        if rule_.post_only:
            ok = status == 405
        else:
            ok = status == 200 or (_is_site_redirect(response) and not _is_login_redirect(response))
        if not ok:
            problems.append(f"{role} GET {url}: allowed by the rules but got {status} {response.get('Location', '')}")
    elif not _refused(response):
        problems.append(f"{role} GET {url}: not allowed by the rules but got {status} (expected 403/404/login)")
    return problems + _leaks(role, "GET", url, response, rule_, secrets)


def check_post(role: str, client, url: str, rule_: Rule, secrets: dict) -> list[str]:
    """Problems with an empty POST to `url` by a role that may not use it (it must be refused before anything)."""
    try:
        response = client.post(url, {})
    except Exception as exc:  # noqa: BLE001
        return [f"{role} POST {url}: raised {exc!r}"]
    problems = []
    if not _refused(response):
        problems.append(f"{role} POST {url}: not allowed by the rules but got {response.status_code}")
    return problems + _leaks(role, "POST", url, response, rule_, secrets)
