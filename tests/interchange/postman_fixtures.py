"""Small hand-made Postman collections (v2.1 and v2.0) for the importer's tests."""

from __future__ import annotations

import json

V21 = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
V20 = "https://schema.getpostman.com/json/collection/v2.0.0/collection.json"


def apikey(name: str, value: str, where: str = "header") -> dict:
    attrs = {"key": name, "value": value, "in": where}
    return {"type": "apikey", "apikey": [{"key": k, "value": v} for k, v in attrs.items()]}


SHOP_V21 = {
    "info": {"name": "Shop", "schema": V21, "description": "The shop API"},
    "variable": [
        {"key": "baseUrl", "value": "https://api.shop.test/v2"},
        {"key": "apiKey", "value": ""},
        {"key": "pageSize", "value": "20"},
    ],
    "auth": apikey("X-API-Key", "{{apiKey}}"),
    "item": [
        {
            "name": "Orders",
            "item": [
                {
                    "name": "List orders",
                    "request": {
                        "method": "GET",
                        "header": [
                            {"key": "Accept", "value": "application/json"},
                            {"key": "X-API-Key", "value": "{{apiKey}}"},
                            {"key": "Connection", "value": "keep-alive"},
                            {"key": "X-Trace", "value": "1", "disabled": True},
                        ],
                        "url": {
                            "raw": "{{baseUrl}}/orders?page_size={{pageSize}}&status=open",
                            "host": ["{{baseUrl}}"],
                            "path": ["orders"],
                            "query": [
                                {"key": "page_size", "value": "{{pageSize}}"},
                                {"key": "status", "value": "open"},
                                {"key": "debug", "value": "true", "disabled": True},
                                {"key": "region", "value": "{{region}}"},
                            ],
                        },
                    },
                    "response": [
                        {"name": "error", "code": 500, "body": '{"error": "x"}'},
                        {"name": "ok", "code": 200, "body": '{"data": [{"id": 1}], "total": 1}'},
                    ],
                },
                {
                    "name": "Items",
                    "item": [
                        {
                            "name": "Get item",
                            "request": {
                                "method": "GET",
                                "url": {
                                    "raw": "{{baseUrl}}/orders/:order_id/items/{{itemId}}",
                                    "host": ["{{baseUrl}}"],
                                    "path": ["orders", ":order_id", "items", "{{itemId}}"],
                                    "variable": [
                                        {"key": "order_id", "value": "42", "description": "Order"}
                                    ],
                                },
                            },
                        }
                    ],
                },
            ],
        },
        {
            "name": "Create order",
            "request": {
                "method": "POST",
                "header": [{"key": "Content-Type", "value": "application/json"}],
                "body": {
                    "mode": "raw",
                    "raw": '{"customer": {"name": "{{customer}}", "vip": true},\n'
                    ' "count": {{count}}, "note": "hi"}',
                    "options": {"raw": {"language": "json"}},
                },
                "url": "{{baseUrl}}/orders",
            },
        },
        {
            "name": "Public",
            "auth": {"type": "noauth"},
            "item": [
                {"name": "Ping", "request": {"method": "GET", "url": "{{baseUrl}}/ping"}},
                {
                    "name": "Upload",
                    "request": {
                        "method": "POST",
                        "url": "{{baseUrl}}/upload",
                        "body": {"mode": "formdata", "formdata": [{"key": "f", "type": "file"}]},
                    },
                },
            ],
        },
        {"name": "Elsewhere", "request": {"method": "GET", "url": "https://other.test/x"}},
    ],
}

ENVIRONMENT = {
    "name": "Shop test",
    "values": [
        {"key": "apiKey", "value": "env-secret-key-123", "enabled": True},
        {"key": "count", "value": "3", "enabled": True},
        {"key": "pageSize", "value": "50", "enabled": True},
        {"key": "ignored", "value": "x", "enabled": False},
    ],
}

# v2.0: the URL as a string, auth attributes as a dict, headers as text.
SHOP_V20 = {
    "info": {"name": "Shop v2.0", "schema": V20},
    "variable": [{"id": "host", "value": "http://127.0.0.1:9"}],
    "auth": {"type": "basic", "basic": {"username": "ann", "password": "pw-v20"}},
    "item": [
        {
            "name": "Folder",
            "auth": {"type": "bearer", "bearer": {"token": "tok-v20"}},
            "item": [
                {
                    "name": "Me",
                    "request": {
                        "url": "{{host}}/users/:user_id?fields=name",
                        "method": "GET",
                        "header": "Accept: application/json\nX-Mode: test",
                    },
                },
                {"name": "Bare", "request": "{{host}}/health"},
            ],
        },
        {"name": "Root", "request": {"url": "{{host}}/root", "method": "get"}},
        {"name": "Other", "request": {"url": "{{host}}/other", "method": "GET"}},
    ],
}


def text(collection: dict) -> str:
    return json.dumps(collection)
