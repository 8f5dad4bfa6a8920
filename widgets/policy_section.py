"""The connector form's "Advanced" accordion (collapsed): the retry policy (retries, retry
POST), the client-side rate limit (requests per second or minute) and the timeouts (connect,
read, total) — ``Connector.retry``, ``Connector.rate_limit`` and ``Connector.timeouts``.

An empty field means "not set": no retries field and POST not allowed is no retry policy, no
requests is no rate limit, no timeout at all is no timeouts. The retry policy's other fields
(statuses, backoff, …) have no rows here; a loaded policy keeps them as they were.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from connector_lab import Connector, SpecError
from connector_lab.spec.policies import RateLimit, RetryPolicy, Timeouts

from .controls import control
from .form_base import FormBase
from .i18n import label
from .rows import FieldRow, field_help

#: Each row: its key (``model.field``), the model it edits and the annotation of its input.
ROWS: tuple[tuple[str, type, Any], ...] = (
    ("retry.total", RetryPolicy, int | None),
    ("retry.allow_post", RetryPolicy, bool),
    ("rate_limit.requests", RateLimit, int | None),
    ("rate_limit.per", RateLimit, str),
    ("timeouts.connect", Timeouts, float | None),
    ("timeouts.read", Timeouts, float | None),
    ("timeouts.total", Timeouts, float | None),
)
#: The sub-headings, before the first row of each model.
GROUPS = {
    "retry": "policies.retry",
    "rate_limit": "policies.rate_limit",
    "timeouts": "policies.timeouts",
}


class PolicySection(w.Accordion, FormBase):
    """Retries, rate limit and timeouts of a connector, in a collapsed accordion.

    ``raw()`` → ``{"retry": dict | None, "rate_limit": …, "timeouts": …}`` for the
    Connector; ``from_spec(connector)`` loads them; ``show_errors(error)`` puts each of a
    SpecError's problems (``retry.total``, …) next to its field.
    """

    def __init__(self, connector: Connector | None = None, *, language: str = "en"):
        status = self._init_form(language)
        self._retry_kept: dict[str, Any] = {}
        self.fields: dict[str, FieldRow] = {key: self._row(key, m, a) for key, m, a in ROWS}
        rows: list[w.Widget] = []
        for key, row in self.fields.items():
            group = key.split(".")[0]
            if not rows or rows[-1].key.split(".")[0] != group:
                rows.append(self.labelled(w.HTML(), GROUPS[group]))  # the group's heading
            rows.append(row)
        body = w.VBox([*rows, status])
        body.add_class("cl-policies-body")
        super().__init__(children=[body], selected_index=None)
        self.add_class("cl-policies")
        self._set_titles()
        if connector is not None:
            self.from_spec(connector)

    def __repr__(self) -> str:
        return f"<PolicySection: {self.raw()!r}>"

    def _row(self, key: str, model: type, annotation: Any) -> FieldRow:
        name = key.split(".")[1]
        if key == "rate_limit.per":
            made = control(str, "second", choices=self._per_options())
        else:
            made = control(annotation)
            if annotation is not bool:
                self.labelled(made.widget, "policies.empty", "placeholder")
        css = "cl-" + key.replace(".", "-").replace("_", "-")
        return FieldRow(key, made, self, css=css, help=field_help(model, name))

    def _per_options(self) -> list[tuple[str, str]]:
        return [(label(f"policies.per.{p}", self.language), p) for p in ("second", "minute")]

    def _set_titles(self) -> None:
        self.titles = (label("policies", self.language),)

    def set_language(self, language: str) -> None:
        super().set_language(language)
        self._set_titles()
        per = self.fields["rate_limit.per"].control
        current = per.value
        with self.loading():
            per.options = self._per_options()
            per.value = current

    def watch_all(self, handler) -> None:
        """Call ``handler()`` when any field changes (the connector form validates)."""
        for row in self.fields.values():
            self.watch(row.control, handler)

    # -- spec ----------------------------------------------------------------------------------
    def value(self, key: str) -> Any:
        return self.fields[key].value

    def raw(self) -> dict[str, dict[str, Any] | None]:
        """The three policies as the Connector takes them (None: not set)."""
        retry = None
        total, allow_post = self.value("retry.total"), self.value("retry.allow_post")
        if total is not None or allow_post:
            given = {"total": total} if total is not None else {}
            retry = {**self._retry_kept, **given, "allow_post": allow_post}
        requests = self.value("rate_limit.requests")
        rate = (
            None
            if requests is None
            else {"requests": requests, "per": self.value("rate_limit.per")}
        )
        times = {n: self.value(f"timeouts.{n}") for n in ("connect", "read", "total")}
        timeouts = times if any(v is not None for v in times.values()) else None
        return {"retry": retry, "rate_limit": rate, "timeouts": timeouts}

    def from_spec(self, connector: Connector) -> None:
        retry, rate, timeouts = connector.retry, connector.rate_limit, connector.timeouts
        self._retry_kept = retry.model_dump(exclude={"total", "allow_post"}) if retry else {}
        values = {
            "retry.total": retry.total if retry else None,
            "retry.allow_post": retry.allow_post if retry else False,
            "rate_limit.requests": rate.requests if rate else None,
            "rate_limit.per": rate.per if rate else "second",
            **{
                f"timeouts.{n}": getattr(timeouts, n) if timeouts else None
                for n in ("connect", "read", "total")
            },
        }
        with self.loading():
            for key, value in values.items():
                self.fields[key].value = value
        self.show_errors(None)

    def show_errors(self, error: SpecError | None) -> None:
        """Each problem of ``error`` about a policy next to its field (one about a policy's
        field without a row here: next to the policy's first row)."""
        problems: dict[str, str] = {}
        for path, message in error.problems if error else ():
            group = path.split(".")[0]
            if group not in GROUPS:
                continue
            key = (
                path
                if path in self.fields
                else next(k for k in self.fields if k.startswith(group + "."))
            )
            problems.setdefault(key, message)
        for key, row in self.fields.items():
            row.show_error(problems.get(key))
        if problems:
            self.selected_index = 0  # open the accordion: an error must not hide in it


__all__ = ["PolicySection"]
