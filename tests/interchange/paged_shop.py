"""The sandbox shop the export tests share: an API-key connector whose page-number and cursor
actions walk 23 rows (5 and 4 to a page), for the exports (dlt, Python) to prove against the
harvest."""

from __future__ import annotations

from connector_lab import Action, ApiKeyAuth, Connector, Pagination, Param

TOTAL = 23


def integer(name: str, default: int) -> Param:
    return Param(name=name, type="integer", default=default)


def paged_actions(*, cursor_id: str = "cursor", records_path: str | None = None) -> list[Action]:
    """``pages`` (page number, 5 a page) and a cursor action (4 a page) over 23 rows."""
    return [
        Action(
            id="pages",
            name="Pages",
            path="/paged/pages",
            params=[integer("total", TOTAL), integer("per_page", 5)],
            records_path=records_path,
            pagination=Pagination(style="page", total_path="$.total"),
        ),
        Action(
            id=cursor_id,
            name="Cursor",
            path="/paged/cursor",
            params=[integer("total", TOTAL), integer("limit", 4)],
            pagination=Pagination(style="cursor", cursor_path="$.next_cursor"),
        ),
    ]


def api_key_shop(api, actions: list[Action]) -> Connector:
    """The sandbox shop with the key in header X-API-Key and ``actions``."""
    return Connector(
        display_name="Sandbox shop",
        host=api.host_port,
        protocol="http",
        auth=ApiKeyAuth(name="X-API-Key"),
        actions=actions,
    )
