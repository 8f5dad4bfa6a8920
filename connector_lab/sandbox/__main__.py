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
from .faults import Faults
from .oauth2 import SCOPES as OAUTH2_SCOPES
from .routes import render_endpoints
from .server import SandboxStartError, start

__all__ = ["build_parser", "faults_from", "main"]


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
    _fault_arguments(parser.add_argument_group("faults (for retry and rate-limit demos)"))
    return parser


def _call_numbers(text: str) -> tuple[int, ...]:
    """``"1,3-5"`` -> ``(1, 3, 4, 5)``."""
    calls: list[int] = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        first, _, last = part.partition("-")
        try:
            calls += range(int(first), int(last or first) + 1)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{part!r} is not a call number or range; e.g. 1,3-5"
            ) from None
    return tuple(calls)


def _fault_arguments(group: argparse._ArgumentGroup) -> None:
    add = group.add_argument
    add("--latency", type=float, default=0.0, help="seconds added before every answer")
    add("--fault-paths", default="*", help="glob of the paths faults apply to (default: all)")
    add("--throttle-every", type=int, default=0, help="answer 429 on every Nth call of a path")
    add("--throttle-calls", type=_call_numbers, default=(), help="429 on these calls, e.g. 1,3-5")
    add("--retry-after", type=float, default=1.0, help="seconds in the 429's Retry-After")
    add("--retry-after-date", action="store_true", help="send Retry-After as an HTTP date")
    add("--unavailable-calls", type=_call_numbers, default=(), help="503 on these calls (burst)")
    add("--reset-calls", type=_call_numbers, default=(), help="reset the connection on these")
    add("--fault-rate", type=float, default=0.0, help="random share of calls failing (503/reset)")
    add("--fault-seed", type=int, default=0, help="seed of the random faults")


def faults_from(args: argparse.Namespace) -> Faults:
    """The :class:`Faults` the command line asks for."""
    return Faults(
        latency=args.latency,
        paths=args.fault_paths,
        throttle_every=args.throttle_every,
        throttle_calls=args.throttle_calls,
        retry_after=args.retry_after,
        retry_after_date=args.retry_after_date,
        unavailable_calls=args.unavailable_calls,
        reset_calls=args.reset_calls,
        fault_rate=args.fault_rate,
        seed=args.fault_seed,
    )


def _log(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        faults = faults_from(args)
        api = start(
            args.port,
            args.host,
            other_host=args.other_host,
            credentials=DEMO_CREDENTIALS,
            seed=args.seed,
            token_ttl=args.token_ttl,
            log=_log,
            faults=faults,
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
        f"  Aliyun signature gateway (public): aliyun_app_key={creds.aliyun_app_key}"
        f" aliyun_app_secret={creds.aliyun_app_secret}\n"
        f"  OAuth2 (public): client_id={creds.client_id} client_secret={creds.client_secret}"
        f" scopes={' '.join(sorted(OAUTH2_SCOPES))}\n"
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
