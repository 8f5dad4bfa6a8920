"""Hostile input to the definition (issue 10, items 3, 7, 11, 12, 13): secrets in the wrong
shape, values nested beyond the limit, overlapping body parameters, values JSON cannot carry,
unbounded echoes — and a hypothesis sweep over every model showing that only connector_lab's
own errors ever leave a constructor, ``from_json``, ``model_validate`` or an assignment."""

from __future__ import annotations

import json
import math
import traceback

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connector_lab import (
    SCHEMES,
    Action,
    AuthAccount,
    Connector,
    ConnectorLabError,
    Param,
    ParameterError,
    ResponseField,
    SpecError,
    body_params,
    build_request,
    response_fields,
)
from connector_lab.spec import convert

CANARY = "cnry-spec-secret-91f4"
#: The nesting limit the messages name (connector_lab.spec.limits.NESTING_LIMIT; written out
#: so that each test here fails on its own on a version without the limit).
NESTING_LIMIT = 200


def deep(levels: int, leaf=1):
    """``leaf`` inside ``levels`` lists: ``deep(2) == [[1]]``."""
    value = leaf
    for _ in range(levels):
        value = [value]
    return value


def deep_text(levels: int) -> str:
    return "[" * levels + "1" + "]" * levels


def texts_of(exc: BaseException) -> list[str]:
    """Everything an exception could show: its text, repr, args, problems, notes, the
    formatted traceback — for it and each exception on its chain."""
    out, seen = [], set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        out += [str(exc), repr(exc), *map(repr, exc.args), *getattr(exc, "__notes__", [])]
        out += [repr(p) for p in getattr(exc, "problems", [])]
        out += traceback.format_exception_only(type(exc), exc)
        exc = exc.__cause__ or exc.__context__
    return out


def error_from(make) -> SpecError:
    with pytest.raises(SpecError) as info:
        make()
    return info.value


# -- item 3: a secret in the wrong shape is never echoed ------------------------------------------
WRONG_SHAPES = {
    "text": lambda: AuthAccount(name="t", values=CANARY),
    "list": lambda: AuthAccount(name="t", values=[CANARY]),
    "tuple": lambda: AuthAccount(name="t", values=(CANARY, CANARY)),
    "nested": lambda: AuthAccount(name="t", values={"token": [CANARY]}),
    "number key": lambda: AuthAccount(name="t", values={1: CANARY}),
    "from_json": lambda: AuthAccount.from_json(json.dumps({"name": "t", "values": CANARY})),
    "model_validate_json": lambda: AuthAccount.model_validate_json(
        json.dumps({"name": "t", "values": [CANARY]})
    ),
    "model_validate": lambda: AuthAccount.model_validate({"name": "t", "values": CANARY}),
    "assignment": lambda: setattr(AuthAccount(name="t"), "values", CANARY),
    "copy": lambda: AuthAccount(name="t").model_copy(update={"values": [CANARY]}),
}


@pytest.mark.parametrize("make", WRONG_SHAPES.values(), ids=WRONG_SHAPES.keys())
def test_a_secret_in_the_wrong_shape_is_never_echoed(make):
    error = error_from(make)
    assert [field.partition("[")[0] for field in error.fields] == ["values"]
    assert all(CANARY not in text for text in texts_of(error))
    # Nothing of pydantic's (whose text quotes the input) travels along on the chain.
    assert error.__cause__ is None and error.__context__ is None


def test_the_wrong_shape_still_says_what_to_give():
    assert str(error_from(WRONG_SHAPES["text"])) == (
        "values: *** is not valid: Input should be a valid dictionary"
    )


# -- item 7 (definitions): values nested beyond the limit -----------------------------------------
TOO_DEEP = f"nested more than {NESTING_LIMIT} levels deep"
DEEP_VALUES = {
    "param default (array)": lambda: Param(name="x", type="array", default=deep(2000)),
    "param default (object)": lambda: Param(name="x", type="object", default={"a": deep(2000)}),
    "param default (JSON text)": lambda: Param(name="x", type="array", default=deep_text(2000)),
    "param value (string type)": lambda: Param(name="x", source="static", value=deep(2000)),
    "expected_response": lambda: Action(id="a", name="A", expected_response=deep(2000)),
    "body sample": lambda: body_params({"a": deep(2000)}),
    "response sample": lambda: response_fields({"a": deep(2000)}),
}


@pytest.mark.parametrize("make", DEEP_VALUES.values(), ids=DEEP_VALUES.keys())
def test_values_nested_2000_deep_are_refused_with_the_limit(make):
    error = error_from(make)
    assert TOO_DEEP in str(error) or "is not a string" in str(error)
    assert len(str(error)) < 400


@pytest.mark.parametrize("levels", [2000, 100_000])
def test_connector_json_nested_deeper_than_the_parser_goes(levels):
    text = json.dumps({"display_name": "D", "host": "h.io"})[:-1]
    text += ', "actions": [{"id": "a", "name": "A", "expected_response": '
    text += deep_text(levels) + "}]}"
    error = error_from(lambda: Connector.from_json(text))
    assert TOO_DEEP in str(error)
    assert error.__context__ is None


def test_the_limit_itself_is_accepted_and_round_trips():
    from connector_lab.spec.limits import NESTING_LIMIT as limit

    assert limit == NESTING_LIMIT
    action = Action(id="a", name="A", expected_response=deep(NESTING_LIMIT))
    connector = Connector(display_name="D", host="h.io", actions=[action])
    assert Connector.from_json(connector.to_json()) == connector
    assert repr(connector) and len(response_fields(deep(NESTING_LIMIT - 1, {"a": 1}))) == 1
    error = error_from(lambda: Action(id="a", name="A", expected_response=deep(NESTING_LIMIT + 1)))
    assert str(error).startswith("expected_response: the value at [0][0]")
    assert TOO_DEEP in str(error)


# -- item 11: body parameters a and a.b together --------------------------------------------------
@pytest.mark.parametrize("names", [("a", "a.b"), ("a.b", "a"), ("a", "a.b.c")])
def test_body_parameters_inside_each_other_are_refused(names):
    params = [Param(name=name, location="body", type="string") for name in names]
    error = error_from(lambda: Action(id="a", name="A", method="POST", params=params))
    inner, outer = sorted(names, key=len, reverse=True)
    index = names.index(inner)
    assert error.problems == [
        (
            f"params[{index}].name",
            f"body parameter {inner!r} lies inside body parameter {outer!r} "
            f"(params[{names.index(outer)}]); keep one: remove {outer!r} and give its fields "
            f"as dotted parameters, or remove {inner!r} and make it part of {outer!r}'s value",
        )
    ]


def test_neighbouring_names_and_other_locations_do_not_overlap():
    params = [
        Param(name="a", location="body"),
        Param(name="ab.c", location="body"),
        Param(name="a.b", location="query"),
        Param(name="b.c", location="body"),
        Param(name="b.d", location="body"),
    ]
    action = Action(id="a", name="A", method="POST", params=params)
    connector = Connector(display_name="D", host="h.io", actions=[action])
    plan = build_request(connector, "a", {"a": "x", "ab.c": 1, "b.c": 2, "b.d": 3})
    assert plan.json == {"a": "x", "ab": {"c": "1"}, "b": {"c": "2", "d": "3"}}


# -- item 12: values JSON cannot carry ------------------------------------------------------------
def body_action(kind: str) -> Connector:
    param = Param(name="p", location="body", type=kind)
    action = Action(id="a", name="A", method="POST", params=[param])
    return Connector(display_name="D", host="h.io", actions=[action])


UNCARRIABLE = [
    ("object", {"x": math.nan}, "the value at x holds nan, which JSON cannot carry"),
    ("object", '{"x": [1, NaN]}', "the value at x[1] holds nan, which JSON cannot carry"),
    ("array", [1, {"y": math.inf}], "the value at [1].y holds inf, which JSON cannot carry"),
    ("array", "[-Infinity]", "the value at [0] holds -inf, which JSON cannot carry"),
    ("object", {"x": 10**400}, "holds an integer of about 401 digits, beyond the range"),
    ("object", {1: "x"}, "the value has the key 1; object keys must be text"),
    ("array", [{1, 2}], "the value at [0] holds a set, which is not a JSON value"),
    ("object", "[" * 100_000, TOO_DEEP),
    ("object", {"a": deep(1000)}, TOO_DEEP),
    ("number", 10**400, "an integer of about 401 digits is not a number within ±1.8e308"),
    ("number", "1e400", "'1e400' is not a finite number"),
    ("number", math.nan, "nan is not a finite number"),
    ("integer", 10**400, "an integer of about 401 digits is not an integer within ±1.8e308"),
    ("integer", "9" * 5000, "… (5000 characters) is not an integer"),
    ("string", 10**5000, "an integer of about 5001 digits is not a string"),
    ("string", "a\ud800", "the value holds a lone surrogate"),
]


# ids by position: pytest would print 10**5000 for an id, which Python refuses to do.
@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    UNCARRIABLE,
    ids=[f"{k}-{i}" for i, (k, _, _) in enumerate(UNCARRIABLE)],
)
def test_values_json_cannot_carry_are_parameter_errors(kind, value, expected):
    with pytest.raises(ParameterError) as info:
        build_request(body_action(kind), "a", {"p": value})
    assert expected in str(info.value)
    assert len(str(info.value)) < 300
    with pytest.raises(ParameterError, match="parameter 'p'"):
        convert("p", kind, value)


def test_a_body_that_converts_is_valid_json():
    plan = build_request(body_action("object"), "a", {"p": '{"x": [1.5, 2, null, "é"]}'})
    assert json.loads(plan.body_bytes()) == {"p": {"x": [1.5, 2, None, "é"]}}


def test_a_default_json_cannot_carry_is_refused_in_the_definition():
    error = error_from(lambda: Param(name="p", type="object", default={"x": math.nan}))
    assert str(error) == (
        "default: parameter 'p': the value at x holds nan, which JSON cannot carry; use null or "
        "a finite number"
    )


# -- item 13: bounded echoes, supported protocols only --------------------------------------------
LONG = "x" * 100_000
BOUNDED = {
    "host": lambda: Connector(display_name="D", host="a" * 100_000),
    "host with path": lambda: Connector(display_name="D", host=f"h.io/{LONG}"),
    "host as URL": lambda: Connector(display_name="D", host=f"https://{LONG}/v1"),
    "IPv6 without brackets": lambda: Connector(display_name="D", host="::" + "1:" * 50_000),
    "port": lambda: Connector(display_name="D", host="h.io:" + "9" * 5000),
    "protocol": lambda: Connector(display_name="D", host="h.io", protocol=LONG),
    "icon": lambda: Connector(display_name="D", host="h.io", icon_url=LONG),
    "base URL": lambda: Connector(display_name="D", host="h.io", base_url=f"/{LONG}?"),
    "unknown field": lambda: Connector(display_name="D", host="h.io", **{LONG: 1}),
    "wrong type": lambda: Connector(display_name=[LONG] * 1000, host="h.io"),
    "union tag": lambda: Connector(display_name="D", host="h.io", auth={"type": LONG}),
    "action id": lambda: Action(id=LONG, name="A"),
    "method": lambda: Action(id="a", name="A", method=LONG),
    "path": lambda: Action(id="a", name="A", path=f"/{LONG}?"),
    "placeholder": lambda: Action(id="a", name="A", path="/{" + LONG + "}"),
    "param name": lambda: Param(name=f" {LONG}"),
    "path param name": lambda: Param(name=LONG + "-", location="path"),
    "location": lambda: Param(name="p", location=LONG),
    "header name": lambda: Param(name=LONG + ":", location="header"),
    "conversion": lambda: Param(name="p", type="integer", default=LONG),
    "token URL": lambda: SCHEMES["dingtalk"](token_url=LONG),
    "account key": lambda: AuthAccount(name="t", values={LONG: 1}),
}


@pytest.mark.parametrize("make", BOUNDED.values(), ids=BOUNDED.keys())
def test_error_messages_echo_at_most_a_bounded_excerpt(make):
    message = str(error_from(make))
    assert len(message) < 500, message[:600]
    assert "sys.set_int_max_str_digits" not in message


def test_a_long_value_is_shown_by_its_start_and_length():
    assert str(error_from(BOUNDED["host"])) == (
        f"host: {'a' * 60!r}… (100000 characters) is not a valid host name; use letters, digits, "
        "'-' and '.' (e.g. 'api.example.com')"
    )


def test_a_port_of_5000_digits_is_a_port_error():
    message = str(error_from(BOUNDED["port"]))
    assert message.endswith("(5000 characters); a port is a number from 1 to 65535")


@pytest.mark.parametrize("host", ["file:///etc/passwd", "ftp://files.example.com/pub"])
def test_only_supported_protocols_are_suggested(host):
    protocol = host.partition(":")[0]
    assert str(error_from(lambda: Connector(display_name="D", host=host))) == (
        f"host: {host!r} starts with protocol {protocol!r}, which is not supported; a connector "
        "speaks http or https — give only the host name, e.g. 'api.example.com'"
    )


# -- the sweep: only connector_lab errors leave the models ----------------------------------------
def _huge_int(digits: int) -> int:
    return 10**digits


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(300, 5000).map(_huge_int),
    st.floats(),  # NaN and ±Infinity included
    st.text(st.characters(codec=None, exclude_categories=()), max_size=12),  # surrogates too
    st.sampled_from(["x" * 100_000, CANARY, "env:HOME", "a\r\nb", "https://", "[::1]:0"]),
    st.binary(max_size=8),
)
json_ish = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.tuples(inner),
        st.frozensets(st.integers(), max_size=3),
        st.dictionaries(st.one_of(st.text(max_size=6), st.integers()), inner, max_size=4),
    ),
    max_leaves=12,
)
hostile = st.one_of(
    json_ish,
    st.integers(NESTING_LIMIT - 2, 3000).map(deep),
    st.integers(NESTING_LIMIT - 2, 3000).map(lambda n: deep(n, {"k": math.nan})),
)
MODELS = [Connector, Action, Param, ResponseField, AuthAccount, *SCHEMES.values()]
VALID = {
    Connector: {"display_name": "D", "host": "h.io"},
    Action: {"id": "a", "name": "A", "method": "POST"},
    Param: {"name": "p"},
    ResponseField: {"path": "a", "type": "string"},
    AuthAccount: {"name": "t"},
    SCHEMES["api_key"]: {"name": "X-Key"},
    SCHEMES["oauth2_client_credentials"]: {"token_url": "https://auth.example/token"},
}
SWEEP = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))


def fields_of(model) -> list[str]:
    return [*model.model_fields, "type", "extra"]


@st.composite
def model_input(draw):
    model = draw(st.sampled_from(MODELS))
    data = dict(VALID.get(model, {}))
    names = draw(st.lists(st.sampled_from(fields_of(model)), min_size=1, max_size=3))
    data.update({name: draw(hostile) for name in names})
    return model, data


def only_our_errors(call, *, secret: bool = False) -> object | None:
    """``call()``; an exception other than connector_lab's fails the test, and so does a
    message that is unbounded or (for an account) shows a value."""
    try:
        return call()
    except ConnectorLabError as exc:
        assert len(str(exc)) < 2000
        assert not secret or all(CANARY not in text for text in texts_of(exc))
        return None


def survives_a_round_trip(model) -> None:
    assert repr(model)  # a repr never fails (pydantic's own for Param shows all of a long name)
    if isinstance(model, AuthAccount):
        assert AuthAccount.from_json(model.to_json(reveal_secrets=True)) == model
    else:
        assert type(model).from_json(model.to_json()) == model


@SWEEP
@given(model_input())
def test_models_raise_only_connector_lab_errors(case):
    model, data = case
    made = only_our_errors(lambda: model(**data))
    validated = only_our_errors(lambda: model.model_validate(data))
    assert (made is None) == (validated is None)
    if made is not None:
        survives_a_round_trip(made)


@SWEEP
@given(model_input(), st.one_of(st.text(), st.binary()))
def test_from_json_raises_only_connector_lab_errors(case, noise):
    model, data = case
    try:
        text = json.dumps(data)
    except (TypeError, ValueError, RecursionError):  # not JSON-able (a set, 10**5000, depth)
        text = "{" + noise if isinstance(noise, str) else noise
    for given_text in (
        text,
        noise,
        text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text,
    ):
        loaded = only_our_errors(lambda t=given_text: model.from_json(t))
        if loaded is not None:
            survives_a_round_trip(loaded)


@SWEEP
@given(model_input(), hostile)
def test_assignment_raises_only_connector_lab_errors(case, value):
    model, data = case
    made = model(**VALID.get(model, {}))
    for name in data:
        only_our_errors(lambda name=name: setattr(made, name, value))
    survives_a_round_trip(made)


@SWEEP
@given(st.sampled_from(["string", "integer", "number", "boolean", "object", "array"]), hostile)
def test_convert_raises_only_parameter_errors(kind, value):
    try:
        converted = convert("p", kind, value)
    except ParameterError as exc:
        assert len(str(exc)) < 1000
        return
    json.dumps(converted, allow_nan=False, ensure_ascii=False).encode("utf-8")


secret_shapes = st.one_of(
    st.recursive(
        st.sampled_from([CANARY, CANARY.encode(), 12345, None, math.nan]),
        lambda inner: st.one_of(
            st.lists(inner, max_size=3),
            st.tuples(inner, inner),
            st.dictionaries(st.sampled_from(["token", "app_secret", "x", ""]), inner, max_size=3),
        ),
        max_leaves=8,
    ),
    st.integers(1, 3000).map(lambda n: deep(n, CANARY)),
)


def as_json_text(data) -> str | None:
    try:
        return json.dumps(data, default=repr)
    except (ValueError, RecursionError):
        return None


@SWEEP
@given(secret_shapes)
def test_account_values_never_reach_a_message(shape):
    for values in (shape, {"token": shape}, {"token": CANARY, "x": shape}):
        only_our_errors(lambda v=values: AuthAccount(name="t", values=v), secret=True)
        text = as_json_text({"name": "t", "values": values})
        if text is not None:
            only_our_errors(lambda t=text: AuthAccount.from_json(t), secret=True)
