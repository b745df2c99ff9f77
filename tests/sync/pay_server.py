"""A real HTTP server on 127.0.0.1 implementing the parts of the published GOV.UK Pay API
the kiosk uses: Bearer key, ``POST /v1/payments``, ``GET /v1/payments/{id}``, search by
``reference``, ``Idempotency-Key`` on create, and the documented error bodies
(``{"code": "P0...", "description": ...}``): 401 for a bad key, 422 for a bad field, 429, 500.

Tests move a payment on with ``settle(id, "success")``, ``fail(id)`` or ``expire(id)``
(Pay's expired payment: status ``failed``, code ``P0020``), and inject a status with
``faults`` (``[(429, None)]`` answers the next request 429). ``delay`` holds every answer
after it is recorded, so a kill can land between Pay creating a payment and the kiosk
recording it.

Run on its own: ``python -m tests.sync.pay_server PORT`` (prints its port, serves forever).
"""

from __future__ import annotations

import itertools
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

API_KEY = "api_test_kiosk_3c9e"
ERRORS = {
    "P0101": "Missing mandatory attribute: {}",
    "P0102": "Invalid attribute value: {}",
    "P0200": "Not found",
    "P0900": "Too many requests",
    "P0999": "GOV.UK Pay is unavailable",
}


class FakePay:
    def __init__(self, port: int = 0) -> None:
        self.payments: dict[str, dict[str, Any]] = {}
        self.keys: dict[str, str] = {}
        self.faults: list[tuple[int, str | None]] = []
        self.delay = 0.0
        self.honour_keys = True  # False: a repeated Idempotency-Key makes another payment
        self.requests: list[tuple[str, str, str]] = []  # method, path, authorization
        self.lock = threading.Lock()
        self._ids = itertools.count(1)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), _make_handler(self))
        # a client killed mid-answer (the crash test) is no error of the server's: Python's
        # default prints a traceback to the process's stderr, where a later test's captured
        # output met it (as tests/sync/servers.py does)
        self.httpd.handle_error = lambda *a: None  # type: ignore[method-assign]
        self.httpd.daemon_threads = True

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def start(self) -> FakePay:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def _set(self, payment_id: str, status: str, finished: bool, code: str = "", message: str = "") -> None:
        with self.lock:
            state: dict[str, Any] = {"status": status, "finished": finished}
            if code:
                state.update(code=code, message=message)
            self.payments[payment_id]["state"] = state

    def settle(self, payment_id: str, status: str = "success") -> None:
        self._set(payment_id, status, status not in ("created", "started", "submitted", "capturable"))

    def fail(self, payment_id: str) -> None:
        self._set(payment_id, "failed", True, "P0010", "Payment method rejected")

    def expire(self, payment_id: str) -> None:
        self._set(payment_id, "failed", True, "P0020", "Payment expired")

    def cancel(self, payment_id: str) -> None:
        self._set(payment_id, "cancelled", True, "P0030", "Payment was cancelled by the user")

    def view(self, payment: dict[str, Any]) -> dict[str, Any]:
        body = dict(payment)
        pid = payment["payment_id"]
        links: dict[str, Any] = {"self": {"href": f"{self.url}/v1/payments/{pid}", "method": "GET"}}
        if not payment["state"]["finished"]:
            links["next_url"] = {"href": f"{self.url}/secure/{pid}", "method": "GET"}
        body["_links"] = links
        return body

    def create(self, body: dict[str, Any], key: str) -> tuple[int, dict[str, Any]]:
        for name in ("amount", "reference", "description", "return_url"):
            if name not in body:
                return 400, _error("P0101", name)
        amount = body["amount"]
        if isinstance(amount, bool) or not isinstance(amount, int) or not 1 <= amount <= 10_000_000:
            return 422, _error("P0102", "amount")
        if body.get("language", "en") not in ("en", "cy"):
            return 422, _error("P0102", "language")
        with self.lock:
            if key and key in self.keys and self.honour_keys:
                return 200, self.view(self.payments[self.keys[key]])
            pid = f"pay{next(self._ids):04d}kiosk"
            self.payments[pid] = {
                "payment_id": pid, "amount": amount, "reference": str(body["reference"]),
                "description": str(body["description"]), "return_url": str(body["return_url"]),
                "language": body.get("language", "en"), "state": {"status": "created", "finished": False},
                "created_date": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime()),
            }
            if key:
                self.keys[key] = pid
            return 201, self.view(self.payments[pid])


def _error(code: str, field: str = "") -> dict[str, str]:
    return {"field": field, "code": code, "description": ERRORS[code].format(field)} if field else \
        {"code": code, "description": ERRORS[code]}


def _make_handler(pay: FakePay) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
            pass

        def _send(self, status: int, body: Any) -> None:
            if pay.delay:
                time.sleep(pay.delay)
            data = json.dumps(body).encode() if body is not None else b""
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _handle(self, method: str) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            auth = self.headers.get("Authorization", "")
            with pay.lock:
                pay.requests.append((method, parts.path, auth))
                fault = pay.faults.pop(0) if pay.faults else None
            if auth != f"Bearer {API_KEY}":
                self._send(401, None)  # Pay answers a bad key with 401 and no error code
                return
            if fault is not None:
                status, code = fault
                self._send(status, _error(code or ("P0900" if status == 429 else "P0999")))
                return
            if method == "POST" and parts.path == "/v1/payments":
                try:
                    body = json.loads(raw)
                except ValueError:
                    self._send(400, {"code": "P0197", "description": "Unable to parse JSON"})
                    return
                self._send(*pay.create(body, self.headers.get("Idempotency-Key", "")))
            elif method == "GET" and parts.path == "/v1/payments":
                ref = parse_qs(parts.query).get("reference", [""])[0]
                with pay.lock:
                    found = [pay.view(p) for p in pay.payments.values() if not ref or p["reference"] == ref]
                self._send(200, {"total": len(found), "count": len(found), "page": 1, "results": found,
                                 "_links": {}})
            elif method == "GET" and parts.path.startswith("/v1/payments/"):
                with pay.lock:
                    payment = pay.payments.get(parts.path.rsplit("/", 1)[1])
                    view = pay.view(payment) if payment else None
                self._send(200, view) if view else self._send(404, _error("P0200"))
            else:
                self._send(404, _error("P0200"))

        def do_GET(self) -> None:  # noqa: N802 - http.server's names
            self._handle("GET")

        def do_POST(self) -> None:  # noqa: N802
            self._handle("POST")

    return Handler


if __name__ == "__main__":  # pragma: no cover - for crash tests and by hand
    server = FakePay(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
    print(server.url, flush=True)
    server.httpd.serve_forever()
