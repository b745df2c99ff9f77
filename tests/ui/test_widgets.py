"""Widgets of ui.widgets on their own."""

from __future__ import annotations


def test_a_fitting_label_is_as_tall_as_its_words_at_its_width(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from accessibility.audit import clipped_findings
    from ui.widgets import FittingLabel

    host = QWidget()
    qtbot.addWidget(host)
    layout = QVBoxLayout(host)
    fitting = FittingLabel(host)
    fitting.setMargin(12)
    fitting.setIndent(16)
    layout.addWidget(fitting)
    layout.addStretch(1)
    host.resize(300, 600)
    host.show()
    qtbot.waitExposed(host)
    long_words = "Ddim yn hollol. Sgam yw e. Dydy CThEF byth yn dweud wrthych chi " * 3
    fitting.setText(long_words)
    qtbot.waitUntil(lambda: fitting.height() >= fitting.minimumHeight() > 100)
    assert clipped_findings(host) == []
    tall = fitting.minimumHeight()
    fitting.setText("Cywir.")  # shorter words: the label is not left at the old height
    assert fitting.minimumHeight() < tall / 3
    host.resize(900, 600)  # wider: fewer lines
    fitting.setText(long_words)
    qtbot.waitUntil(lambda: fitting.width() > 800)
    assert fitting.minimumHeight() < tall
