"""The sweep: every URL of the project, as every role and anonymously, against the rules in url_rules.py."""

import pytest
from django.test import override_settings

from .sweep import ROLES, build_url, check_get, check_post, missing_rules, rule, walk_urls
from .url_rules import A_READERS, RULES

LEAKY_URLCONF = "tests.security.leaky_urls"


def _sweep(role, clients, objects, secrets, *, method: str) -> list[str]:
    problems = []
    for url in walk_urls():
        url_rule = RULES.get(url.name)
        if url_rule is None:
            continue  # reported by test_every_url_has_a_rule
        path = build_url(url, url_rule, objects)
        if method == "GET":
            problems += check_get(role, clients[role], path, url_rule, secrets)
        elif role not in url_rule.allowed:
            problems += check_post(role, clients[role], path, url_rule, secrets)
    return problems


def test_every_url_has_a_rule():
    problems = missing_rules(walk_urls(), RULES)
    assert problems == [], "\n".join(problems)


def test_rules_table_lists_only_existing_urls():
    names = {url.name for url in walk_urls()}
    assert sorted(set(RULES) - names) == []


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_each_role_as_the_rules_say(role, role_clients, sweep_objects, sweep_secrets):
    problems = _sweep(role, role_clients, sweep_objects, sweep_secrets, method="GET")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("role", ROLES)
def test_every_url_refuses_a_post_from_a_role_not_allowed(role, role_clients, sweep_objects, sweep_secrets):
    """Anonymous included: no URL accepts a POST from someone signed out (apart from the public ones)."""
    problems = _sweep(role, role_clients, sweep_objects, sweep_secrets, method="POST")
    assert problems == [], "\n".join(problems)


def _village_b_counterparts(objects):
    """(url, rule) for every URL whose parameters all have a village B counterpart (child_a → child_b …)."""
    for url in walk_urls():
        url_rule = RULES.get(url.name)
        keys = [url_rule.params.get(name) for name in url.kwargs] if url_rule else []
        named = [key for key in keys if isinstance(key, str)]
        if not named or not all(key.endswith("_a") and key[:-2] + "_b" in objects for key in named):
            continue
        mirrored = {name: (key[:-2] + "_b" if isinstance(key, str) else key) for name, key in url_rule.params.items()}
        yield url, rule((), post_only=url_rule.post_only, **mirrored)


def test_director_a_is_refused_every_village_b_object(role_clients, sweep_objects, sweep_secrets):
    client, problems, checked = role_clients["director_a"], [], []
    for url, refused_rule in _village_b_counterparts(sweep_objects):
        path = build_url(url, refused_rule, sweep_objects)
        checked.append(url.name)
        problems += check_get("director_a", client, path, refused_rule, sweep_secrets)
        problems += check_post("director_a", client, path, refused_rule, sweep_secrets)
    assert "cases:child_detail" in checked and "visits:detail" in checked
    assert problems == [], "\n".join(problems)


# --- the sweep catches what it should ------------------------------------------------------------------------------

@override_settings(ROOT_URLCONF=LEAKY_URLCONF)
def test_sweep_fails_on_a_new_url_without_a_rule():
    problems = [problem for problem in missing_rules(walk_urls(), RULES) if "leaky" in problem]
    assert problems == [
        "leaky_child (leaky/<int:pk>/) has no entry in tests/security/url_rules.py RULES: add one saying which "
        "roles may open it"
    ]


@override_settings(ROOT_URLCONF=LEAKY_URLCONF)
def test_sweep_fails_on_an_unguarded_view(role_clients, sweep_objects, sweep_secrets):
    url = next(url for url in walk_urls() if url.name == "leaky_child")
    leaky_rule = rule(A_READERS, pk="child_a", logs_child_a=True)  # what its author meant: A's readers, logged
    path = build_url(url, leaky_rule, sweep_objects)

    found = {role: check_get(role, role_clients[role], path, leaky_rule, sweep_secrets) for role in ROLES}

    for role in ["director_a", "station_user", "leader"]:
        assert found[role] == [f"{role} GET {path}: showed village A's child but wrote no access-log row naming it"]
    for role in ["anonymous", "director_b", "hotline_user", "police_user", "school_user", "admin_account"]:
        assert f"{role} GET {path}: not allowed by the rules but got 200 (expected 403/404/login)" in found[role]
        assert f"{role} GET {path}: the response contains the name of village A's child (甲村儿童)" in found[role]
    post = check_post("anonymous", role_clients["anonymous"], path, leaky_rule, sweep_secrets)
    assert f"anonymous POST {path}: not allowed by the rules but got 200" in post


def test_sweep_reports_an_allowed_role_that_is_refused(role_clients, sweep_objects, sweep_secrets):
    url = next(url for url in walk_urls() if url.name == "cases:child_detail")
    wrong_rule = rule(A_READERS | {"director_b"}, pk="child_a")  # a rule promising director_b too much
    path = build_url(url, wrong_rule, sweep_objects)
    assert check_get("director_b", role_clients["director_b"], path, wrong_rule, sweep_secrets) == [
        f"director_b GET {path}: allowed by the rules but got 404 "
    ]
