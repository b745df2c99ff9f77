"""The HTTP stack, the metrics library and the XML parser load only when a kiosk needs them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _loaded_after(code: str) -> set[str]:
    probe = code + "\nimport sys\nprint(' '.join(sorted(m.split('.')[0] for m in sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True,
                         timeout=60, check=True)
    return set(out.stdout.split())


def test_the_sender_and_metrics_modules_do_not_load_requests_prometheus_or_xml():
    loaded = _loaded_after("import sync.sender, sync.metrics, sync.progress")
    assert "sync" in loaded
    assert "requests" not in loaded
    assert "prometheus_client" not in loaded
    assert not {"defusedxml", "xml"} & loaded


def test_the_first_xml_answer_loads_the_safe_xml_parser():
    code = ("from sync.open311 import load_document\n"
            "tag, value = load_document(b'<service_requests><request><service_request_id>7'"
            "b'</service_request_id></request></service_requests>')\n"
            "assert tag == 'service_requests' and value == [{'service_request_id': '7'}], value")
    loaded = _loaded_after(code)
    assert "defusedxml" in loaded


def test_the_first_transport_loads_requests():
    assert "requests" in _loaded_after("from sync.http import Transport\nTransport().close()")
