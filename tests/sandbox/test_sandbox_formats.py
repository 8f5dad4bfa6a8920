"""Non-JSON answers: CSV, text, XML, JSON Lines and binary, each with its content type."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
import requests


def test_csv(sandbox):
    r = requests.get(sandbox.url + "/formats/csv")
    assert r.headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8"))))
    assert rows[0] == ["id", "name", "comment", "amount"]
    comments = [row[2] for row in rows[1:]]
    assert 'says "hello", twice' in comments
    assert any("," in c for c in comments)
    assert all(len(row) == 4 for row in rows)


def test_text(sandbox):
    r = requests.get(sandbox.url + "/formats/text")
    assert r.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert "你好" in r.content.decode("utf-8")
    # requests raises its own JSONDecodeError: a json one, or a simplejson one where that is
    # installed (dlt, in the test extra, brings it) — a ValueError either way.
    with pytest.raises(ValueError):
        r.json()


def test_xml(sandbox):
    r = requests.get(sandbox.url + "/formats/xml")
    assert r.headers["Content-Type"] == "application/xml"
    root = ET.fromstring(r.content)
    assert root.tag == "items"
    assert [item.get("id") for item in root] == ["1", "2", "3"]


def test_json_lines(sandbox):
    r = requests.get(sandbox.url + "/formats/jsonl")
    assert r.headers["Content-Type"] == "application/x-ndjson"
    records = [json.loads(line) for line in r.text.splitlines()]
    assert [rec["id"] for rec in records] == [1, 2, 3, 4, 5]


def test_binary(sandbox):
    r = requests.get(sandbox.url + "/formats/binary")
    assert r.headers["Content-Type"] == "application/octet-stream"
    assert r.content.startswith(b"\x00\x01\x02\x03\xff")
    with pytest.raises(UnicodeDecodeError):
        r.content.decode("utf-8")
