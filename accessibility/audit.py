"""Accessibility audit of a widget tree: names, target sizes, contrast, clipped text, speech.

``audit_widget_tree(root, screen=..., high_contrast=...)`` walks every visible widget
under ``root`` and returns :class:`Finding` records for:

- ``unnamed``: an interactive control with no accessible name (as Qt exposes it to
  assistive technology, so a button's text or a field's buddy label counts);
- ``name_mismatch``: the accessible name does not contain the visible label (WCAG 2.5.3);
- ``small_target``: an interactive control smaller than 72 x 72 px;
- ``low_contrast``: text colour against its background below 4.5:1 (7:1 in high
  contrast), from the palette after the style sheet is applied;
- ``clipped``: a label or button whose text does not fit in it;
- ``empty_read_aloud``: a page whose read-aloud text is empty (:func:`read_aloud_findings`).

and, read through Qt's accessibility interface (``QAccessible.queryAccessibleInterface``:
role, name, description, relations), what a screen reader is told beyond names
(:func:`semantic_findings`):

- ``no_heading``: nothing on the screen has the heading role;
- ``summary_not_alert``: an error summary ("There is a problem") whose role is not alert;
- ``error_not_described``: a field in error whose accessible description lacks its error;
- ``no_label_relation``: a text field with no labelled-by relation (to its question);
- ``not_modal``: an overlay marked ``modal_overlay`` (idle warning, PIN pad) not exposed as a
  dialog, or one that Tab can leave;
- ``unnamed_tab_stop``: a Tab stop with no accessible name (a scroll area, say);
- ``focus_not_on_page``: after a page change focus is not on the page's heading, its
  error summary or the confirmation panel (checked when the caller says the page changed).

``write_report(findings, path)`` writes them for ``kiosk audit`` (JSON for ``.json``,
plain text otherwise). The target is zero findings.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QStyleOptionButton,
    QTextEdit,
    QWidget,
)

from accessibility.contrast import minimum_ratio, palette_contrast

FindingKind = Literal[
    "unnamed", "name_mismatch", "small_target", "low_contrast", "clipped", "empty_read_aloud",
    "no_heading", "summary_not_alert", "error_not_described", "no_label_relation",
    "not_modal", "unnamed_tab_stop", "focus_not_on_page",
]
KINDS: tuple[FindingKind, ...] = (
    "unnamed", "name_mismatch", "small_target", "low_contrast", "clipped", "empty_read_aloud",
    "no_heading", "summary_not_alert", "error_not_described", "no_label_relation",
    "not_modal", "unnamed_tab_stop", "focus_not_on_page",
)
MINIMUM_TARGET_PX = 72

INTERACTIVE = (
    QAbstractButton, QLineEdit, QComboBox, QAbstractSlider, QAbstractSpinBox, QTextEdit,
    QAbstractItemView,
)


@dataclass(frozen=True)
class Finding:
    """One accessibility fault on one screen.

    Attributes:
        kind: which check found it (see the module docstring).
        screen: where: a screen, journey page, language, text size and theme, as the caller names it.
        widget: which widget: its class, object name and text, e.g. ``QPushButton#continue "Go"``.
        detail: what is wrong, with the numbers.
    """

    kind: FindingKind
    screen: str
    widget: str
    detail: str


# -- walking --------------------------------------------------------------------------------


def visible_widgets(root: QWidget) -> Iterator[QWidget]:
    """``root`` and every descendant that would be visible when ``root`` is shown.

    Show ``root`` (offscreen is fine) before auditing: sizes come from its layout.
    """
    yield root
    for child in root.findChildren(QWidget):
        if child.isVisibleTo(root) and not child.isWindow():
            yield child


def is_interactive(widget: QWidget) -> bool:
    """A control the resident can act on: Qt's input widgets, or a custom widget that
    takes focus (scroll areas are containers, not controls)."""
    if not widget.isEnabled():
        return False
    if isinstance(widget, INTERACTIVE):
        return True
    if isinstance(widget, (QAbstractScrollArea, QLabel)):
        return False
    return widget.focusPolicy() != Qt.FocusPolicy.NoFocus


def describe(widget: QWidget) -> str:
    """``QPushButton#continue "Continue"``: enough to find the widget in a report."""
    text = visible_label(widget)
    name = widget.objectName()
    described = type(widget).__name__ + (f"#{name}" if name else "")
    return f'{described} "{_short(text)}"' if text else described


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _normal(text: str) -> str:
    """The words of ``text``: label-in-name (WCAG 2.5.3) is about what a speech user says,
    so marks like "▲", "›" or "·" and punctuation do not count."""
    text = re.sub(r"&(?!&)", "", text)  # mnemonics
    text = re.sub(r"<[^>]+>", " ", text)  # rich text tags
    text = "".join(" " if unicodedata.category(ch)[0] in "PS" else ch for ch in text)
    return " ".join(text.casefold().split())


def visible_label(widget: QWidget) -> str:
    """The words a sighted resident sees as the control's label."""
    if isinstance(widget, QAbstractButton):
        return widget.text()
    if isinstance(widget, QLabel):
        return widget.text()
    window = widget.window()
    for label in window.findChildren(QLabel):
        if label.buddy() is widget and label.isVisibleTo(window):
            return label.text()
    return ""


def accessible_name(widget: QWidget) -> str:
    """The name Qt exposes to assistive technology for ``widget``."""
    interface = QAccessible.queryAccessibleInterface(widget)
    if interface is None or not interface.isValid():
        return widget.accessibleName()
    return interface.text(QAccessible.Text.Name) or ""


# -- the checks ------------------------------------------------------------------------------


def _widgets(root: QWidget | Sequence[QWidget]) -> Sequence[QWidget]:
    return list(visible_widgets(root)) if isinstance(root, QWidget) else root


def naming_findings(root: QWidget | Sequence[QWidget], *, screen: str = "") -> list[Finding]:
    """Interactive controls with no accessible name, or one that leaves out the visible label.

    ``root``: a widget (checked with everything visible under it), or those widgets."""
    findings = []
    for widget in _widgets(root):
        if not is_interactive(widget):
            continue
        if not accessible_name(widget).strip():
            findings.append(Finding("unnamed", screen, describe(widget),
                                    "interactive control has no accessible name"))
            continue
        name = _normal(accessible_name(widget))
        label = _normal(visible_label(widget))
        if label and label not in name:
            findings.append(Finding(
                "name_mismatch", screen, describe(widget),
                f"accessible name {accessible_name(widget)!r} does not contain the visible "
                f"label {_short(visible_label(widget))!r}"))
    return findings


def target_findings(
    root: QWidget | Sequence[QWidget], *, screen: str = "", minimum: int = MINIMUM_TARGET_PX
) -> list[Finding]:
    """Interactive controls smaller than ``minimum`` pixels either way."""
    findings = []
    for widget in _widgets(root):
        if is_interactive(widget):
            size = widget.size()
            if size.width() < minimum or size.height() < minimum:
                findings.append(Finding(
                    "small_target", screen, describe(widget),
                    f"{size.width()} x {size.height()} px, under {minimum} x {minimum} px"))
    return findings


def _shows_text(widget: QWidget) -> bool:
    if isinstance(widget, (QLabel, QAbstractButton)):
        return bool(widget.text().strip())
    if isinstance(widget, QLineEdit):
        return True
    return False


def contrast_findings(
    root: QWidget | Sequence[QWidget], *, screen: str = "", high_contrast: bool = False
) -> list[Finding]:
    """Text whose colour against its background is under 4.5:1 (7:1 in high contrast)."""
    needed = minimum_ratio(high_contrast)
    findings = []
    for widget in _widgets(root):
        if not _shows_text(widget):
            continue
        measured = palette_contrast(widget)
        if measured.ratio < needed:
            findings.append(Finding(
                "low_contrast", screen, describe(widget),
                f"text {measured.text} on {measured.background} is "
                f"{measured.ratio:.2f}:1, under {needed:g}:1"))
    return findings


def _button_text_space(button: QPushButton) -> tuple[int, int]:
    option = QStyleOptionButton()
    button.initStyleOption(option)
    rect = button.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, button)
    width, height = rect.width(), rect.height()
    if not button.icon().isNull():
        width -= button.iconSize().width() + 4
    return width, height


def clipped_findings(root: QWidget | Sequence[QWidget], *, screen: str = "") -> list[Finding]:
    """Labels and buttons whose text does not fit inside them (cut off or elided)."""
    findings = []
    for widget in _widgets(root):
        if isinstance(widget, QLabel) and widget.text().strip() and widget.pixmap().isNull():
            space = widget.contentsRect()
            if widget.wordWrap():
                needed_h = widget.heightForWidth(widget.width())
                if needed_h > widget.height():
                    findings.append(Finding(
                        "clipped", screen, describe(widget),
                        f"wrapped text needs {needed_h} px height, has {widget.height()} px"))
                continue
            hint = widget.sizeHint()
            margin_w = widget.width() - space.width()
            margin_h = widget.height() - space.height()
            if hint.width() - margin_w > space.width() or hint.height() - margin_h > space.height():
                findings.append(Finding(
                    "clipped", screen, describe(widget),
                    f"text needs {hint.width()} x {hint.height()} px, has "
                    f"{widget.width()} x {widget.height()} px"))
        elif isinstance(widget, QPushButton) and widget.text().strip():
            # The size Qt lays the words out at, in the fonts that draw them (Urdu on an
            # English page is drawn in a fallback font with its own height).
            needed = widget.fontMetrics().size(Qt.TextFlag.TextShowMnemonic, widget.text())
            text_w, text_h = needed.width(), needed.height()
            width, height = _button_text_space(widget)
            if text_w > width or text_h > height:
                findings.append(Finding(
                    "clipped", screen, describe(widget),
                    f"text needs {text_w} x {text_h} px, the button has room for "
                    f"{width} x {height} px"))
        elif isinstance(widget, QAbstractButton) and widget.text().strip():
            hint = widget.sizeHint()
            if hint.width() > widget.width() or hint.height() > widget.height():
                findings.append(Finding(
                    "clipped", screen, describe(widget),
                    f"needs {hint.width()} x {hint.height()} px, has "
                    f"{widget.width()} x {widget.height()} px"))
    return findings


def read_aloud_findings(text: str, *, screen: str = "") -> list[Finding]:
    """A page whose read-aloud text is empty cannot be heard."""
    if text.strip():
        return []
    return [Finding("empty_read_aloud", screen, "page", "the read-aloud text is empty")]


def audit_widget_tree(
    root: QWidget,
    *,
    screen: str = "",
    high_contrast: bool = False,
    read_aloud_text: str | None = None,
    minimum_target: int = MINIMUM_TARGET_PX,
    widgets: Sequence[QWidget] | None = None,
) -> list[Finding]:
    """Every check on ``root`` (laid out at its current size); zero findings is the target.

    ``read_aloud_text``: what the page would say; None skips that check. ``widgets``:
    ``visible_widgets(root)`` when the caller has already listed them.
    """
    if widgets is None:
        widgets = list(visible_widgets(root))  # found once, checked four ways
    for widget in widgets:
        widget.ensurePolished()
    findings = [
        *naming_findings(widgets, screen=screen),
        *target_findings(widgets, screen=screen, minimum=minimum_target),
        *contrast_findings(widgets, screen=screen, high_contrast=high_contrast),
        *clipped_findings(widgets, screen=screen),
    ]
    if read_aloud_text is not None:
        findings.extend(read_aloud_findings(read_aloud_text, screen=screen))
    return findings


# -- semantics, through Qt's accessibility interface ----------------------------------------

FOCUS_ROLES = (QAccessible.Role.Heading, QAccessible.Role.AlertMessage)
TEXT_FIELDS = (QLineEdit, QTextEdit, QPlainTextEdit)


def _interface(widget: QWidget) -> QAccessibleInterface | None:
    return QAccessible.queryAccessibleInterface(widget)


def _role(widget: QWidget) -> QAccessible.Role | None:
    interface = _interface(widget)
    return interface.role() if interface is not None and interface.isValid() else None


def _text(widget: QWidget, which: QAccessible.Text) -> str:
    interface = _interface(widget)
    return (interface.text(which) or "") if interface is not None else ""


def _labelled(widget: QWidget) -> bool:
    interface = _interface(widget)
    return interface is not None and bool(interface.relations(QAccessible.RelationFlag.Label))


def is_tab_stop(widget: QWidget) -> bool:
    """A widget Tab lands on."""
    return widget.isEnabled() and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)


def _tab_leaves(dialog: QWidget) -> bool:
    """Tab (and Shift+Tab) from inside ``dialog`` reaches a widget outside it."""
    start = QApplication.focusWidget()
    if start is None or not dialog.isAncestorOf(start):
        return False
    leaves = False
    for forward in (True, False):  # what Tab and Shift+Tab do, without a key event
        start.setFocus(Qt.FocusReason.OtherFocusReason)
        start.focusNextPrevChild(forward)
        now = QApplication.focusWidget()
        leaves = leaves or (now is not None and not dialog.isAncestorOf(now) and now is not dialog)
    start.setFocus(Qt.FocusReason.OtherFocusReason)
    return leaves


def semantic_findings(
    root: QWidget | Sequence[QWidget], *, screen: str = "", page_changed: bool = False,
    kinds: Collection[str] | None = None, try_tab: bool = False,
) -> list[Finding]:
    """What a screen reader is told beyond names (see the module docstring).

    ``page_changed``: the screen was just opened, so focus must be on its heading, its
    error summary or its confirmation panel. ``kinds``: only these checks (default all). ``try_tab``: also move focus with
    Tab and Shift+Tab inside each modal overlay to see that it stays there (it moves focus,
    so the kiosk audit's walk leaves it to the tests: in the walk it crashed Qt on the next
    page after the idle warning)."""
    widgets = _widgets(root)
    found: list[Finding] = []
    overlays = [w for w in widgets if w.property("modal_overlay") and w.isVisible()]
    if not any(_role(w) == QAccessible.Role.Heading for w in widgets):
        found.append(Finding("no_heading", screen, "page", "nothing has the heading role"))
    for w in widgets:
        role = w.property("role")
        if role == "error-summary" and _role(w) != QAccessible.Role.AlertMessage:
            found.append(Finding("summary_not_alert", screen, describe(w),
                                 f"role {_role(w)!r}, not alert"))
        if w.property("invalid") and w.isEnabled():
            if not _text(w, QAccessible.Text.Description).strip():
                found.append(Finding("error_not_described", screen, describe(w),
                                     "in error, but its description does not say why"))
        if isinstance(w, TEXT_FIELDS) and w.isEnabled() and not _labelled(w):
            found.append(Finding("no_label_relation", screen, describe(w),
                                 "no labelled-by relation to its question"))
        if is_tab_stop(w) and not _text(w, QAccessible.Text.Name).strip():
            found.append(Finding("unnamed_tab_stop", screen, describe(w),
                                 "Tab stops here, but it has no accessible name"))
    for overlay in overlays:
        if _role(overlay) != QAccessible.Role.Dialog:
            found.append(Finding("not_modal", screen, describe(overlay),
                                 f"role {_role(overlay)!r}, not dialog"))
        elif try_tab and _tab_leaves(overlay):
            found.append(Finding("not_modal", screen, describe(overlay),
                                 "Tab reaches the controls behind it"))
    if page_changed and not overlays:
        focus = QApplication.focusWidget()
        ok = focus is not None and (_role(focus) in FOCUS_ROLES
                                    or focus.property("role") == "panel")
        if not ok:
            found.append(Finding("focus_not_on_page", screen,
                                 describe(focus) if focus is not None else "nothing",
                                 "focus is not on the heading, error summary or confirmation"))
    return [f for f in found if kinds is None or f.kind in kinds]


# -- the report ------------------------------------------------------------------------------


def summary(findings: Sequence[Finding]) -> dict[str, int]:
    """Number of findings of each kind (every kind listed, zeros included)."""
    counts = Counter(f.kind for f in findings)
    return {kind: counts.get(kind, 0) for kind in KINDS}


def write_report(findings: Iterable[Finding], path: Path | str, *, checked: str = "") -> Path:
    """Write the findings to ``path``: JSON if it ends ``.json``, plain text otherwise.

    ``checked``: what was audited, in a line ("3,294 screens checked in ...")."""
    items = list(findings)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.suffix.lower() == ".json":
        body = json.dumps(
            {"checked": checked, "total": len(items), "by_kind": summary(items),
             "findings": [asdict(f) for f in items]},
            indent=2, ensure_ascii=False,
        )
    else:
        lines = [f"Accessibility audit: {len(items)} finding{'s' if len(items) != 1 else ''}"]
        lines += [checked, ""] if checked else [""]
        lines += [f"  {kind}: {count}" for kind, count in summary(items).items()]
        by_screen: dict[str, list[Finding]] = {}
        for finding in items:
            by_screen.setdefault(finding.screen or "(no screen named)", []).append(finding)
        for screen_name, found in by_screen.items():
            lines += ["", screen_name]
            lines += [f"  [{f.kind}] {f.widget}: {f.detail}" for f in found]
        body = "\n".join(lines)
    target.write_text(body + "\n", encoding="utf-8")
    return target
