"""Command line: ``python -m connector_lab.sandbox`` (also ``connector-lab-sandbox``).

Runs the sandbox until Ctrl-C (or SIGTERM), prints its URLs and the public demo credentials,
and logs one line per request to stderr: method, path without the query string (a query may
carry a credential), status. ``--help`` lists every endpoint, rendered from ``ENDPOINTS``.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence

from .credentials import DEMO_CREDENTIALS
from .routes import render_endpoints
from .server import SandboxStartError, start

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m connector_lab.sandbox",
        description="Run the connector_lab sandbox API (a demo HTTP API on loopback).",
        epilog=(
            "endpoints:\n"
            + render_endpoints()
            + "\n\nThe /paged/* endpoints also take delay= (seconds of latency per page)."
            + "\nHEAD is answered wherever GET is; OPTIONS everywhere (Allow header)."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--port", type=int, default=8765, help="port of the main listener; 0 picks a free one"
    )
    parser.add_argument("--host", default="127.0.0.1", help="address of the main listener")
    parser.add_argument(
        "--other-host",
        default="127.0.0.2",
        help='second loopback address, "another host" for redirect tests (free port)',
    )
    parser.add_argument("--seed", type=int, default=7, help="seed of the deterministic data")
    parser.add_argument(
        "--token-ttl", type=float, default=7200, help="seconds an access token stays valid"
    )
    return parser


def _log(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        api = start(
            args.port,
            args.host,
            other_host=args.other_host,
            credentials=DEMO_CREDENTIALS,
            seed=args.seed,
            token_ttl=args.token_ttl,
            log=_log,
        )
    except (SandboxStartError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    creds = DEMO_CREDENTIALS
    print(
        f"connector_lab sandbox API listening on {api.url}\n"
        f"  other host (redirect target): {api.other_url}\n"
        f"  demo credentials (public): app_key={creds.app_key} app_secret={creds.app_secret}"
        f" username={creds.username} password={creds.password}"
        f" api_key={creds.api_key} app_code={creds.app_code}\n"
        "Press Ctrl-C to stop.",
        flush=True,
    )
    stopping = threading.Event()
    if threading.current_thread() is threading.main_thread():  # signal() works only there
        # SIGTERM (e.g. from a test or a process manager) stops as cleanly as Ctrl-C does.
        signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    try:
        while not stopping.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        api.stop()
    print("stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
