"""The command line: --help lists every endpoint; the server really serves and logs."""

from __future__ import annotations

import re
import subprocess
import sys

import requests

from connector_lab.sandbox import DEMO_CREDENTIALS, ENDPOINTS
from connector_lab.sandbox.__main__ import main

CMD = [sys.executable, "-m", "connector_lab.sandbox"]


def test_help_lists_every_endpoint():
    done = subprocess.run([*CMD, "--help"], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0
    for endpoint in ENDPOINTS:
        assert f" {endpoint.path} " in done.stdout, endpoint.path
    for option in ("--port", "--host", "--other-host", "--seed"):
        assert option in done.stdout


def test_serves_prints_credentials_and_logs_without_query():
    proc = subprocess.Popen(
        [*CMD, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        # Read the banner line by line: communicate() below reads the pipe itself and would
        # miss what readline() had buffered.
        banner = ""
        while "Ctrl-C" not in banner and (line := proc.stdout.readline()):
            banner += line
        match = re.search(r"listening on (http://127\.0\.0\.1:\d+)", banner)
        assert match, banner
        url = match.group(1)
        assert requests.get(url + "/", timeout=5).json()["url"] == url
        requests.get(url + "/apikey/query/items", params={"api_key": "leak-me"}, timeout=5)
        proc.terminate()
        rest, err = proc.communicate(timeout=10)
    finally:
        proc.kill()
    out = banner + rest
    assert DEMO_CREDENTIALS.app_secret in out  # public demo values, printed on purpose
    assert "GET / 200" in err
    assert "GET /apikey/query/items 401" in err
    assert "leak-me" not in err + out
    if sys.platform != "win32":  # SIGTERM stops it cleanly
        assert proc.returncode == 0
        assert "stopped" in out


def test_unbindable_other_host_exits_with_a_message(capsys):
    assert main(["--port", "0", "--other-host", "192.0.2.1"]) == 2
    assert "other_host" in capsys.readouterr().err
