"""How much the engine costs on top of requests.

2,000 GETs of a 2 KB JSON body from a loopback server (in its own process, so it does not
compete with the client for the GIL), alternating in rounds between
  (a) a plain ``requests.Session().get(url).json()`` with default settings, and
  (b) the same call as a connector action with API-key auth (``Client.run(...).json()``).
The client runs with its defaults on: the response size limit (read while streaming), the
total deadline per request and the network policy (checked once per new connection).
Prints both medians (µs per request) and, last, ``ratio=<b/a>``. Target: ratio <= 0.9.

Run: ``.venv/bin/python bench/engine_overhead.py [--requests 2000]``
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import statistics
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests

from connector_lab import Action, ApiKeyAuth, AuthAccount, Client, Connector

BODY = json.dumps(
    {"data": [{"id": i, "name": f"item-{i:04d}", "value": i * 1.5, "ok": True} for i in range(34)]}
).encode()


class _Handler(BaseHTTPRequestHandler):
    # Headers and body go out in two writes; without TCP_NODELAY the second waits ~40 ms for
    # a delayed ACK and both sides would measure only that.
    disable_nagle_algorithm = True
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        ok = self.headers.get("X-API-Key") in (None, "bench-key")
        self.send_response(200 if ok else 401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, *args):
        pass


def _serve(port_queue):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    port_queue.put(server.server_address[1])
    server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="requests per side")
    parser.add_argument("--round", type=int, default=50, help="requests per alternation")
    args = parser.parse_args()

    queue = multiprocessing.Queue()
    server = multiprocessing.Process(target=_serve, args=(queue,), daemon=True)
    server.start()
    port = queue.get(timeout=10)
    url = f"http://127.0.0.1:{port}/data"
    assert len(BODY) >= 2000, len(BODY)

    plain = requests.Session()
    connector = Connector(
        display_name="bench",
        host=f"127.0.0.1:{port}",
        protocol="http",
        auth=ApiKeyAuth(name="X-API-Key"),
        actions=[Action(id="data", name="Data", path="/data")],
    )
    client = Client(connector, AuthAccount(name="bench", values={"token": "bench-key"}))
    assert plain.get(url).json() == client.run("data").json()  # same work, same answer

    samples: dict[str, list[float]] = {"a": [], "b": []}
    for _ in range(3):  # warm both paths (connections, imports, caches)
        plain.get(url).json()
        client.run("data").json()
    rounds = max(1, args.requests // args.round)
    for _ in range(rounds):
        for side in ("a", "b"):
            for _ in range(args.round):
                start = time.perf_counter()
                if side == "a":
                    plain.get(url).json()
                else:
                    client.run("data").json()
                samples[side].append(time.perf_counter() - start)
    server.terminate()

    a, b = (statistics.median(samples[s]) * 1e6 for s in ("a", "b"))
    print(f"body: {len(BODY)} bytes, {len(samples['a'])} requests per side")
    print(
        f"client limits on: max_response_bytes={client.max_response_bytes:,}, "
        f"timeout={client.timeout:g} s per whole exchange, network={client.network!r}"
    )
    print(f"(a) requests.Session().get(url).json()  median {a:7.1f} µs")
    print(f"(b) Client.run(action).json() + API key median {b:7.1f} µs")
    print(f"ratio={b / a:.3f}")


if __name__ == "__main__":
    main()
