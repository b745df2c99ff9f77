"""The smaller parts: plain words for staff, the charts' numbers for screen readers, and the
screen-rendering heartbeat reaching the fleet metrics."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtWidgets import QWidget

from kiosk import queue_words as words
from offline.outbox import Outbox
from sync.metrics import FleetMetrics
from ui.charts import BarChart, HorizontalBarChart, Series
from ui.staff.heartbeat import RenderHeartbeat

NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(("error_class", "status", "expected"), [
    ("connection_refused", None, "Could not connect to the council's system"),
    ("http_503", 503, "The council's system had a problem (it will be tried again)"),
    ("http_418", 418, "The council's system did not accept it (code 418)"),
    ("http_404", 404, "The council's system does not know this service"),
    (None, None, "No problem recorded"),
    ("something_new", None, "Something went wrong sending this"),
])
def test_errors_in_plain_words(error_class: str | None, status: int | None, expected: str) -> None:
    assert words.describe_error(error_class, status) == expected


def test_times_in_plain_words() -> None:
    assert words.last_sent(NOW - timedelta(minutes=5, seconds=20), NOW) == "Last sent 5 minutes ago"
    assert words.last_sent(None, NOW) == "Nothing sent yet"
    assert words.ago(NOW - timedelta(seconds=30), NOW) == "just now"
    assert words.ago(NOW - timedelta(hours=1, minutes=59), NOW) == "1 hour ago"
    assert words.oldest_waiting(3 * 86400 + 5) == "The oldest has waited 3 days"
    assert words.oldest_waiting(None) == "Nothing is waiting to be sent"


def test_edited_answers_keep_their_types() -> None:
    original = {"WASTE": ["bags", "sofa"], "lat": 51.5, "description": "Bags"}
    rows = dict(words.answers_for_editing(original))
    assert rows == {"WASTE": '["bags", "sofa"]', "lat": "51.5", "description": "Bags"}
    back = words.answers_from_editing(original, {**rows, "WASTE": '["bags"]', "description": "[not json"})
    assert back == {"WASTE": ["bags"], "lat": 51.5, "description": "[not json"}


def test_bar_chart_states_every_number(qtbot) -> None:
    chart = BarChart("Sessions per day")
    qtbot.addWidget(chart)
    assert chart.accessibleName() == "Sessions per day"
    assert chart.accessibleDescription() == "Sessions per day: no data"
    chart.set_data(["Mon 2", "Tue 3"], [Series("Sessions", (4, 0)), Series("Completed", (1, 0))])
    assert chart.accessibleDescription() == (
        "Sessions per day. Mon 2: Sessions 4, Completed 1; Tue 3: Sessions 0, Completed 0.")
    with pytest.raises(ValueError):
        chart.set_data(["Mon 2"], [Series("Sessions", (1, 2))])
    chart.resize(800, 400)
    chart.show()
    qtbot.waitExposed(chart)
    assert not chart.grab().isNull()


def test_horizontal_chart_rows(qtbot) -> None:
    chart = HorizontalBarChart("Abandoned by page", empty_text="No journeys were abandoned")
    qtbot.addWidget(chart)
    assert chart.accessibleDescription() == "Abandoned by page: no journeys were abandoned"
    chart.set_rows([("Report fly-tipping: location", 3), ("Sign a petition: postcode", 1)])
    assert "Report fly-tipping: location: 3; Sign a petition: postcode: 1." in chart.accessibleDescription()
    small = chart.minimumSizeHint().height()
    chart.set_rows([(f"page {n}", n) for n in range(1, 9)])
    assert chart.minimumSizeHint().height() > small  # every row gets room, none is cut off


def test_painting_the_window_feeds_the_metrics_heartbeat(qtbot, outbox: Outbox, settings) -> None:
    metrics = FleetMetrics(outbox, settings, version="1", sessions_today=lambda: 0)
    window = QWidget()
    qtbot.addWidget(window)
    beat = RenderHeartbeat(window, metrics.note_rendered, nudge_ms=50, min_interval_ms=0)
    assert metrics.screen_rendering() is None  # nothing painted yet: unknown
    window.resize(200, 100)
    window.show()
    qtbot.waitUntil(lambda: metrics.rendered_at is not None)
    assert metrics.screen_rendering() is True
    first = metrics.rendered_at
    qtbot.waitUntil(lambda: metrics.rendered_at != first)  # the nudge repaints a still screen
    beat.stop()
