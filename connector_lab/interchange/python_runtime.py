"""The helper code a generated Python script carries (``python_export``): plain source text,
written once here and copied verbatim into each script that needs it — sending a request,
reading values at a JSONPath's steps, finding the records, and following pages.

The texts only use ``requests`` and the standard library, so the script runs as written.
"""

from __future__ import annotations

#: Always: the URL, query, body and path helpers and the one place requests are sent.
REQUEST = """
def _secret(name: str) -> str:
    \"\"\"The value of environment variable ``name``; a clear message when it is not set.\"\"\"
    value = os.environ.get(name)
    if not value:
        raise SystemExit(
            f"environment variable {name} is not set; set it to the account's value "
            f"before running (e.g. export {name}=...)"
        )
    return value


def _text(value: Any) -> str:
    \"\"\"A value as it goes in a query or header: true/false, compact JSON, or str().\"\"\"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def _url(path: str, values: dict[str, Any]) -> str:
    \"\"\"ORIGIN + BASE_PATH + ``path`` with its {placeholders} filled, one segment each.\"\"\"
    for name, value in values.items():
        if value is None or _text(value) == "":
            raise SystemExit(f"path parameter {name!r} needs a value")
        text = _text(value)
        encoded = "%2E" * len(text) if set(text) == {"."} else quote(text, safe="")
        path = path.replace("{" + name + "}", encoded)
    tail = path.lstrip("/")
    parts = [ORIGIN] + [part for part in (BASE_PATH, tail) if part]
    return "/".join(parts) if (BASE_PATH or tail) else ORIGIN + "/"


def _query(pairs: list[tuple[str, Any]]) -> list[tuple[str, str]]:
    \"\"\"Query pairs without the unset values; a list gives the name once per item.\"\"\"
    query = []
    for name, value in pairs:
        for item in value if isinstance(value, list) else [value]:
            if item is not None:
                query.append((name, _text(item)))
    return query


def _headers(values: dict[str, Any]) -> dict[str, str]:
    return {
        name: ", ".join(map(_text, value)) if isinstance(value, list) else _text(value)
        for name, value in values.items()
        if value is not None
    }


def _body(values: dict[str, Any]) -> dict[str, Any]:
    \"\"\"The JSON body: dotted names (``customer.name``) become nested objects.\"\"\"
    body: dict[str, Any] = {}
    for dotted, value in values.items():
        if value is None:
            continue
        keys = dotted.split(".")
        target = body
        for key in keys[:-1]:
            target = target.setdefault(key, {})
        target[keys[-1]] = value
    return body


def _form(values: dict[str, Any]) -> list[tuple[str, str]]:
    \"\"\"A form body (application/x-www-form-urlencoded): name=value pairs, as a query.\"\"\"
    return _query(list(values.items()))


def _send(session, method, url, query=(), headers=None, body=None) -> requests.Response:
    \"\"\"One request; an HTTP error stops the script with the status and the answer.
    A JSON body is a dict; a form body is the list of pairs ``_form`` makes.\"\"\"
    form = body if isinstance(body, list) else None
    response = session.request(
        method,
        url,
        params=list(query),
        headers=headers,
        json=None if form is not None else body,
        data=form,
        timeout=TIMEOUT,
    )
    if response.status_code >= 400:
        raise SystemExit(f"{method} {url}: HTTP {response.status_code}: {response.text[:500]}")
    return response
"""

#: Always: values at the steps of a JSONPath, and the records of a body.
RECORDS = """
def _step(item: Any, step: Any) -> list:
    if step == "*":
        if isinstance(item, dict):
            return list(item.values())
        return list(item) if isinstance(item, list) else []
    if isinstance(step, int):
        return [item[step]] if isinstance(item, list) and -len(item) <= step < len(item) else []
    return [item[step]] if isinstance(item, dict) and step in item else []


def _dig(value: Any, steps: list) -> list:
    \"\"\"Every value at ``steps`` (keys, indexes, "*" for every item) below ``value``.\"\"\"
    found = [value]
    for step in steps:
        found = [each for item in found for each in _step(item, step)]
    return found


def _first(value: Any, steps: list) -> Any:
    found = _dig(value, steps)
    return found[0] if found else None


RECORD_KEYS = ("data", "items", "results", "records", "rows", "list", "result", "entries")


def _records(body: Any, steps: list | None) -> list:
    \"\"\"The records of a body: at the action's records path, or found as connector_lab
    finds them (a list; a list under a well-known key; the longest list of objects).\"\"\"
    if steps is not None:
        found = _dig(body, steps)
        return found[0] if len(found) == 1 and isinstance(found[0], list) else found
    if isinstance(body, list):
        return body
    if not isinstance(body, dict):
        return [body]
    for key in ("data", "results", "result"):
        if isinstance(body.get(key), list):
            return body[key]
    if any(key in body for key in ("id", "uuid", "_id")):
        return [body]
    for key in RECORD_KEYS:
        if isinstance(body.get(key), list):
            return body[key]
    lists = [v for v in body.values() if isinstance(v, list) and v and isinstance(v[0], dict)]
    return max(lists, key=len) if lists else [body]
"""

#: When an action declares pagination: one loop for every style.
PAGES = """
def _set(query: list, name: str, value: Any) -> list:
    return [(k, v) for k, v in query if k != name] + [(name, str(value))]


def _int(query: list, name: str | None) -> int | None:
    values = [v for k, v in query if k == name]
    try:
        return int(values[-1]) if values else None
    except ValueError:
        return None


def _total(response: requests.Response, data: Any, paging: dict) -> int | None:
    if paging.get("total_path") is not None:
        value = _first(data, paging["total_path"])
    else:
        value = response.headers.get(paging.get("total_header") or "")
    return None if value is None else int(value)


def _next_key(response: requests.Response, data: Any, paging: dict) -> str | None:
    \"\"\"The next cursor or URL a page names (None: the list ends here).\"\"\"
    style = paging["style"]
    if style == "link":
        value = response.links.get("next", {}).get("url")
    elif style == "next_url":
        value = _first(data, paging["next_url_path"])
    elif paging.get("cursor_header"):
        value = response.headers.get(paging["cursor_header"])
    else:
        value = _first(data, paging["cursor_path"])
    if value is None or value == "" or isinstance(value, (dict, list, bool)):
        return None
    return str(value)


def _stop(paging: dict, counts: dict, received: int) -> bool:
    \"\"\"connector_lab's stop rules: empty page, max_records, total, max_pages, short page.\"\"\"
    limit, total = paging.get("max_records"), counts["total"]
    return (
        received == 0
        or (limit is not None and counts["kept"] >= limit)
        or (total is not None and counts["received"] >= total)
        or (paging.get("max_pages") is not None and counts["pages"] >= paging["max_pages"])
        or bool(paging["stop_on_short_page"] and counts["size"] and received < counts["size"])
    )


def _paginate(session, method, url, query, headers, body, paging, steps) -> Iterator[Any]:
    \"\"\"Every record of every page, the next page asked for as ``paging`` says.\"\"\"
    style, seen, query = paging["style"], set(), list(query)
    if paging.get("size_param") and paging.get("page_size"):
        query = _set(query, paging["size_param"], paging["page_size"])
    size = paging.get("page_size") or _int(query, paging.get("size_param"))
    number = _int(query, paging["page_param"])
    number = paging["first_page"] if number is None else number
    offset = _int(query, paging["offset_param"]) or 0
    counts = {"pages": 0, "received": 0, "kept": 0, "total": None, "size": size}
    while True:
        if style == "page":
            query = _set(query, paging["page_param"], number)
        elif style == "offset":
            query = _set(query, paging["offset_param"], offset)
        response = _send(session, method, url, query, headers, body)
        data = response.json()
        records = _records(data, steps)
        received = len(records)
        if paging.get("max_records") is not None:
            records = records[: max(0, paging["max_records"] - counts["kept"])]
        counts["pages"] += 1
        counts["received"] += received
        counts["kept"] += len(records)
        if paging.get("total_path") is not None or paging.get("total_header"):
            counts["total"] = _total(response, data, paging)
        yield from records
        if _stop(paging, counts, received):
            return
        number, offset = number + 1, offset + received
        if style in ("cursor", "next_url", "link"):
            key = _next_key(response, data, paging)
            if key is None:
                return
            if key in seen:
                raise SystemExit(f"the server named {key!r} a second time; stopping")
            seen.add(key)
            if style != "cursor":
                url, query = urljoin(response.request.url, key), []
            elif paging["cursor_in"] == "body" and isinstance(body, list):  # a form
                body = [(k, v) for k, v in body if k != paging["cursor_param"]]
                body.append((paging["cursor_param"], key))
            elif paging["cursor_in"] == "body":
                body = _body({**_flat(body), paging["cursor_param"]: key})
            else:
                query = _set(query, paging["cursor_param"], key)


def _flat(body: Any, prefix: str = "") -> dict:
    \"\"\"A JSON body as dotted names (the inverse of _body).\"\"\"
    if not isinstance(body, dict):
        return {}
    flat = {}
    for key, value in body.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            flat.update(_flat(value, name + "."))
        else:
            flat[name] = value
    return flat
"""
