"""The permission matrix: every page and API operation × every role, with the expected
answer (tests/permission_matrix.py), on one shared scene (tests/permission_scene.py).

- The URLs are read from the URL configuration (every include and language prefix) and
  the operations from the API's OpenAPI schema, so a new page or operation without an
  entry in the table fails :func:`test_every_endpoint_has_an_entry`.
- Each cell is one request as that role (``force_login``; unsafe requests carry a CSRF
  token through a client that enforces CSRF). Its answer is classed (``ok``, ``go`` for a
  redirect inside the site, ``login``, ``403``, ``404``, ``bad``) and compared with the
  table. A 5xx fails every cell.
- A refused unsafe request changes nothing: the row counts of every table of ours and of
  the audit log are the same before and after.
- Known security findings are listed in ``KNOWN_FINDINGS`` with the correct expectation;
  those cells are strict xfails, so fixing one forces its entry out of the list.

``KORPU_MATRIX_PROBE=/path.json`` writes every cell's actual answer there instead of
comparing (to review a new endpoint's row).
"""

import json
import os
import re
from functools import cache

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests import permission_matrix as matrix
from tests import permission_scene

ROLES = permission_scene.ROLES
SIGN_IN_PATHS = ("/accounts/login/", "/admin/login/")
PROBE = os.environ.get("KORPU_MATRIX_PROBE")
# The admin's own sign-in and sign-out pages answer everyone.
ADMIN_SIGN_IN = {"admin:login", "admin:logout"}


# --- the endpoints ----------------------------------------------------------
def _walk(resolver, prefix="", namespaces=()):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespaces + ((pattern.namespace,) if pattern.namespace else ())
            yield from _walk(pattern, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), ":".join((*namespaces, pattern.name or "?"))


def _params(route: str) -> tuple[str, ...]:
    return tuple(re.findall(r"<(?:\w+:)?(\w+)>", route))


@cache
def pages() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Every named page of the site (not the API's operations): key → (name, params).

    The key is the URL's name, with its parameters when one name has several routes."""
    found: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for route, name in _walk(get_resolver()):
        if route.startswith("api/v1/") and name not in matrix.API_PAGES:
            continue  # the operations are enumerated from the OpenAPI schema
        found.setdefault(name, [])
        if _params(route) not in [params for _, params in found[name]]:
            found[name].append((route, _params(route)))
    result = {}
    for name, routes in found.items():
        for _route, params in routes:
            key = name if len(routes) == 1 else f"{name}[{','.join(params)}]"
            result[key] = (name, params)
    return result


@cache
def operations() -> dict[str, tuple[str, str]]:
    """Every operation of the API: operationId → (method, path template)."""
    from korpu.api import api

    schema = api.get_openapi_schema()
    return {
        operation["operationId"]: (method.upper(), path)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    }


def is_admin(key: str) -> bool:
    return key.startswith("admin:")


# --- the scene ----------------------------------------------------------
@pytest.fixture(scope="module")
def scene(django_db_setup, django_db_blocker):
    """One scene for the module, in a transaction rolled back at its end; each test runs
    in a savepoint of it, so a request that writes is undone before the next."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield permission_scene.build()
        transaction.set_rollback(True)


def _value(scene, path: str):
    if path.startswith("="):
        return path[1:]
    value = scene
    for part in path.split("."):
        value = value[part] if isinstance(value, dict) else getattr(value, part)
    return value


def page_url(scene, key: str) -> str:
    name, params = pages()[key]
    kwargs = {param: _value(scene, matrix.page_param(key, param)) for param in params}
    return reverse(name, kwargs=kwargs)


def operation_url(scene, operation_id: str) -> str:
    method, path = operations()[operation_id]
    return re.sub(
        r"\{(\w+)\}",
        lambda m: str(_value(scene, matrix.api_param(operation_id, path, m.group(1)))),
        path,
    )


# --- one request ----------------------------------------------------------
def client_for(scene, role: str) -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=True)
    csrf = _get_new_csrf_string()
    client.cookies["csrftoken"] = csrf
    if role != "visitor":
        client.force_login(getattr(scene, role))
    return client, csrf


def classify(response) -> str:
    status = response.status_code
    if status >= 500:
        return f"error {status}"
    if 200 <= status < 300:
        return "ok"
    if status in (301, 302, 303, 307, 308):
        location = response.get("Location", "")
        if any(path in location for path in SIGN_IN_PATHS):
            return "login"
        return "go"
    if status == 401:
        return "login"
    if status == 403:
        return "403"
    if status == 404:
        return "404"
    return "bad"


@cache
def _counted_tables() -> tuple[str, ...]:
    ours = [
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model.__module__.startswith(("korpu.", "allauth."))
        or model._meta.app_label in ("account", "mfa")
    ]
    return tuple(sorted(set(ours)))


def row_counts() -> tuple[int, ...]:
    """The number of rows of every table of ours (audit log and outbox included), in one
    query."""
    quote = connection.ops.quote_name
    columns = ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in _counted_tables())
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}")
        return tuple(cursor.fetchone())


def ask(scene, role: str, method: str, url: str):
    client, csrf = client_for(scene, role)
    headers = {"HTTP_X_CSRFTOKEN": csrf}
    if method == "GET":
        return client.get(url)
    if url.startswith("/api/"):
        return client.generic(method, url, data="{}", content_type="application/json", **headers)
    return client.post(url, {"csrfmiddlewaretoken": csrf}, **headers)


# --- the cells ----------------------------------------------------------
def page_cells():
    for key in sorted(pages()):
        if is_admin(key):
            continue
        for method in ("GET", "POST"):
            if method == "POST" and matrix.post_row(key) is None:
                continue
            for role in ROLES:
                yield pytest.param(
                    key,
                    method,
                    role,
                    id=f"{key}-{method}-{role}",
                    marks=_marks(("page", key, method, role)),
                )


def operation_cells():
    for operation_id in sorted(operations()):
        method, _path = operations()[operation_id]
        for role in ROLES:
            yield pytest.param(
                operation_id,
                method,
                role,
                id=f"{operation_id}-{role}",
                marks=_marks(("api", operation_id, method, role)),
            )


def _marks(cell):
    if cell in matrix.KNOWN_FINDINGS:
        return [pytest.mark.xfail(strict=True, reason=matrix.KNOWN_FINDINGS[cell])]
    return []


def _probe(kind, key, method, role, got):
    with open(PROBE, "a") as out:
        out.write(json.dumps([kind, key, method, role, got]) + "\n")


def _check(scene, kind, key, method, role, url, expected):
    before = row_counts() if method != "GET" and expected in matrix.REFUSALS else None
    response = ask(scene, role, method, url)
    got = classify(response)
    if PROBE:
        _probe(kind, key, method, role, got)
        return
    assert response.status_code < 500, f"{method} {url} as {role}: {response.status_code}"
    assert got == expected, (
        f"{method} {url} as {role}: expected {expected}, got {got} ({response.status_code} "
        f"{response.get('Location', '')})"
    )
    if before is not None:
        assert row_counts() == before, f"{method} {url} as {role} was refused but wrote data"


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "method", "role"), list(page_cells()))
def test_page(scene, key, method, role):
    row = matrix.get_row(key) if method == "GET" else matrix.post_row(key)
    expected = row[ROLES.index(role)]
    _check(scene, "page", key, method, role, page_url(scene, key), expected)


@pytest.mark.django_db
@pytest.mark.parametrize(("operation_id", "method", "role"), list(operation_cells()))
def test_operation(scene, operation_id, method, role):
    expected = matrix.api_row(operation_id)[ROLES.index(role)]
    _check(scene, "api", operation_id, method, role, operation_url(scene, operation_id), expected)


@pytest.mark.django_db
def test_admin_is_for_staff_only(scene):
    """Every page of the admin: people without staff status are sent to the admin's sign-in
    (and refused writes); staff get no 5xx. Object pages open the first row of the model."""
    checked = 0
    for key in sorted(pages()):
        if not is_admin(key):
            continue
        url = matrix.admin_url(scene, key, pages()[key])
        if url is None:
            continue
        for role in ("visitor", "company_member", "agency_admin", "staff"):
            response = ask(scene, role, "GET", url)
            got = classify(response)
            if PROBE:
                _probe("admin", key, "GET", role, got)
                continue
            assert response.status_code < 500, f"GET {url} as {role}: {response.status_code}"
            if role != "staff" and key not in ADMIN_SIGN_IN:
                assert got == "login", f"GET {url} as {role}: {got}"
        checked += 1
    assert checked > 50


def test_every_endpoint_has_an_entry():
    """A page or operation added without a row in tests/permission_matrix.py fails here;
    a row whose endpoint is gone too."""
    page_keys = {key for key in pages() if not is_admin(key)}
    missing_pages = sorted(page_keys - set(matrix.PAGES))
    missing_operations = sorted(set(operations()) - set(matrix.API))
    stale = sorted((set(matrix.PAGES) - page_keys) | (set(matrix.API) - set(operations())))
    assert (missing_pages, missing_operations, stale) == ([], [], [])


def test_every_row_names_every_role():
    for key, (get, post) in matrix.PAGES.items():
        for row in (get, post):
            if row is not None:
                assert len(row.split()) == len(ROLES), key
                assert set(row.split()) <= matrix.CLASSES, key
    for key, row in matrix.API.items():
        assert len(row.split()) == len(ROLES), key
        assert set(row.split()) <= matrix.CLASSES, key


def test_known_findings_name_real_cells():
    for kind, key, method, role in matrix.KNOWN_FINDINGS:
        assert role in ROLES
        if kind == "page":
            row = matrix.get_row(key) if method == "GET" else matrix.post_row(key)
            assert row is not None, key
        else:
            assert operations()[key][0] == method, key
