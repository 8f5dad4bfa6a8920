"""Page loops of the collect and sinks tests' own — collect takes any iterable of Results, so
these tests do not depend on Client.pages: the sandbox's page-number list, and a
pytest-httpserver whose pages change shape from page to page."""

from __future__ import annotations

import weakref
from collections.abc import Iterator

import pytest

from connector_lab import Action, Client, Connector, NoAuth, Param

BIG = 1434975267274035201  # beyond 2**53: float64 would round it


def loop_connector(host_port: str, path: str = "/paged/pages") -> Connector:
    params = [
        Param(name="page", type="integer"),
        Param(name="per_page", type="integer"),
        Param(name="total", type="integer"),
        Param(name="items"),
    ]
    return Connector(
        display_name="Paged",
        host=host_port,
        protocol="http",
        auth=NoAuth(),
        actions=[Action(id="pages", name="Pages", path=path, records_path="$.data", params=params)],
    )


def page_loop(client: Client, refs: list | None = None, **params) -> Iterator:
    """``GET ?page=1, 2, …`` until an empty page (not yielded). With ``refs``, each Result is
    also held as a weak reference, and before every request all earlier ones must be gone:
    collect kept none of them while it went on."""
    number = 1
    while True:
        if refs is not None:
            alive = [n for n, ref in enumerate(refs, 1) if ref() is not None]
            assert alive == [], f"pages {alive} still held while page {number} is asked for"
        result = client.run("pages", page=number, **params)
        if result.ok and not result.json()["data"]:
            return
        if refs is not None:
            refs.append(weakref.ref(result))
        yield result
        del result  # this loop's own reference: only collect could keep it now
        number += 1


@pytest.fixture
def sandbox_client(sandbox) -> Iterator[Client]:
    with Client(loop_connector(sandbox.host_port)) as client:
        yield client


#: Pages whose shape changes: ``a`` missing on page 3; ``late`` (a big integer) first on
#: page 7; ``note`` null until page 6 then text; ``flag`` only on page 1; ``=`` text for CSV.
def shaped_pages() -> list[list[dict]]:
    pages = []
    for number in range(1, 9):
        rows = []
        for index in range(3):
            row: dict = {"id": number * 10 + index, "a": f"a{number}", "nested": {"x": index}}
            if number == 3:
                del row["a"]
            if number == 1:
                row["flag"] = index % 2 == 0
            if number >= 7:
                row["late"] = BIG + index
            row["note"] = "=1+1" if number >= 6 and index == 0 else None
            row["tags"] = ["t", str(index)]
            rows.append(row)
        pages.append(rows)
    return pages


def serve_pages(httpserver, pages: list[list[dict]], *, fail_on: int | None = None) -> None:
    """Page n of ``pages`` at ``/v?page=n``, then an empty page; ``fail_on``: that page 500."""
    for number, rows in enumerate([*pages, []], start=1):
        expected = httpserver.expect_request("/v", query_string={"page": str(number)})
        if number == fail_on:
            expected.respond_with_json({"error": "boom"}, status=500)
        else:
            expected.respond_with_json({"data": rows})


@pytest.fixture
def shaped_client(httpserver) -> Iterator[Client]:
    serve_pages(httpserver, shaped_pages())
    connector = loop_connector(f"{httpserver.host}:{httpserver.port}", "/v")
    with Client(connector) as client:
        yield client
