"""Issue 10 item 14: when a JSON sample is expected, the expected-response check fails — with
the reason — on an HTTP 200 whose body is not JSON, is empty, or is ``null``. Over real HTTP,
against the hostile server (tests/hostile.py)."""

from __future__ import annotations

import pytest

from connector_lab import Action, Client, Connector, check_response

SAMPLE = {"data": [{"id": 1, "name": "a"}], "total": 1}


def run_route(hostile, route: str, expected=SAMPLE):
    action = Action(id="probe", name="Probe", path=route, expected_response=expected)
    connector = Connector(
        display_name="Hostile", host=hostile.host_port, protocol="http", actions=[action]
    )
    with Client(connector) as client:
        return client.run("probe")


@pytest.mark.parametrize(
    ("route", "reason"),
    [
        ("/invalid-json", "the body could not be read as JSON: "),
        ("/html", "the body could not be read as JSON: "),
        ("/empty", "the body is empty"),
        ("/null", "expected an object like the sample, got null"),
    ],
)
def test_a_200_that_is_not_the_expected_json_fails_with_the_reason(hostile, route, reason):
    result = run_route(hostile, route)
    assert result.status == 200
    report = result.check()
    assert not report.ok
    assert report.problem.startswith(reason)
    assert report.summary().splitlines()[:2] == [
        "✗ does not match the expected response (HTTP 200)",
        f"  {report.problem}",
    ]


def test_the_reason_says_what_came_back(hostile):
    html = run_route(hostile, "/html").check().problem
    assert "text/html" in html and "Login" in html
    invalid = run_route(hostile, "/invalid-json").check().problem
    assert "application/json" in invalid and "{not json" in invalid


def test_null_is_named_against_the_kind_of_sample(hostile):
    assert run_route(hostile, "/null", [{"id": 1}]).check().problem == (
        "expected an array like the sample, got null"
    )
    assert run_route(hostile, "/null", "text").check().problem == (
        "expected a string like the sample, got null"
    )


def test_check_response_on_a_null_body_and_on_a_good_one():
    assert not check_response(SAMPLE, None).ok
    assert check_response(SAMPLE, None).problem == "expected an object like the sample, got null"
    good = check_response(SAMPLE, {"data": [{"id": 2, "name": "b"}], "total": 1})
    assert good.ok and good.problem is None
    assert str(good) == "✓ matches the expected response (HTTP 200)"
