"""Nested JSON: ``GET /orders`` (a list of orders with line items) and ``GET /orders/{id}``."""

from __future__ import annotations

from . import data
from .messages import Request, Response, error_response, int_param, json_response

__all__ = ["order_detail", "orders_list"]

DEFAULT_COUNT = 25


def orders_list(req: Request) -> Response:
    """``GET /orders?count=N`` → ``{"data": [order, ...], "total": N}``."""
    count = int_param(req, "count", DEFAULT_COUNT, 0, data.MAX_ORDERS)
    return Response(200, data.orders_body(req.state.seed, count))


def order_detail(req: Request) -> Response:
    """``GET /orders/{id}`` → one order (ids 1 … MAX_ORDERS), else 404."""
    raw = req.params["id"]
    # isascii(): "²".isdigit() is True but int("²") fails; the length keeps int() cheap.
    if raw.isascii() and raw.isdigit() and len(raw) < 10 and 1 <= int(raw) <= data.MAX_ORDERS:
        return json_response(data.order(req.state.seed, int(raw)))
    return error_response(404, "NotFound", f"order {raw!r} does not exist", id=raw)
