"""Safe HTTP for delivery: HTTPS with certificate checks (plain HTTP only to loopback),
explicit timeouts, a total deadline and a size limit on every exchange, no cross-host
redirects, and transport failures named as short, PII-free error classes.

The deadline covers connecting, sending and reading the whole answer (redirects
included): a watchdog timer shuts the exchange's socket down when it passes, so a server
that trickles its answer a byte at a time cannot hold the sender. Answers are read as a
stream and refused as soon as they pass the size limit, so a huge answer never sits in
memory.

Nothing here logs a URL's query, a body or a header value: bodies hold residents'
answers and API keys.
"""

from __future__ import annotations

import heapq
import itertools
import socket
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from kiosk.config import is_loopback_host

if TYPE_CHECKING:  # requests is imported with the first Transport: a kiosk with nothing
    import requests  # to send (no destinations) never loads the HTTP stack

MAX_REDIRECTS = 3
DEFAULT_DEADLINE_SECONDS = 60.0
DEFAULT_MAX_BYTES = 4_000_000
_CHUNK = 64 * 1024


class UnsafeEndpoint(ValueError):
    """A destination URL the kiosk refuses to use (plain HTTP off loopback, or not a URL)."""


class TransportFailure(Exception):
    """A request that got no usable HTTP answer. ``error_class`` is short and PII-free;
    ``sent`` is True when the request may have reached the server (an unknown outcome).
    ``status`` is the HTTP status when one came before the failure (an answer too large)."""

    def __init__(self, error_class: str, *, sent: bool, status: int | None = None) -> None:
        super().__init__(error_class)
        self.error_class = error_class
        self.sent = sent
        self.status = status


def check_endpoint(url: str) -> None:
    """Raise ``UnsafeEndpoint`` unless ``url`` is HTTPS, or plain HTTP to a loopback address."""
    parts = urlsplit(url)
    if not parts.hostname:
        raise UnsafeEndpoint(f"'{url}' is not a web address")
    if parts.scheme == "https":
        return
    if parts.scheme == "http" and is_loopback_host(parts.hostname):
        return
    raise UnsafeEndpoint(
        f"'{parts.scheme}://{parts.hostname}' is not allowed: council systems must use https "
        "(plain http only to this computer, for tests)"
    )


def _same_origin(a: str, b: str) -> bool:
    pa, pb = urlsplit(a), urlsplit(b)
    return (pa.scheme, pa.hostname, pa.port) == (pb.scheme, pb.hostname, pb.port)


def _classify(exc: requests.RequestException) -> TransportFailure:
    """Name a requests failure; decide whether the request may have reached the server."""
    import requests

    if isinstance(exc, requests.exceptions.SSLError):
        return TransportFailure("tls_error", sent=False)
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return TransportFailure("connect_timeout", sent=False)
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return TransportFailure("timeout", sent=True)
    text = repr(exc)
    if "NameResolution" in text or "Name or service not known" in text:
        return TransportFailure("dns_error", sent=False)
    if "NewConnectionError" in text or "Connection refused" in text:
        return TransportFailure("connection_refused", sent=False)
    if isinstance(exc, requests.exceptions.ConnectionError):
        return TransportFailure("connection_reset", sent=True)
    return TransportFailure("transport_error", sent=True)


class _Deadline:
    """One exchange's total deadline. When it passes, the sockets of the connections the
    exchange uses are shut down, which ends any read or write blocked on them."""

    def __init__(self, seconds: float) -> None:
        self.expires = time.monotonic() + seconds
        self.fired = False
        self.done = False
        self._connections: list[Any] = []
        self._lock = threading.Lock()
        _WATCHDOG.arm(self)

    def remaining(self) -> float:
        return max(0.0, self.expires - time.monotonic())

    def watch(self, connection: Any) -> None:
        with self._lock:
            if self.fired:
                _cut(connection)
            else:
                self._connections.append(connection)

    def fire(self) -> None:
        with self._lock:
            if self.done:
                return
            self.fired = True
            for connection in self._connections:
                _cut(connection)

    def cancel(self) -> None:
        with self._lock:
            self.done = True
            self._connections.clear()


class _Watchdog:
    """One daemon thread that fires every exchange's deadline when it passes (a timer
    thread per request would cost about 0.3 ms each). Cancelled deadlines are dropped
    when they reach the front."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, _Deadline]] = []
        self._order = itertools.count()
        self._thread: threading.Thread | None = None

    def arm(self, deadline: _Deadline) -> None:
        with self._cond:
            heapq.heappush(self._heap, (deadline.expires, next(self._order), deadline))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="http-deadlines", daemon=True)
                self._thread.start()
            elif self._heap[0][2] is deadline:
                self._cond.notify()

    def _run(self) -> None:
        with self._cond:
            while True:
                while self._heap and self._heap[0][2].done:
                    heapq.heappop(self._heap)
                if not self._heap:
                    self._cond.wait()
                    continue
                wait = self._heap[0][0] - time.monotonic()
                if wait > 0:
                    self._cond.wait(wait)
                    continue
                heapq.heappop(self._heap)[2].fire()


_WATCHDOG = _Watchdog()


def _cut(connection: Any) -> None:
    """Shut a connection's socket down from another thread (POSIX and Windows alike).

    The plain socket's shutdown, not ``SSLSocket.shutdown``, which would tear the TLS
    object away under a read in progress."""
    sock = getattr(connection, "sock", None)
    if sock is None:
        return
    try:
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass


_current = threading.local()  # the deadline of the exchange running on this thread


def _watched_pool(base: type[Any]) -> type[Any]:
    class Watched(base):  # type: ignore[misc]
        def _get_conn(self, timeout: float | None = None) -> Any:
            connection = super()._get_conn(timeout)
            deadline: _Deadline | None = getattr(_current, "deadline", None)
            if deadline is not None:
                deadline.watch(connection)
            return connection

    Watched.__name__ = f"Watched{base.__name__}"
    return Watched


def _mount_watchdog(session: requests.Session) -> None:
    """Make every connection the session uses known to the running exchange's deadline."""
    from requests.adapters import HTTPAdapter
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

    adapter = HTTPAdapter()
    adapter.poolmanager.pool_classes_by_scheme = {
        "http": _watched_pool(HTTPConnectionPool), "https": _watched_pool(HTTPSConnectionPool)}
    session.mount("http://", adapter)
    session.mount("https://", adapter)


@dataclass(frozen=True)
class Answer:
    """An HTTP answer with what delivery needs of it (the body is read in full)."""

    status: int
    content_type: str
    body: bytes
    headers: Mapping[str, str]

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


class Transport:
    """One ``requests.Session`` with the kiosk's rules. Not shared between threads.

    ``deadline`` is the total time for one exchange (connect, send, the whole answer);
    ``max_bytes`` the largest answer read (either can be set per request)."""

    def __init__(self, connect_timeout: float = 10.0, read_timeout: float = 30.0,
                 session: requests.Session | None = None, *, deadline: float = DEFAULT_DEADLINE_SECONDS,
                 max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        import requests

        self.timeout = (connect_timeout, read_timeout)
        self.deadline = deadline
        self.max_bytes = max_bytes
        self.session = session or requests.Session()
        self.session.trust_env = False  # no proxy or netrc picked up from the environment
        self.session.headers["User-Agent"] = "council-kiosk/0.1"
        _mount_watchdog(self.session)

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> Transport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def request(self, method: str, url: str, *, data: bytes | None = None,
                headers: Mapping[str, str] | None = None, params: Mapping[str, str] | None = None,
                max_bytes: int | None = None, deadline: float | None = None) -> Answer:
        """Send one request; follow a redirect only to the same scheme, host and port.

        A 307/308 repeats the same method and body; 301/302/303 are followed only for GET
        (a POST redirected that way would lose its body, so it is a failure to retry).
        The whole exchange ends within ``deadline`` seconds ("deadline" failure) and an
        answer longer than ``max_bytes`` is refused unread ("too_large").
        Raises ``UnsafeEndpoint`` or ``TransportFailure``.
        """
        check_endpoint(url)
        watchdog = _Deadline(self.deadline if deadline is None else deadline)
        _current.deadline = watchdog
        try:
            return self._exchange(method, url, data, headers, params,
                                  self.max_bytes if max_bytes is None else max_bytes, watchdog)
        finally:
            _current.deadline = None
            watchdog.cancel()

    def _exchange(self, method: str, url: str, data: bytes | None, headers: Mapping[str, str] | None,
                  params: Mapping[str, str] | None, max_bytes: int, watchdog: _Deadline) -> Answer:
        import requests
        from urllib3.exceptions import HTTPError as Urllib3Error

        current = url
        for _ in range(MAX_REDIRECTS + 1):
            left = watchdog.remaining()
            if left <= 0:
                raise TransportFailure("deadline", sent=True)
            timeout = (min(self.timeout[0], left), min(self.timeout[1], left))
            status: int | None = None
            try:
                response = self.session.request(
                    method, current, data=data, headers=dict(headers or {}), params=params,
                    timeout=timeout, allow_redirects=False, verify=True, stream=True,
                )
                status = response.status_code
                try:
                    body = _read_limited(response, max_bytes, watchdog)
                finally:
                    response.close()
            except TransportFailure:
                raise
            except (requests.RequestException, Urllib3Error, OSError) as exc:
                if watchdog.fired:
                    raise TransportFailure("deadline", sent=True, status=status) from None
                if isinstance(exc, requests.RequestException):
                    raise _classify(exc) from None
                raise TransportFailure("connection_reset", sent=True, status=status) from None
            if watchdog.fired:  # an answer without a length, cut short by the deadline
                raise TransportFailure("deadline", sent=True, status=status)
            if response.is_redirect or response.status_code in (301, 302, 303, 307, 308):
                target = urljoin(current, response.headers.get("Location", ""))
                # a redirect is a clear answer that the report was not taken here
                if not _same_origin(current, target):
                    raise TransportFailure("redirect_refused", sent=False)
                if method != "GET" and response.status_code not in (307, 308):
                    raise TransportFailure("redirect_refused", sent=False)
                check_endpoint(target)
                current = target
                params = None  # the Location carries its own query
                continue
            return Answer(
                status=response.status_code,
                content_type=response.headers.get("Content-Type", "").split(";")[0].strip().lower(),
                body=body,
                headers={k.lower(): v for k, v in response.headers.items()},
            )
        raise TransportFailure("too_many_redirects", sent=False)


def _read_limited(response: requests.Response, max_bytes: int, watchdog: _Deadline) -> bytes:
    """The answer's body, read in chunks; ``too_large`` as soon as it passes ``max_bytes``
    (a declared ``Content-Length`` over the limit is refused before reading anything)."""
    status = response.status_code
    declared = response.headers.get("Content-Length", "")
    if declared.strip().isdigit() and int(declared) > max_bytes:
        raise TransportFailure("too_large", sent=True, status=status)
    chunks: list[bytes] = []
    total = 0
    for chunk in response.iter_content(_CHUNK):
        total += len(chunk)
        if total > max_bytes:
            raise TransportFailure("too_large", sent=True, status=status)
        if watchdog.fired:
            raise TransportFailure("deadline", sent=True, status=status)
        chunks.append(chunk)
    return b"".join(chunks)


def retry_after_seconds(value: str | None) -> float | None:
    """``Retry-After`` as seconds from now (delta-seconds or an HTTP date); None if absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    from datetime import UTC, datetime
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def looks_like_html(answer: Answer) -> bool:
    head = answer.body[:512].lstrip().lower()
    return answer.content_type in ("text/html", "application/xhtml+xml") or head.startswith(
        (b"<!doctype html", b"<html")
    )


def describe(answer: Any) -> str:
    """A PII-free one-line description of an answer for logs: status and content type only."""
    return f"HTTP {answer.status} {answer.content_type or 'no content type'}"
