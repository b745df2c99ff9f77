"""Real HTTP servers on 127.0.0.1 for the sync tests: a spec-strict fake Open311 GeoReport v2
endpoint and a signature-checking webhook receiver.

Both honour ``Idempotency-Key`` (a repeated key gets the first answer and creates
nothing; ``honour_keys = False`` makes the Open311 one behave like most real servers,
which ignore it), keep everything they received for assertions, and take injected
faults: a status and body (HTML pages included), a ``Retry-After``, a delay past the
client's read timeout, a dropped connection after the record was committed, an answer
trickled a byte at a time, and a huge answer generated as it is sent (never held in
memory). The Open311 one also answers GET Service Requests (search by service and
dates), can serve XML with a ``<requests>`` root, and can insist on one ``Accept`` type.

Run on its own (for the benchmark or by hand): ``python -m tests.sync.servers [port]``.
"""

from __future__ import annotations

import itertools
import json
import socket
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit
from xml.sax.saxutils import escape

from sync.webhook import SIGNATURE_HEADER, verify

PREFIX = "/open311/v2"
API_KEY = "test-key-7d1f"
PORTAL_HTML = b"<!DOCTYPE html><html><body><h1>Welcome to Library Wi-Fi</h1>Log in</body></html>"
PROXY_502 = b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"


@dataclass
class Fault:
    """What to do instead of (or as well as) the normal answer to one matching request.

    ``commit``: store the record first (so a later retry finds it by key). ``drop``: close
    the connection without answering. ``delay``: wait this long before answering."""

    status: int | None = None
    body: bytes | None = None
    content_type: str = "text/html"
    retry_after: str | None = None
    location: str | None = None  # a redirect's target
    delay: float = 0.0
    drop: bool = False
    commit: bool = False
    path: str = "requests"  # which resource it applies to: requests, services, tokens, ...
    trickle: float = 0.0  # seconds between bytes of the body (of the whole answer with trickle_head)
    trickle_head: bool = False
    size: int = 0  # a generated body of this many bytes, written in chunks as it is made
    declare_length: bool = True  # False: no Content-Length, the body ends when the connection closes


@dataclass
class Record:
    id: str
    key: str | None
    service_code: str
    fields: list[tuple[str, str]]
    status: str = "open"
    status_notes: str = ""
    created: datetime = field(default_factory=lambda: datetime.now(UTC))


def _xml(tag: str, value: Any) -> str:
    if isinstance(value, dict):
        inner = "".join(_xml(k, v) for k, v in value.items())
    elif isinstance(value, list):
        item = {"services": "service", "attributes": "attribute", "values": "value",
                "service_requests": "request", "requests": "request", "errors": "error"}[tag]
        inner = "".join(_xml(item, v) for v in value)
    elif isinstance(value, bool):
        inner = "true" if value else "false"
    else:
        inner = escape("" if value is None else str(value))
    return f"<{tag}>{inner}</{tag}>"


def render(fmt: str, root: str, value: Any) -> tuple[bytes, str]:
    if fmt == "xml":
        return (('<?xml version="1.0" encoding="utf-8"?>' + _xml(root, value)).encode("utf-8"),
                "text/xml; charset=utf-8")
    return json.dumps(value, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8"


DEFAULT_SERVICES: list[dict[str, Any]] = [
    {"service_code": "FLYTIP", "service_name": "Fly-tipping", "description": "Rubbish dumped",
     "metadata": True, "type": "realtime", "keywords": "rubbish, dumping", "group": "Street cleaning"},
    {"service_code": "001", "service_name": "Pothole", "description": "A hole in the road",
     "metadata": False, "type": "realtime", "keywords": "road", "group": "Roads"},
    {"service_code": "BULKY", "service_name": "Bulky waste", "description": "Booked collections",
     "metadata": False, "type": "batch", "keywords": "", "group": "Bins"},
    {"service_code": "NOTE", "service_name": "Comment", "description": "Tell us something",
     "metadata": False, "type": "blackbox", "keywords": "", "group": "Other"},
]
DEFAULT_DEFINITIONS: dict[str, dict[str, Any]] = {
    "FLYTIP": {"service_code": "FLYTIP", "attributes": [
        {"variable": True, "code": "WASTE", "datatype": "multivaluelist", "required": True,
         "datatype_description": "", "order": 2, "description": "What was dumped?",
         "values": [{"key": "bags", "name": "Bags"}, {"key": "sofa", "name": "Sofa"}]},
        {"variable": True, "code": "size", "datatype": "singlevaluelist", "required": False,
         "datatype_description": "", "order": 1, "description": "How big?",
         "values": [{"key": "1", "name": "Small"}]},
        {"variable": False, "code": "kiosk_submission_id", "datatype": "string", "required": True,
         "datatype_description": "", "order": 3, "description": "", "automated": "server_set"},
    ]},
}


class FakeOpen311:
    """A fake GeoReport v2 endpoint on 127.0.0.1. Use as a context manager or start()/stop()."""

    def __init__(self, api_key: str = API_KEY, quiet: bool = True) -> None:
        self.api_key = api_key
        self.services = [dict(s) for s in DEFAULT_SERVICES]
        self.definitions = json.loads(json.dumps(DEFAULT_DEFINITIONS))
        self.raw: dict[str, tuple[int, bytes, str]] = {}  # path → canned answer (catalogue quirks)
        self.faults: list[Fault] = []
        self.delay = 0.0  # every POST waits this long after committing (crash tests)
        self.token_polls_needed = 1  # a token resolves on this many'th poll
        self.records: dict[str, Record] = {}
        self.by_key: dict[str, str] = {}  # idempotency key → record id
        self.tokens: dict[str, tuple[str, int]] = {}  # token → (record id, polls so far)
        self.posts: list[tuple[str | None, bytes]] = []  # (key, body) of every POST received
        self.gets: list[str] = []
        self.honour_keys = True  # False: every POST makes a new record, as most real servers do
        self.accept_only: str | None = None  # e.g. "application/xml": 406 unless Accept names it
        self.requests_root = "service_requests"  # XML root of request answers ("requests" on some)
        self.search_status = 200  # GET requests.json (search): 404/400 for a server without it
        self.echo_attributes = False  # search results carry the attributes sent
        self.unconfirmed_every = 0  # every Nth POST is stored but answered [{}] (benchmarks)
        self.huge_answer = 0  # every POST is stored and answered with this many bytes (benchmarks)
        self._ids = itertools.count(1001)
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.quiet = quiet

    # -- lifecycle ------------------------------------------------------------------------
    def start(self, port: int = 0) -> FakeOpen311:
        fake = self

        class Handler(_Handler):
            server_fake = fake

        server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        server.daemon_threads = True
        server.handle_error = lambda *a: None  # type: ignore[method-assign] # clients that hang up
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeOpen311:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{PREFIX}"

    # -- faults and views -------------------------------------------------------------------
    def fail_next(self, *faults: Fault) -> None:
        with self._lock:
            self.faults.extend(faults)

    def _take_fault(self, resource: str) -> Fault | None:
        with self._lock:
            for i, f in enumerate(self.faults):
                if resource.startswith(f.path):
                    return self.faults.pop(i)
        return None

    def record_for_key(self, key: str) -> Record | None:
        with self._lock:
            rid = self.by_key.get(key)
            return self.records.get(rid) if rid else None

    def posts_for_key(self, key: str) -> list[bytes]:
        return [body for k, body in self.posts if k == key]

    def service_type(self, code: str) -> str | None:
        for s in self.services:
            if str(s["service_code"]) == code:
                return str(s.get("type", "realtime"))
        return None

    # -- POST requests --------------------------------------------------------------------
    def commit(self, key: str | None, fields: list[tuple[str, str]]) -> tuple[Record, bool]:
        """Store a request (or find the one stored under ``key``); (record, created)."""
        code = dict(fields).get("service_code", "")
        with self._lock:
            if key and self.honour_keys and key in self.by_key:
                return self.records[self.by_key[key]], False
            record = Record(str(next(self._ids)), key, code, fields)
            self.records[record.id] = record
            if key and key not in self.by_key:
                self.by_key[key] = record.id
            return record, True

    def records_for_key(self, key: str) -> list[Record]:
        """Every record made by POSTs carrying ``key`` (more than one if it was sent twice)."""
        with self._lock:
            return [r for r in self.records.values() if r.key == key]

    def search(self, query: dict[str, str]) -> list[dict[str, Any]]:
        """GET Service Requests: records of the given service(s) between the given dates."""
        codes = [c for c in query.get("service_code", "").split(",") if c]
        start = datetime.fromisoformat(query["start_date"].replace("Z", "+00:00")) if "start_date" in query else None
        end = datetime.fromisoformat(query["end_date"].replace("Z", "+00:00")) if "end_date" in query else None
        out = []
        with self._lock:
            records = list(self.records.values())
        for r in records:
            if (codes and r.service_code not in codes) or (start and r.created < start) or (end and r.created > end):
                continue
            fields = dict(r.fields)
            entry: dict[str, Any] = {
                "service_request_id": r.id, "status": r.status, "service_code": r.service_code,
                "description": fields.get("description", ""),
                "requested_datetime": r.created.isoformat(timespec="seconds"),
            }
            if self.echo_attributes:
                entry["attributes"] = {k[10:-1]: v for k, v in r.fields if k.startswith("attribute[")}
            out.append(entry)
        return out

    def answer_for(self, record: Record) -> dict[str, Any]:
        kind = self.service_type(record.service_code)
        if kind == "batch":
            token = f"T-{record.id}"
            with self._lock:
                self.tokens.setdefault(token, (record.id, 0))
            return {"token": token, "service_notice": "Collections are booked within 5 working days"}
        if kind == "blackbox":
            return {}
        return {"service_request_id": record.id, "service_notice": "We aim to clear it in 2 working days"}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_fake: FakeOpen311

    def setup(self) -> None:
        super().setup()
        # headers and body go out in separate writes: without this, Nagle and delayed ACKs
        # add ~40 ms to every keep-alive request
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - http.server's name
        if not self.server_fake.quiet:
            sys.stderr.write(format % args + "\n")

    def _send(self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def _drop(self) -> None:
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _error(self, fmt: str, status: int, description: str) -> None:
        body, ctype = render(fmt, "errors", [{"code": status, "description": description}])
        self._send(status, body, ctype)

    def _route(self) -> tuple[str, str] | None:
        path = urlsplit(self.path).path
        if not path.startswith(PREFIX + "/"):
            return None
        resource, dot, fmt = path[len(PREFIX) + 1:].rpartition(".")
        if not dot or fmt not in ("json", "xml"):
            return None
        return resource, fmt

    def _stream(self, fault: Fault) -> None:
        """A trickled or generated answer; stops when the client goes away."""
        status = fault.status or 200
        body = fault.body or b""
        length = fault.size or len(body)
        head = [f"HTTP/1.1 {status} OK", f"Content-Type: {fault.content_type}"]
        head.append(f"Content-Length: {length}" if fault.declare_length else "Connection: close")
        raw_head = ("\r\n".join(head) + "\r\n\r\n").encode("ascii")
        self.close_connection = True
        try:
            if fault.trickle_head:
                for i in range(len(raw_head)):
                    self.wfile.write(raw_head[i:i + 1])
                    self.wfile.flush()
                    time.sleep(fault.trickle)
            else:
                self.wfile.write(raw_head)
                self.wfile.flush()
            if fault.size:
                chunk = b"[" + b" " * (64 * 1024 - 1)
                sent = 0
                while sent < fault.size:
                    part = chunk[:fault.size - sent]
                    self.wfile.write(part)
                    sent += len(part)
                    chunk = b" " * (64 * 1024)
                return
            for i in range(len(body)):
                self.wfile.write(body[i:i + 1])
                self.wfile.flush()
                time.sleep(fault.trickle)
        except OSError:
            pass  # the client gave up: what a deadline is for

    def _apply_fault(self, fault: Fault | None) -> bool:
        """Answer with the fault; True if the request is finished."""
        if fault is None:
            return False
        if fault.delay:
            time.sleep(fault.delay)
        if fault.drop:
            self._drop()
            return True
        if fault.trickle or fault.size or not fault.declare_length:
            self._stream(fault)
            return True
        if fault.status is not None:
            headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
            if fault.location:
                headers["Location"] = fault.location
            self._send(fault.status, fault.body or b"", fault.content_type, headers)
            return True
        return False

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        fake = self.server_fake
        route = self._route()
        if route is None:
            self._send(404, b"Bad extension", "text/plain")
            return
        resource, fmt = route
        fake.gets.append(resource)
        if not self._acceptable():
            return
        if resource in fake.raw:
            status, body, ctype = fake.raw[resource]
            self._send(status, body, ctype)
            return
        if self._apply_fault(fake._take_fault(resource)):
            return
        if resource == "services":
            body, ctype = render(fmt, "services", fake.services)
            self._send(200, body, ctype)
        elif resource.startswith("services/"):
            definition = fake.definitions.get(resource.split("/", 1)[1])
            if definition is None:
                self._error(fmt, 404, "Service not found")
                return
            body, ctype = render(fmt, "service_definition", definition)
            self._send(200, body, ctype)
        elif resource.startswith("tokens/"):
            token = resource.split("/", 1)[1]
            with fake._lock:
                entry = fake.tokens.get(token)
                if entry is not None:
                    entry = (entry[0], entry[1] + 1)
                    fake.tokens[token] = entry
            if entry is None:
                self._error(fmt, 404, "Token not found")
            elif entry[1] < fake.token_polls_needed:
                body, ctype = render(fmt, "service_requests", [{"token": token}])
                self._send(200, body, ctype)
            else:
                body, ctype = render(fmt, "service_requests", [{"service_request_id": entry[0], "token": token}])
                self._send(200, body, ctype)
        elif resource == "requests":
            if fake.search_status != 200:
                self._error(fmt, fake.search_status, "Searching is not supported")
                return
            query = dict(parse_qsl(urlsplit(self.path).query))
            body, ctype = render(fmt, fake.requests_root, fake.search(query))
            self._send(200, body, ctype)
        elif resource.startswith("requests/"):
            record = fake.records.get(resource.split("/", 1)[1])
            if record is None:
                self._error(fmt, 404, "Request not found")
                return
            body, ctype = render(fmt, "service_requests", [{
                "service_request_id": record.id, "status": record.status, "status_notes": record.status_notes,
                "service_code": record.service_code, "requested_datetime": "2026-03-29T01:30:00+01:00",
            }])
            self._send(200, body, ctype)
        else:
            self._error(fmt, 404, "No such resource")

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        fake = self.server_fake
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        route = self._route()
        if route is None or route[0] != "requests":
            self._send(404, b"Bad extension", "text/plain")
            return
        fmt = route[1]
        key = self.headers.get("Idempotency-Key")
        with fake._lock:
            fake.posts.append((key, raw))
        if not self._acceptable():
            return
        fault = fake._take_fault("requests")
        if fault is not None and not fault.commit and self._apply_fault(fault):
            return
        if self.headers.get("Content-Type", "").split(";")[0] != "application/x-www-form-urlencoded":
            self._error(fmt, 400, "Expected a form")
            return
        fields = parse_qsl(raw.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
        values = dict(fields)
        if fake.api_key and values.get("api_key") != fake.api_key:
            self._error(fmt, 403, "Invalid api_key received -- can't proceed with create_request.")
            return
        if fake.service_type(values.get("service_code", "")) is None:
            self._error(fmt, 404, "Service not found")
            return
        record, _created = fake.commit(key, [(k, v) for k, v in fields if k != "api_key"])
        if fault is not None and self._apply_fault(fault):
            return
        if fake.delay:
            time.sleep(fake.delay)
        if fake.huge_answer:
            self._stream(Fault(status=200, size=fake.huge_answer, content_type="application/json",
                               declare_length=False))
            return
        if fake.unconfirmed_every and len(fake.posts) % fake.unconfirmed_every == 0:
            self._send(200, b"[{}]", "application/json")
            return
        body, ctype = render(fmt, fake.requests_root, [fake.answer_for(record)])
        self._send(200, body, ctype)

    def _acceptable(self) -> bool:
        """False (after a 406) when the server insists on a type the client did not accept."""
        wanted = self.server_fake.accept_only
        if wanted and wanted not in self.headers.get("Accept", ""):
            self._send(406, b"Not Acceptable", "text/plain")
            return False
        return True


# -- the webhook receiver ----------------------------------------------------------------
@dataclass
class FakeWebhook:
    """A council's webhook receiver: verifies the signature, keeps one document per key."""

    secret: str = "whsec-test-41f0"
    received: dict[str, dict[str, Any]] = field(default_factory=dict)
    attempts: list[tuple[str | None, bool]] = field(default_factory=list)  # (key, signature ok)
    faults: list[Fault] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None

    def start(self) -> FakeWebhook:
        hook = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

            def _send(self, status: int, body: bytes = b"{}") -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                key = self.headers.get("Idempotency-Key")
                ok = verify(hook.secret, body, self.headers.get(SIGNATURE_HEADER, ""),
                            idempotency_key=key)
                hook.attempts.append((key, ok))
                if hook.faults:
                    fault = hook.faults.pop(0)
                    self._send(fault.status or 500, fault.body or b"")
                    return
                if not ok:
                    self._send(401, b'{"error": "bad signature"}')
                    return
                if key in hook.received:
                    self._send(409, b'{"status": "already received"}')
                    return
                hook.received[str(key)] = json.loads(body)
                self._send(201, b'{"status": "received"}')

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}/kiosk"


def serving(port: int = 0) -> Iterator[FakeOpen311]:  # pragma: no cover - helper for scripts
    fake = FakeOpen311().start(port)
    try:
        yield fake
    finally:
        fake.stop()


if __name__ == "__main__":  # pragma: no cover - used by benchmarks/bench_sync.py
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int, nargs="?", default=0)
    parser.add_argument("--huge", type=int, default=0, help="answer every POST with this many bytes")
    parser.add_argument("--ignore-keys", action="store_true", help="ignore Idempotency-Key")
    options = parser.parse_args()
    server = FakeOpen311().start(options.port)
    server.huge_answer = options.huge
    server.honour_keys = not options.ignore_keys
    print(server.port, flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.stop()
