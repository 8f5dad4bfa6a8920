"""What the harvest widget tests share: a connector over the sandbox's paginated list
(``/paged/pages``: ``total`` items, ``per_page`` 10, ``delay`` seconds per page), and a
connector over the flaky batch server (tests/harvest/flaky.py)."""

from __future__ import annotations

from connector_lab import Action, ApiKeyAuth, AuthAccount, Connector, Pagination, Param


def paged_shop(host_port: str) -> Connector:
    """``items``: page-number pagination with the total from the body; ``cursor``: one page
    after another (no total), for Stop."""
    params = [
        Param(name="total", type="integer", default=95),
        Param(name="delay", type="number"),
    ]
    return Connector(
        display_name="Paged shop",
        host=host_port,
        protocol="http",
        auth=ApiKeyAuth(name="X-API-Key"),
        actions=[
            Action(
                id="items",
                name="Items",
                path="/paged/pages",
                records_path="$.data[*]",
                params=params,
                pagination=Pagination(
                    style="page", size_param="per_page", page_size=10, total_path="$.total"
                ),
            ),
            Action(
                id="cursor",
                name="Items by cursor",
                path="/paged/cursor",
                records_path="$.items[*]",
                params=params,
                pagination=Pagination(style="cursor", cursor_path="$.next_cursor"),
            ),
            Action(id="broken", name="Broken", path="/errors/500", pagination=Pagination()),
        ],
    )


def sandbox_account(api) -> AuthAccount:
    return AuthAccount(name="test", values={"token": api.credentials.api_key})


def flaky_shop(host_port: str) -> Connector:
    """``item``: ``GET /items/{id}`` (two records per id) on the flaky server."""
    return Connector(
        display_name="Flaky",
        host=host_port,
        protocol="http",
        actions=[
            Action(
                id="item",
                name="Item",
                path="/items/{id}",
                records_path="$.data[*]",
                params=[Param(name="id", location="path"), Param(name="note")],
            )
        ],
    )
