"""The matrix's own parts: a URL it cannot fill stops it loudly, and answers are classified as documented."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse

from tests.authz.matrix import (
    ALLOW,
    DENY,
    ERROR,
    NA,
    REFUSED,
    Route,
    RowCounts,
    Unfillable,
    classify,
    object_kwargs,
    read_expected,
    routes,
    url_for,
    write_expected,
)

NO_SCENE: Any = None  # the tables refuse before any object is looked up


def test_a_route_with_a_kwarg_nobody_listed_stops_the_matrix():
    new = Route("things/<int:thing_pk>/", "things:detail", ("thing_pk",), ("GET",))
    with pytest.raises(Unfillable, match="thing_pk"):
        url_for(new, NO_SCENE, None, "own")


def test_a_new_route_with_a_pk_stops_the_matrix_until_its_object_is_named():
    new = Route("things/<int:pk>/", "things:detail", ("pk",), ("GET",))
    with pytest.raises(Unfillable, match="PK_OF"):
        url_for(new, NO_SCENE, None, "own")


def test_an_admin_route_of_an_unknown_model_stops_the_matrix():
    new = Route("admin/things/thing/<path:object_id>/change/", "admin:things_thing_change", ("object_id",), ("GET",))
    with pytest.raises(Unfillable, match="admin"):
        object_kwargs(new)


def test_the_walk_finds_pages_api_routes_and_the_admin():
    found = {route.display for route in routes()}
    assert {"households/<pk>/", "api/v1/households/<pk>/", "admin/places/room/<object_id>/change/"} <= found


@pytest.mark.parametrize(
    ("response", "verdict"),
    [
        (HttpResponse(status=200), ALLOW),
        (HttpResponseRedirect("/households/5/"), ALLOW),
        (HttpResponse(status=400), REFUSED),
        (HttpResponse(status=403), DENY),
        (HttpResponse(status=404), DENY),
        (HttpResponse(status=401), DENY),
        (HttpResponse(status=405), NA),
        (HttpResponse(status=500), ERROR),
    ],
)
def test_answers_are_classified_by_status(response, verdict):
    assert classify(response) == verdict


@pytest.mark.parametrize("gate", ["login", "admin:login", "admin:index"])
def test_a_redirect_to_a_sign_in_page_or_the_admins_unknown_id_answer_is_a_deny(gate):
    assert classify(HttpResponseRedirect(reverse(gate) + "?next=/households/5/")) == DENY


def test_the_expected_table_reads_back_what_was_written(tmp_path):
    table = {
        ("households/<pk>/", "GET", "engineer"): {"own": DENY, "other": DENY, "mixed": "-"},
        ("households/<pk>/", "GET", "archivist"): {"own": ALLOW, "other": DENY, "mixed": "-"},
    }
    path = tmp_path / "expected.csv"
    write_expected(table, path)
    assert read_expected(path) == table
    # one line per route x method x subject, subjects in the matrix's order
    lines = [line for line in path.read_text().splitlines() if not line.startswith("#")]
    assert lines[1:] == ["households/<pk>/,GET,archivist,ALLOW,DENY,-", "households/<pk>/,GET,engineer,DENY,DENY,-"]


def test_the_rules_catch_an_other_project_allow_a_leak_a_500_and_a_refused_write_that_wrote():
    from tests.authz.run import Answer, Results
    from tests.authz.test_authz_matrix import rule_breaks

    results = Results()
    key = ("households/<pk>/", "POST", "archivist")
    # own: a 500 that showed JM's name; other: JM's household allowed; and a refusal that deleted a row
    results.table[key] = {"own": ERROR, "other": ALLOW, "mixed": "-"}
    results.answers[(key, "own")] = Answer("/households/1/", 500, ERROR, leaked=["金茂大厦"])
    results.answers[(key, "other")] = Answer("/households/2/", 200, ALLOW)
    results.answers[(key, "mixed")] = Answer("/households/1/x/2/", 403, DENY, writes={"households_vehicle": (1, 0)})

    broken = rule_breaks(results)

    assert set(broken) == {
        "another project's object allowed",
        "another project's data in the answer",
        "server error",
        "a refused request changed rows",
    }


@pytest.mark.django_db
def test_the_row_counts_name_the_table_a_write_added_a_row_to_and_no_other():
    from yidang.places.models import Company

    Company.objects.create(name="甲公司")
    counts = RowCounts()
    mark = counts.mark()
    Company.objects.create(name="乙公司")
    assert counts.changed_since(mark) == {"places_company": (1, 2)}


@pytest.mark.django_db
def test_the_row_counts_see_no_change_in_a_write_that_only_edited_a_row():
    from yidang.places.models import Company

    company = Company.objects.create(name="甲公司")
    counts = RowCounts()
    mark = counts.mark()
    Company.objects.filter(pk=company.pk).update(name="乙公司")
    assert counts.changed_since(mark) == {}
