"""Secret hygiene across the product, with canary secrets: every auth scheme against the
sandbox, failed auth, a 401 retry, the request echo, cURL text, errors, saved and exported
connectors, exported tables, the accounts store, the run history (runs, failures and batch
rows) and an executed notebook — then every file written, every captured log line, every
exception string and the notebook's outputs are scanned: no canary anywhere (except, by
design, the 0600 accounts file)."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import stat
import traceback
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from engine.conftest import CANARY, CANARY_SECRETS, SCHEME_CASES, connector_for, scheme_for
from nbclient import NotebookClient

from connector_lab import (
    Action,
    AuthAccount,
    Client,
    ConnectorLabError,
    Param,
    RunHistory,
    export,
)
from connector_lab.sandbox import serve
from connector_lab.store import Workspace

WRONG_SECRET = "cnry-wrong-secret-2a3b"
CANARIES = [*CANARY_SECRETS, WRONG_SECRET]


def canary_account(scheme, *, via_env: bool) -> AuthAccount:
    values = {
        "none": {},
        "basic": {"username": CANARY.username, "password": CANARY.password},
        "api_key": {"token": CANARY.api_key},
        "aliyun_appcode": {"app_code": CANARY.app_code},
        "aliyun_signature": {
            "app_key": CANARY.aliyun_app_key,
            "app_secret": CANARY.aliyun_app_secret,
        },
        "dingtalk": {"app_key": CANARY.app_key, "app_secret": CANARY.app_secret},
        "dingtalk_zero_trust": {"app_key": CANARY.app_key, "app_secret": CANARY.app_secret},
        "oauth2_client_credentials": {
            "client_id": CANARY.client_id,
            "client_secret": CANARY.client_secret,
        },
    }[scheme.type]
    if via_env:
        # The signature gateway has an AppKey/AppSecret pair of its own.
        head = "CL_CANARY_ALIYUN_" if scheme.type == "aliyun_signature" else "CL_CANARY_"
        values = {k: f"env:{head}{k.upper()}" for k in values}
    return AuthAccount(name="canary", values=values)


def run_every_flow(api, out: Path, texts: list[str]) -> None:
    """Exercise the product; collect every string a user could see into ``texts``."""
    ws = Workspace(out / "workspace")
    tables_dir = out / "tables"
    history = RunHistory(out / "history" / "runs.jsonl")
    for name in sorted(SCHEME_CASES):
        scheme = scheme_for(name, api)
        extra = [
            Action(
                id="orders",
                name="Orders",
                path="/orders",
                params=[Param(name="count", type="integer", default=3)],
            ),
            Action(id="text", name="Text", path="/formats/text"),
            Action(id="fail", name="Fail", path="/errors/500"),
        ]
        connector = connector_for(api, scheme, SCHEME_CASES[name][1], extra)
        client = Client(connector, canary_account(scheme, via_env=True), history=history)
        for action in ("call", "echo", "to_other_host", "orders"):
            result = client.run(action) if action != "echo" else client.run(action, note="n")
            texts += [
                repr(result),
                str(result.request),
                result.curl(),
                result.url,
                str(result.history),
                repr(client),
                repr(client.auth),
            ]
            if action == "orders" and result.ok:
                frame = result.to_frame()
                for suffix in (".csv", ".xlsx", ".parquet", ".jsonl"):
                    export(frame, tables_dir / f"{name}{suffix}")
                export(frame, tables_dir / "all.sqlite", table=name, if_exists="replace")
        for action, options, then in (
            ("text", {}, "json"),
            ("fail", {}, "raise_for_status"),
            ("call", {"timeout": 1e-6}, None),
        ):
            try:
                result = client.run(action, **options)
                if then:
                    getattr(result, then)()
            except ConnectorLabError as exc:
                texts += [str(exc), repr(exc), "".join(traceback.format_exception(exc))]
        # Wrong secrets; identifiers (user name, App Key) are not secrets and stay as they are.
        secret_keys = {f.key for f in scheme.account_fields() if f.secret}
        wrong = AuthAccount(
            name="wrong",
            values={
                k: WRONG_SECRET if k in secret_keys else v.get_secret_value()
                for k, v in canary_account(scheme, via_env=False).values.items()
            },
        )
        if name != "none":
            try:
                result = Client(connector, wrong, history=history).run("call")
                texts += [repr(result), str(result.request), result.curl(), result.text]
            except ConnectorLabError as exc:
                texts += [str(exc), repr(exc), "".join(traceback.format_exception(exc))]
        outcome = client.batch("orders", pd.DataFrame({"count": [1, 2]}), progress=False)
        texts += [repr(outcome), outcome.table.to_string(), outcome.records.to_string()]
        connector_id = ws.save(connector, name.replace("_", "-"))
        ws.save_account(connector_id, canary_account(scheme, via_env=False))  # typed in
        ws.save_account(
            connector_id,
            canary_account(scheme, via_env=True).model_copy(update={"name": "from-env"}),
        )
        ws.export_connector(connector_id, out / "shared" / f"{connector_id}.yaml")
        texts += [repr(ws.accounts(connector_id)), repr(ws.list_accounts(connector_id))]
    # a 401 retry after the platform dropped the token
    dingtalk = scheme_for("dingtalk", api)
    client = Client(
        connector_for(api, dingtalk, "/v1.0/contact/users"), canary_account(dingtalk, via_env=False)
    )
    client.run("call")
    api.expire_tokens()
    retried = client.run("call")
    assert [status for status, _ in retried.history] == [401]
    texts += [repr(retried), str(retried.request), retried.curl(), str(retried.history)]


NOTEBOOK_CELLS = [
    """import os
from connector_lab import *
from connector_lab.sandbox import SandboxCredentials, start
creds = SandboxCredentials(**{k: os.environ["CL_NB_" + k.upper()] for k in
    ("app_key", "app_secret", "username", "password", "api_key", "app_code")})
api = start(credentials=creds)
creds""",
    """shop = Connector(display_name="Shop", host=api.host_port, protocol="http",
    auth=ApiKeyAuth(name="api_key", location="query"),
    actions=[Action(id="items", name="Items", path="/apikey/query/items"),
             Action(id="echo", name="Echo", path="/redirect/other-host")])
account = AuthAccount(name="typed", values={"token": creds.api_key})
client = Client(shop, account)
result = client.run("items")
print(result, result.request, result.curl(), sep="\\n")
account, client, result.to_frame().head()""",
    """dt = Connector(display_name="DT", host=api.host_port, protocol="http",
    auth=DingTalkAuth(token_url=api.url + "/v1.0/oauth2/accessToken"),
    actions=[Action(id="users", name="Users", path="/v1.0/contact/users")])
bad = Client(dt, AuthAccount(name="bad", values={"app_key": creds.app_key,
                                                 "app_secret": os.environ["CL_NB_WRONG"]}))
bad.run("users")""",
    """good = Client(dt, AuthAccount(name="good", values={"app_key": creds.app_key,
                                                   "app_secret": creds.app_secret}))
api.expire_tokens()
r = good.run("users"); print(r.status, r.history, r.request, r.curl(), sep="\\n")""",
    "api.stop()",
]


def run_notebook(tmp_path: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in NOTEBOOK_CELLS]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    env = {
        f"CL_NB_{k.upper()}": getattr(CANARY, k)
        for k in ("app_key", "app_secret", "username", "password", "api_key", "app_code")
    }
    env["CL_NB_WRONG"] = WRONG_SECRET
    old = dict(os.environ)
    os.environ.update(env)
    try:
        NotebookClient(
            nb, timeout=120, allow_errors=True, resources={"metadata": {"path": str(tmp_path)}}
        ).execute()
    finally:
        os.environ.clear()
        os.environ.update(old)
    path = tmp_path / "executed.ipynb"
    nbformat.write(nb, path)
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert [e.ename for e in errors] == ["AuthError"], errors  # only the intended failure
    return path


@pytest.mark.slow
def test_no_canary_anywhere(tmp_path, caplog, monkeypatch):
    for key, value in {
        "CL_CANARY_USERNAME": CANARY.username,
        "CL_CANARY_PASSWORD": CANARY.password,
        "CL_CANARY_TOKEN": CANARY.api_key,
        "CL_CANARY_APP_CODE": CANARY.app_code,
        "CL_CANARY_APP_KEY": CANARY.app_key,
        "CL_CANARY_APP_SECRET": CANARY.app_secret,
        "CL_CANARY_ALIYUN_APP_KEY": CANARY.aliyun_app_key,
        "CL_CANARY_ALIYUN_APP_SECRET": CANARY.aliyun_app_secret,
        "CL_CANARY_CLIENT_ID": CANARY.client_id,
        "CL_CANARY_CLIENT_SECRET": CANARY.client_secret,
    }.items():
        monkeypatch.setenv(key, value)
    caplog.set_level(logging.DEBUG)
    texts: list[str] = []
    out = tmp_path / "out"
    with serve(credentials=CANARY) as api:
        run_every_flow(api, out, texts)
    notebook = run_notebook(tmp_path)

    # Positive control: the canaries really travelled (the accounts store holds them), and
    # the history recorded every scheme's runs, failures and batch rows.
    accounts = (out / "workspace" / "accounts.json").read_bytes()
    assert CANARY.api_key.encode() in accounts
    assert stat.S_IMODE((out / "workspace" / "accounts.json").stat().st_mode) == 0o600
    journal = RunHistory(out / "history" / "runs.jsonl").read()
    assert set(journal["kind"]) == {"run", "batch"} and (~journal["ok"]).sum() >= 8

    files = [p for p in [*out.rglob("*"), notebook] if p.is_file() and p.name != "accounts.json"]
    assert len(files) > 40
    logs = [record.getMessage() for record in caplog.records]
    assert any("api_key=***" in line for line in logs)  # urllib3's request line, masked
    leaks = []
    for canary in CANARIES:
        needle = canary.encode()
        leaks += [f"file {p}" for p in files if needle in p.read_bytes()]
        leaks += [f"log: {line}" for line in logs if canary in line]
        leaks += [f"text: {text[:200]}" for text in texts if canary in text]
    assert leaks == []


def history_flows(api, ws: Workspace) -> None:
    """Every scheme's runs through Workspace.client (history on): answered, failed (a
    timeout, a 500), a wrong secret, and a batch whose inputs hold the account's own secret
    in a plain and in a secret-named parameter."""
    for name in sorted(SCHEME_CASES):
        scheme = scheme_for(name, api)
        echo = Action(
            id="echo_q",
            name="Echo",
            path="/echo",
            params=[Param(name="note"), Param(name="X-Api-Token", location="header")],
        )
        fail = Action(id="fail", name="Fail", path="/errors/500")
        connector = connector_for(api, scheme, SCHEME_CASES[name][1], [echo, fail])
        connector_id = ws.save(connector, name.replace("_", "-"))
        account = canary_account(scheme, via_env=False)
        ws.save_account(connector_id, account.model_copy(update={"name": "test"}))
        client = ws.client(connector_id)
        secrets = [v.get_secret_value() for v in account.values.values()]
        own = next((v for v in secrets if v in CANARIES), "no-secret")
        for action in ("call", "to_other_host", "fail"):
            client.run(action)
        client.run("echo_q", note=f"mine: {own}", **{"X-Api-Token": CANARY.api_key})
        with pytest.raises(ConnectorLabError):
            client.run("call", timeout=1e-6)
        inputs = pd.DataFrame({"note": [own, "plain"], "X-Api-Token": [CANARY.app_code] * 2})
        outcome = client.batch("echo_q", inputs, keys=[], progress=False)
        assert outcome.succeeded == 2
        if name != "none":
            wrong = {k: WRONG_SECRET for k in account.values}
            ws.save_account(connector_id, AuthAccount(name="wrong", values=wrong))
            with contextlib.suppress(ConnectorLabError):  # recorded all the same
                ws.client(connector_id, "wrong").run("call")


def test_no_canary_in_the_run_history(tmp_path, monkeypatch):
    ws = Workspace(tmp_path / "workspace")
    with serve(credentials=CANARY) as api:
        history_flows(api, ws)
    frame = ws.history()
    assert set(frame["kind"]) == {"run", "batch"} and len(frame) >= 8 * 7
    assert (~frame["ok"]).sum() >= 8 * 2  # failures were recorded too
    assert frame["params"].map(lambda p: p.get("X-Api-Token")).dropna().eq("***").all()
    notes = frame["params"].map(lambda p: p.get("note")).dropna()
    assert notes.eq("mine: ***").sum() >= 6 and notes.eq("***").sum() >= 6  # masked by value
    files = ws.run_history.files()
    assert files and all(p.stat().st_size > 0 for p in files)
    leaks = [f"{p.name}: {canary}" for p in files for canary in CANARIES if canary in p.read_text()]
    assert leaks == []


def test_no_canary_in_exported_curl_commands():
    """The cURL exporter (issue 12) on every scheme: secrets are variables, never values;
    and importing a command that holds a canary shows it nowhere but the account."""
    from connector_lab import from_curl, to_curl_commands

    with serve(credentials=CANARY) as api:
        for name in sorted(SCHEME_CASES):
            scheme = scheme_for(name, api)
            connector = connector_for(api, scheme, SCHEME_CASES[name][1])
            commands = to_curl_commands(connector)
            leaks = [c for c in CANARIES for text in commands.values() if c in text]
            assert commands and leaks == [], name
        report = from_curl(f"curl {api.url}/apikey/header/items -H 'X-API-Key: {CANARY.api_key}'")
        texts = [
            repr(report),
            repr(report.accounts),
            report.connector.to_json(),
            *to_curl_commands(report.connector).values(),
        ]
        assert not [t for t in texts for c in CANARIES if c in t]
        assert report.accounts[0].resolve("token") == CANARY.api_key  # positive control


def test_no_canary_in_the_openapi_export(sandbox):
    """to_openapi of a connector for every scheme, after a run with canary credentials: the
    document (a spec holds no credentials) names no canary."""
    from connector_lab import from_openapi, to_openapi

    for name in sorted(SCHEME_CASES):
        scheme = scheme_for(name, sandbox)
        connector = connector_for(sandbox, scheme, SCHEME_CASES[name][1])
        with contextlib.suppress(ConnectorLabError):
            Client(connector, canary_account(scheme, via_env=False)).run("call")
        text = json.dumps(to_openapi(connector))
        assert not [c for c in CANARIES if c in text], name
        back = from_openapi(text).connector
        assert not [c for c in CANARIES if c in back.to_json()], name


def test_no_canary_in_generated_code(tmp_path):
    """to_python and to_dlt write environment-variable names, never a value: every scheme,
    with a canary account at hand, and the script still signs in with the canaries from
    the environment (so the names it reads are the right ones)."""
    import subprocess
    import sys

    from engine.conftest import SCHEME_CASES

    from connector_lab import to_dlt, to_python
    from connector_lab.interchange.codegen import env_names

    with serve(credentials=CANARY) as api:
        for name in sorted(SCHEME_CASES):
            scheme = scheme_for(name, api)
            path = SCHEME_CASES[name][1]
            connector = connector_for(api, scheme, path)
            account = canary_account(scheme, via_env=False)
            texts = [to_python(connector), to_dlt(connector), repr(connector)]
            leaks = [f"{name}: {c}" for text in texts for c in CANARIES if c in text]
            assert leaks == []
            env = {
                **os.environ,
                **{env_names(connector)[k]: account.resolve(k) for k in account.values},
            }
            script = tmp_path / f"{name}.py"
            script.write_text(texts[0], encoding="utf-8")
            done = subprocess.run(
                [sys.executable, str(script)], capture_output=True, text=True, env=env
            )
            assert done.returncode == 0, (name, done.stderr[-1000:])


def test_no_canary_in_postman_export_or_import(tmp_path):
    """to_postman for every scheme, and from_postman of a collection holding canary
    credentials (collection auth, environment): the accounts hold them, nothing else does."""
    from connector_lab import from_postman, to_postman

    texts = []
    with serve(credentials=CANARY) as api:
        for name in sorted(SCHEME_CASES):
            connector = connector_for(api, scheme_for(name, api), SCHEME_CASES[name][1])
            texts.append(json.dumps(to_postman(connector)))
        collection = {
            "info": {"name": "Canary", "schema": "v2.1.0"},
            "variable": [{"key": "baseUrl", "value": api.url}],
            "auth": {
                "type": "basic",
                "basic": [
                    {"key": "username", "value": CANARY.username},
                    {"key": "password", "value": "{{password}}"},
                ],
            },
            "item": [
                {
                    "name": "Call",
                    "request": {
                        "method": "GET",
                        "url": "{{baseUrl}}/basic/profile?token={{apiKey}}",
                        "header": [
                            {"key": "Authorization", "value": f"Bearer {CANARY.app_secret}"}
                        ],
                    },
                }
            ],
        }
        environment = {
            "values": [
                {"key": "password", "value": CANARY.password},
                {"key": "apiKey", "value": "{{missing}}"},
            ]
        }
        report = from_postman(collection, environment=environment)
        assert report.accounts[0].resolve("password") == CANARY.password  # positive control
        result = Client(report.connector, report.accounts[0]).run("call")
        assert result.status == 200
        texts += [repr(report), *report.warnings, *report.ignored, repr(report.accounts)]
        texts += [json.dumps(to_postman(report.connector)), report.connector.to_json()]
        texts += [repr(result), str(result.request), result.curl()]
    leaks = [f"{canary} in {text[:120]}" for text in texts for canary in CANARIES if canary in text]
    assert leaks == []


def test_no_secret_in_saved_notebooks():
    """The committed notebooks (issue 13, point 8): no stored widget state — it would hold
    what a password field holds — and no demo secret in any metadata or attachment. (The
    public demo API key may be printed in an output, as the exercises' key; never elsewhere.)"""
    from connector_lab.sandbox import DEMO_CREDENTIALS
    from connector_lab.sandbox.credentials import SECRET_FIELDS
    from tools.lab import NOTEBOOKS

    secrets = [getattr(DEMO_CREDENTIALS, name) for name in sorted(SECRET_FIELDS)]
    paths = sorted(NOTEBOOKS.glob("*.ipynb"))
    assert len(paths) >= 7
    leaks = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        assert "widgets" not in nb.metadata, path.name
        saved = json.dumps(nb.metadata) + json.dumps(
            [[c.get("metadata"), c.get("attachments")] for c in nb.cells]
        )
        leaks += [f"{path.name}: {s}" for s in [*secrets, *CANARIES] if s in saved]
        views = [o for c in nb.cells for o in c.get("outputs", []) if "data" in o]
        state = [
            v["data"] for v in views if "application/vnd.jupyter.widget-state+json" in v["data"]
        ]
        assert state == [], path.name
    assert leaks == []
