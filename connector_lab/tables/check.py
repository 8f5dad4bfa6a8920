"""The expected-response check of the test step (spec F-5): does a real response match the
action's sample? HTTP 2xx, and the sample's fields present with compatible types.

Compatible means: the same JSON type, an integer where a number was expected, or null where
the sample had null. Fields the response has beyond the sample are reported as *extra* but do
not fail the check — APIs add fields all the time; they remove or retype them rarely.

A body that cannot be compared at all fails with the reason in :attr:`ResponseCheck.problem`:
it is empty, it is not JSON (an HTML login page, a truncated document), or it is ``null``
where the sample is a value. A gateway answering HTTP 200 with its login page is the classic
case of a run that "worked" and returned nothing usable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..errors import ResponseParseError, SpecError
from ..spec.limits import NESTING_LIMIT, json_problem
from ..spec.samples import SchemaNode, infer_schema, json_type
from .paths import ITEMS, FieldPath
from .walker import nesting_depth


@dataclass(frozen=True)
class ResponseCheck:
    """The outcome of comparing a response with the expected sample."""

    status: int
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    type_changes: list[tuple[str, str, str]] = field(default_factory=list)  # path, want, got
    #: Fields absent from the response that the action marks optional (not a failure).
    optional_missing: list[str] = field(default_factory=list)
    #: Why the body could not be compared at all (empty, not JSON, null), or None.
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return (
            200 <= self.status < 300
            and self.problem is None
            and not self.missing
            and not self.type_changes
        )

    def summary(self) -> str:
        """A short report for the run panel."""
        lines = [
            (
                "✓ matches the expected response"
                if self.ok
                else "✗ does not match the expected response"
            )
            + f" (HTTP {self.status})"
        ]
        if self.problem:
            lines.append(f"  {self.problem}")
        if not 200 <= self.status < 300:
            lines.append(f"  status {self.status} is not 2xx")
        if self.missing:
            lines.append(f"  missing ({len(self.missing)}): {', '.join(self.missing[:10])}")
        if self.optional_missing:
            shown = ", ".join(self.optional_missing[:10])
            lines.append(f"  absent, optional ({len(self.optional_missing)}): {shown}")
        for path, want, got in self.type_changes[:10]:
            lines.append(f"  type changed: {path} expected {want}, got {got}")
        if self.extra:
            lines.append(f"  extra ({len(self.extra)}): {', '.join(self.extra[:10])}")
        return "\n".join(lines)

    __str__ = summary


def _compatible(want: SchemaNode, got: SchemaNode) -> bool:
    wanted = want.types - {"null"}
    seen = got.types - {"null"}
    if not wanted or not seen:
        return True  # the sample (or the response) only had null here: nothing to compare
    if "number" in wanted:
        wanted = wanted | {"integer"}
    return seen <= wanted


def _compare(want: SchemaNode, got: SchemaNode, path: FieldPath, out: dict[str, list]) -> None:
    """Fields of ``want`` missing from ``got`` or retyped, and ``got``'s extra fields, below
    ``path`` (reported as field-tree paths, e.g. ``data[].customer.name``)."""
    for name, child in want.fields.items():
        where = path / name
        if name not in got.fields:
            if got.fields or "object" in got.types:
                out["missing"].append(where.field_tree)
            continue
        other = got.fields[name]
        if not _compatible(child, other):
            out["type_changes"].append((where.field_tree, child.type, other.type))
            continue
        _compare(child, other, where, out)
    if want.fields:
        out["extra"] += [(path / name).field_tree for name in got.fields if name not in want.fields]
    if want.items is not None and got.items is not None:
        items = path / ITEMS
        if not _compatible(want.items, got.items):
            out["type_changes"].append((items.field_tree, want.items.type, got.items.type))
        else:
            _compare(want.items, got.items, items, out)


def check_response(
    expected: Any, actual: Any, *, status: int = 200, optional: Iterable[str] = ()
) -> ResponseCheck:
    """Compare ``actual`` (parsed JSON) with the ``expected`` sample; fields whose path is
    in ``optional`` may be absent without failing the check.

    >>> check_response({"id": 1, "name": "a"}, {"id": "1"}).summary().splitlines()[0]
    '✗ does not match the expected response (HTTP 200)'
    """
    problem = json_problem(expected)
    if problem is not None:
        raise SpecError([("expected_response", problem)], title="invalid expected response")
    if nesting_depth(actual) > NESTING_LIMIT:
        problem = (
            f"the body is nested more than {NESTING_LIMIT} levels deep; no sample is that deep"
        )
        return ResponseCheck(status=status, problem=problem)
    if actual is None and expected is not None:
        kind = json_type(expected)
        article = "an" if kind[0] in "aeiou" else "a"
        problem = f"expected {article} {kind} like the sample, got null"
        return ResponseCheck(status=status, problem=problem)
    want, got = infer_schema(expected), infer_schema(actual)
    out: dict[str, list] = {"missing": [], "extra": [], "type_changes": []}
    if not _compatible(want, got):
        out["type_changes"].append(("$", want.type, got.type))
    else:
        _compare(want, got, FieldPath(), out)
    skip = set(optional)
    optional_missing = [path for path in out["missing"] if path in skip]
    out["missing"] = [path for path in out["missing"] if path not in skip]
    return ResponseCheck(status=status, optional_missing=optional_missing, **out)


def check_body(
    expected: Any,
    content: bytes,
    parse: Callable[[], Any],
    *,
    status: int = 200,
    optional: Iterable[str] = (),
) -> ResponseCheck:
    """Check a raw body against the ``expected`` sample: an empty body or one ``parse`` cannot
    read as JSON fails with the reason; anything else goes to :func:`check_response`."""
    if not content:
        return ResponseCheck(status=status, problem="the body is empty")
    try:
        actual = parse()
    except ResponseParseError as error:
        # Its message is masked and says what came back; the advice on reading non-JSON
        # bodies that ends it is for json() callers, not for a check report.
        said = str(error).split("; use .text", 1)[0]
        return ResponseCheck(status=status, problem=f"the body could not be read as JSON: {said}")
    return check_response(expected, actual, status=status, optional=optional)
