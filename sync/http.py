"""Safe HTTP for delivery: HTTPS with certificate checks (plain HTTP only to loopback),
explicit timeouts, no cross-host redirects, and transport failures named as short,
PII-free error classes.

Nothing here logs a URL's query, a body or a header value: bodies hold residents'
answers and API keys.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

if TYPE_CHECKING:  # requests is imported with the first Transport: a kiosk with nothing
    import requests  # to send (no destinations) never loads the HTTP stack

LOOPBACK_NAMES = ("localhost",)
MAX_REDIRECTS = 3


class UnsafeEndpoint(ValueError):
    """A destination URL the kiosk refuses to use (plain HTTP off loopback, or not a URL)."""


class TransportFailure(Exception):
    """A request that got no usable HTTP answer. ``error_class`` is short and PII-free;
    ``sent`` is True when the request may have reached the server (an unknown outcome)."""

    def __init__(self, error_class: str, *, sent: bool) -> None:
        super().__init__(error_class)
        self.error_class = error_class
        self.sent = sent


def is_loopback_host(host: str) -> bool:
    host = host.strip("[]").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


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
    """One ``requests.Session`` with the kiosk's rules. Not shared between threads."""

    def __init__(self, connect_timeout: float = 10.0, read_timeout: float = 30.0,
                 session: requests.Session | None = None) -> None:
        import requests

        self.timeout = (connect_timeout, read_timeout)
        self.session = session or requests.Session()
        self.session.trust_env = False  # no proxy or netrc picked up from the environment
        self.session.headers["User-Agent"] = "council-kiosk/0.1"

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> Transport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def request(self, method: str, url: str, *, data: bytes | None = None,
                headers: Mapping[str, str] | None = None, params: Mapping[str, str] | None = None) -> Answer:
        """Send one request; follow a redirect only to the same scheme, host and port.

        A 307/308 repeats the same method and body; 301/302/303 are followed only for GET
        (a POST redirected that way would lose its body, so it is a failure to retry).
        Raises ``UnsafeEndpoint`` or ``TransportFailure``.
        """
        import requests

        check_endpoint(url)
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            try:
                response = self.session.request(
                    method, current, data=data, headers=dict(headers or {}), params=params,
                    timeout=self.timeout, allow_redirects=False, verify=True,
                )
                body = response.content
            except requests.RequestException as exc:
                raise _classify(exc) from None
            if response.is_redirect or response.status_code in (301, 302, 303, 307, 308):
                target = urljoin(current, response.headers.get("Location", ""))
                response.close()
                if not _same_origin(current, target):
                    raise TransportFailure("redirect_refused", sent=True)
                if method != "GET" and response.status_code not in (307, 308):
                    raise TransportFailure("redirect_refused", sent=True)
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
        raise TransportFailure("too_many_redirects", sent=True)


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
