"""The on-screen keyboard: large keys that type into the field the resident is in.

Layouts: letters (with a row of numbers and the symbols people need: @ . - ' / £),
symbols, accents (every Welsh diacritic: â ê î ô û ŵ ŷ, ä ë ï ö ü ẅ ÿ, á é í ó ú ẃ ý,
à è ì ò ù ẁ ỳ) and a numeric pad for numbers, phone numbers and dates. Holding a
vowel, w or y shows its accented forms in a strip above the keys; the accents key
shows them all, for people who cannot hold a key down.

Keys fire on release (``QPushButton.clicked``), sliding off a key cancels it, and no
key takes focus, so the field keeps its cursor. The keyboard sits below the page, never
over it: the shell lays it out under the content, which scrolls to keep the field in view.
A press on the page that takes the focus from the field does not hide the keyboard until
the finger is lifted (``AfterRelease``): hiding it at once would move the page under the
finger, and the release would land on something else.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.theme import px

LONG_PRESS_MS = 600
KEY_PX = 80

# Accented forms by base letter, in the order Welsh learners are taught them.
ACCENTS: dict[str, str] = {
    "a": "âäáà",
    "e": "êëéè",
    "i": "îïíì",
    "o": "ôöóò",
    "u": "ûüúù",
    "w": "ŵẅẃẁ",
    "y": "ŷÿýỳ",
}
ACCENT_ROWS: tuple[str, ...] = ("âêîôûŵŷ", "äëïöüẅÿ", "áéíóúẃý", "àèìòùẁỳ")

LETTER_ROWS: tuple[str, ...] = ("1234567890", "qwertyuiop", "asdfghjkl'", "zxcvbnm-")
SYMBOL_ROWS: tuple[str, ...] = ("@£/.-'&()", ",?!:;\"+#%", "_*=<>[]€$")
NUMERIC_ROWS: tuple[str, ...] = ("123", "456", "789")

# Urdu: the letters where the Urdu phonetic keyboard (CRULP, the one Pakistan's computers
# and phones offer) has them: ق on q, و on w, ا on a, س on s... with the letters it puts on
# the shift layer (ٹ ڑ ڈ آ ص ض ظ ذ ژ ث غ خ ھ ں ئ ۃ) beside them, so every letter is one
# tap. Rows are in screen order, left to right, as on an Urdu keyboard: they are not
# mirrored by the right-to-left page. ۔ is the Urdu full stop, ، its comma. The Urdu
# (Extended Arabic-Indic) digits are one key away ("۱۲۳"), as on an Urdu phone: a row of
# digits above the four rows of letters would take the room of the page on a small screen.
URDU_ROWS: tuple[str, ...] = (
    "قوعرتےءیہپٹ",
    "آاسدفگحجکلڈ",
    "زشچطبنمںڑئۃ",
    "صضظذژثغخھ۔،",
)
URDU_DIGIT_ROWS: tuple[str, ...] = ("۱۲۳۴۵۶۷۸۹۰", "1234567890", "؟!:؛()-/'\"")
URDU_LETTERS = "ابپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنںوہھءیے"
# The letters layout a language shows first; a language not named here types on the
# Latin letters (Welsh with its accents).
NATIVE_LAYOUTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "ur": (URDU_ROWS, URDU_DIGIT_ROWS),  # (letters, digits)
}
# The word on the key that goes back from the Latin letters to the language's own.
NATIVE_KEY: dict[str, str] = {"ur": "اردو"}
NATIVE_DIGITS_KEY: dict[str, str] = {"ur": "۱۲۳"}

# Keys whose words are neutral in direction ("#+=") and must read left to right: each
# is given the left-to-right layout direction itself, so a right-to-left page (or a
# keyboard placed in one) never shows "=+#".
LEFT_TO_RIGHT_KEYS = frozenset({"symbols", "letters", "latin", "numbers", "accents"})

# Keyboard modes a field asks for with its ``keyboard`` property.
TEXT = "text"
NUMERIC = "numeric"
EMAIL = "email"
POSTCODE = "postcode"
LATIN = "latin"  # the Latin letters in any language (a lesson's Latin example, "Cardiff")


def mode_for_text(text: str) -> str:
    """The keyboard mode for typing ``text``: EMAIL with an @, LATIN when all its letters
    are Latin ones (Welsh accents too), else TEXT (the shown language's own letters)."""
    if "@" in text:
        return EMAIL
    if all(unicodedata.name(ch, "").startswith("LATIN") for ch in text if ch.isalpha()):
        return LATIN
    return TEXT

# Words on the special keys (visible label, accessible name). The shell passes its own
# translated labels through ``set_labels``.
DEFAULT_LABELS: dict[str, str] = {
    "shift": "Shift",
    "caps": "Caps",
    "delete": "Delete",
    "space": "Space",
    "hide": "Hide",
    "hide_name": "Hide keyboard",
    "accents": "âêî",
    "accents_name": "Accents âêî",
    "symbols": "#+=",
    "symbols_name": "Symbols #+=",
    "letters": "ABC",
    "letters_name": "Letters ABC",
    "numbers": "123",
    "numbers_name": "Numbers 123",
    "enter": "New line",
    "latin": "ABC",
    "latin_name": "English letters ABC",
    "native": "",
    "native_name": "Urdu letters اردو",
    "native_digits": "",
    "native_digits_name": "Urdu numbers ۱۲۳",
    "keyboard": "Keyboard",
}


_RELEASES = (QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd, QEvent.Type.TouchCancel)


class AfterRelease(QObject):
    """Runs a function once the press now down is lifted and what it did (a button's
    ``clicked``) has run: nothing then moves under the finger between press and release."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pending: Callable[[], None] | None = None

    @staticmethod
    def pressed() -> bool:
        """A mouse button (or a finger, which Qt gives as the left button) is down now."""
        return QApplication.mouseButtons() != Qt.MouseButton.NoButton

    @property
    def waiting(self) -> bool:
        return self._pending is not None

    def call(self, fn: Callable[[], None]) -> None:
        """Run ``fn`` after the coming release (replacing any function already waiting)."""
        app = QApplication.instance()
        if app is None:
            fn()
            return
        if self._pending is None:
            app.installEventFilter(self)
        self._pending = fn

    def cancel(self) -> None:
        if self._pending is not None:
            self._pending = None
            app = QApplication.instance()
            if app is not None:
                app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in _RELEASES and self._pending is not None:
            fn = self._pending
            self.cancel()
            # after the release has been delivered, and the click it makes has run
            QTimer.singleShot(0, self, fn)
        return False


def shown_text(text: str) -> str:
    """``text`` as a button shows it: a lone ``&`` is Qt's shortcut marker, so it is doubled
    (the ``&`` key had no label at all)."""
    return text.replace("&", "&&")


def _page_layout(page: QWidget) -> QVBoxLayout:
    """A keyboard page's own layout (``_new_page`` gives every page a QVBoxLayout)."""
    layout = page.layout()
    assert isinstance(layout, QVBoxLayout)
    return layout


class Key(QPushButton):
    """One key. ``clicked`` fires on release; holding it emits ``long_pressed`` instead.

    Signals:
        long_pressed: the key was held for ``LONG_PRESS_MS``; the release that follows
            does not type.
    """

    long_pressed = Signal()

    def __init__(self, text: str, parent: QWidget | None = None, *, name: str = "",
                 role: str = "key", holdable: bool = False) -> None:
        super().__init__(shown_text(text), parent)
        self.setProperty("role", role)
        self.setProperty("typed", text)
        self.setAccessibleName(name or text)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAutoRepeat(False)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._held = False
        self._timer: QTimer | None = None
        if holdable:
            self._timer = QTimer(self)
            self._timer.setSingleShot(True)
            self._timer.setInterval(LONG_PRESS_MS)
            self._timer.timeout.connect(self._on_hold)

    @property
    def was_held(self) -> bool:
        return self._held

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()

    def _on_hold(self) -> None:
        self._held = True
        self.long_pressed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        self._held = False
        if self._timer is not None:
            self._timer.start()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if self._timer is not None:
            self._timer.stop()
        super().mouseReleaseEvent(event)


class OnScreenKeyboard(QFrame):
    """Types into its target field; switches layout by the field's ``keyboard`` property.

    Signals:
        hide_requested: the resident tapped "Hide keyboard".
        typed: a key put text into the field. arg: the text typed.
    """

    hide_requested = Signal()
    typed = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, scale: int = 100) -> None:
        super().__init__(parent)
        self.setObjectName("Keyboard")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName(DEFAULT_LABELS["keyboard"])
        # The keys keep their keyboard's order in a right-to-left page: Latin QWERTY, and the
        # Urdu rows as an Urdu keyboard has them (written in screen order).
        self.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self._scale = scale
        self._labels = dict(DEFAULT_LABELS)
        self._target: QLineEdit | QPlainTextEdit | None = None
        self._language = ""
        self._native: dict[str, QWidget] = {}  # language -> its letters page (made when first shown)
        self._native_digits: dict[str, QWidget] = {}  # language -> its digits page
        self._shift = False
        self._caps = False
        self._letter_keys: list[Key] = []
        self._special: dict[str, list[Key]] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 8, 12, 8)
        outer.setSpacing(8)
        self._strip = QWidget(self)
        self._strip_layout = QHBoxLayout(self._strip)
        self._strip_layout.setContentsMargins(0, 0, 0, 0)
        self._strip_layout.setSpacing(8)
        self._strip.hide()
        outer.addWidget(self._strip)
        self._pages = QStackedWidget(self)
        outer.addWidget(self._pages)
        self._letters = self._build_letters()
        self._symbols = self._build_rows(SYMBOL_ROWS, letters=False)
        self._accents = self._build_rows(ACCENT_ROWS, letters=True)
        self._numeric = self._build_numeric()
        for page in (self._letters, self._symbols, self._accents, self._numeric):
            self._pages.addWidget(page)
        self._apply_size()
        self._refresh_case()

    # -- public --------------------------------------------------------------------------
    @property
    def target(self) -> QLineEdit | QPlainTextEdit | None:
        return self._target

    @property
    def layout_name(self) -> str:
        """"letters" (Latin), "symbols", "accents", "numeric", or a language's own ("ur")."""
        page = self._pages.currentWidget()
        names = {
            id(self._letters): "letters",
            id(self._symbols): "symbols",
            id(self._accents): "accents",
            id(self._numeric): "numeric",
        }
        names.update({id(p): lang for lang, p in self._native.items()})
        names.update({id(p): f"{lang}-digits" for lang, p in self._native_digits.items()})
        return names[id(page)]

    @property
    def language(self) -> str:
        return self._language

    def set_language(self, language: str) -> None:
        """Type ``language`` from now on: its own letters first where it has a layout
        (Urdu), with a key to the Latin letters and back; Latin letters otherwise."""
        if language == self._language:
            return
        self._language = language
        native = NATIVE_KEY.get(language, "")
        for k in self._special.get("native", []):
            k.setText(native)
            k.setVisible(bool(native))
        on_letters = self._pages.currentWidget() is self._letters or (
            self._pages.currentWidget() in [*self._native.values(), *self._native_digits.values()])
        if on_letters and not self._email_like():
            self._pages.setCurrentWidget(self._main_letters())

    def attach(self, field: QLineEdit | QPlainTextEdit | None) -> None:
        """Type into ``field`` from now on, with the layout it asks for."""
        self._target = field
        self._close_strip()
        self._shift = False
        mode = str(field.property("keyboard") or TEXT) if field is not None else TEXT
        self._caps = mode == POSTCODE
        if mode == NUMERIC:
            self._pages.setCurrentWidget(self._numeric)
        elif mode in (EMAIL, POSTCODE, LATIN):  # emails and postcodes are typed in Latin letters
            self._pages.setCurrentWidget(self._letters)
        else:
            self._pages.setCurrentWidget(self._main_letters())
        # "New line" only where a new line can go (a box of several lines)
        for k in self._special.get("enter", []):
            k.setVisible(isinstance(field, QPlainTextEdit))
        self._refresh_case()

    def set_scale(self, scale: int) -> None:
        self._scale = scale
        self._apply_size()

    def set_labels(self, labels: dict[str, str]) -> None:
        """Translated words for the special keys (keys of ``DEFAULT_LABELS``)."""
        self._labels.update(labels)
        self.setAccessibleName(self._labels["keyboard"])
        for key_id, keys in self._special.items():
            for k in keys:
                text = self._labels[key_id]
                if key_id in ("native", "native_digits"):
                    text = self._native_word(key_id)
                k.setText(shown_text(text))
                k.setAccessibleName(self._labels.get(f"{key_id}_name", text))

    def reset(self) -> None:
        """Forget the field and any half-typed state (end of a resident's session)."""
        self._target = None
        self._shift = False
        self._caps = False
        self._close_strip()
        self._pages.setCurrentWidget(self._main_letters())
        self._refresh_case()

    # -- building ------------------------------------------------------------------------
    def _special_key(self, key_id: str, handler: object, *, checkable: bool = False) -> Key:
        text = (self._native_word(key_id) if key_id in ("native", "native_digits")
                else self._labels[key_id])
        k = Key(text, self, name=self._labels.get(f"{key_id}_name", text))
        k.setCheckable(checkable)
        if key_id in LEFT_TO_RIGHT_KEYS:
            k.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        k.clicked.connect(handler)
        self._special.setdefault(key_id, []).append(k)
        return k

    def _char_key(self, char: str, *, letters: bool) -> Key:
        holdable = char in ACCENTS
        k = Key(char, self, holdable=holdable)
        k.setProperty("char", char)
        k.clicked.connect(lambda _=False, key=k: self._on_char(key))
        if holdable:
            k.long_pressed.connect(lambda key=k: self._open_strip(key))
        if letters and char.isalpha():
            self._letter_keys.append(k)
        return k

    def _row(self, page: QWidget, keys: list[Key], stretches: list[int] | None = None) -> None:
        row = QHBoxLayout()
        row.setSpacing(8)
        for i, k in enumerate(keys):
            row.addWidget(k, stretches[i] if stretches else 1)
        _page_layout(page).addLayout(row)

    def _new_page(self) -> QWidget:
        page = QWidget(self)
        v = QVBoxLayout(page)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(8)
        return page

    def _bottom_row(self, page: QWidget, *, switch: str) -> None:
        """``switch``: "symbols" (the Latin letters: symbols, accents and the language's own
        letters), "native" (a language's own letters: Latin, its digits and symbols),
        "digits" (a language's own digits: back to its letters) or "letters"."""
        keys: list[Key] = []
        if switch == "letters":
            keys.append(self._special_key("letters", self._show_letters))
        elif switch == "digits":  # a language's own digits: back to its letters
            keys.append(self._special_key("native", self._show_native))
        else:
            if switch == "native":
                keys.append(self._special_key("latin", self._show_latin))
                keys.append(self._special_key("native_digits", self._show_native_digits))
            keys.append(self._special_key("symbols", self._show_symbols))
        space = self._special_key("space", lambda: self._insert(" "))
        if switch == "symbols":
            keys.append(self._special_key("accents", self._show_accents))
            native = self._special_key("native", self._show_native)
            native.setVisible(bool(NATIVE_KEY.get(self._language)))
            keys.append(native)
        keys += [self._char_key("@", letters=False), space, self._char_key(".", letters=False)]
        keys.append(self._special_key("enter", lambda: self._insert("\n")))
        keys.append(self._special_key("hide", self.hide_requested.emit))
        stretch = [2] * len(keys)
        # "New line" is a long word in Welsh ("Llinell newydd"): it gets room from Space.
        stretch[keys.index(space)] = 4
        stretch[-2], stretch[-1] = 4, 3
        self._row(page, keys, stretch)

    def _build_native(self, rows: tuple[str, ...], *, switch: str) -> QWidget:
        """A language's own letters (``switch`` "native") or digits ("digits")."""
        page = self._new_page()
        for i, chars in enumerate(rows):
            keys = [self._char_key(c, letters=False) for c in chars]
            stretches = [2] * len(keys)
            if i == 0:
                keys.append(self._special_key("delete", self._backspace))
                stretches.append(3)
            self._row(page, keys, stretches)
        self._bottom_row(page, switch=switch)
        return page

    def _native_word(self, key_id: str) -> str:
        words = NATIVE_KEY if key_id == "native" else NATIVE_DIGITS_KEY
        return words.get(self._language, "")

    def _build_letters(self) -> QWidget:
        page = self._new_page()
        self._row(page, [self._char_key(c, letters=False) for c in LETTER_ROWS[0]])
        self._row(page, [self._char_key(c, letters=True) for c in LETTER_ROWS[1]]
                  + [self._special_key("delete", self._backspace)],
                  [2] * 10 + [3])
        self._row(page, [self._special_key("caps", self._toggle_caps, checkable=True)]
                  + [self._char_key(c, letters=True) for c in LETTER_ROWS[2]],
                  [3] + [2] * 10)
        self._row(page, [self._special_key("shift", self._toggle_shift, checkable=True)]
                  + [self._char_key(c, letters=True) for c in LETTER_ROWS[3]]
                  + [self._char_key("/", letters=False), self._char_key("£", letters=False)],
                  [3] + [2] * 10)
        self._bottom_row(page, switch="symbols")
        return page

    def _build_rows(self, rows: tuple[str, ...], *, letters: bool) -> QWidget:
        page = self._new_page()
        for i, chars in enumerate(rows):
            keys = [self._char_key(c, letters=letters) for c in chars]
            if i == 0:
                keys.append(self._special_key("delete", self._backspace))
            if i == 1 and letters:
                keys.insert(0, self._special_key("shift", self._toggle_shift, checkable=True))
            self._row(page, keys)
        self._bottom_row(page, switch="letters")
        return page

    def _build_numeric(self) -> QWidget:
        page = self._new_page()
        grid = QGridLayout()
        grid.setSpacing(8)
        for r, chars in enumerate(NUMERIC_ROWS):
            for col, ch in enumerate(chars):
                grid.addWidget(self._char_key(ch, letters=False), r, col)
        grid.addWidget(self._char_key("+", letters=False), 3, 0)
        grid.addWidget(self._char_key("0", letters=False), 3, 1)
        grid.addWidget(self._special_key("space", lambda: self._insert(" ")), 3, 2)
        grid.addWidget(self._special_key("delete", self._backspace), 0, 3)
        grid.addWidget(self._char_key(".", letters=False), 1, 3)
        grid.addWidget(self._special_key("letters", self._show_letters), 2, 3)
        grid.addWidget(self._special_key("hide", self.hide_requested.emit), 3, 3)
        holder = QHBoxLayout()
        holder.addStretch(1)
        holder.addLayout(grid, 4)
        holder.addStretch(1)
        _page_layout(page).addLayout(holder)
        return page

    # -- actions -------------------------------------------------------------------------
    def _key_height(self) -> int:
        """80 px, growing a little with the text up to 150 %: the keys' words stop growing
        at 125 %, and taller keys would leave too little room above for the question."""
        return max(KEY_PX, px(56, min(self._scale, 150)))

    def _apply_size(self) -> None:
        height = self._key_height()
        for k in self.findChildren(Key):
            k.setFixedHeight(height)
            k.setMinimumWidth(KEY_PX)

    def _upper(self) -> bool:
        return self._shift != self._caps

    def _refresh_case(self) -> None:
        upper = self._upper()
        for k in self._letter_keys:
            ch = str(k.property("char"))
            shown = ch.upper() if upper else ch
            k.setText(shown)
            k.setProperty("typed", shown)
            k.setAccessibleName(shown)
        for k in self._special.get("shift", []):
            k.setChecked(self._shift)
        for k in self._special.get("caps", []):
            k.setChecked(self._caps)

    def _toggle_shift(self) -> None:
        self._shift = not self._shift
        self._refresh_case()

    def _toggle_caps(self) -> None:
        self._caps = not self._caps
        self._shift = False
        self._refresh_case()

    def _main_letters(self) -> QWidget:
        """The language's own letters page (made the first time), else the Latin letters."""
        layouts = NATIVE_LAYOUTS.get(self._language)
        if layouts is None:
            return self._letters
        if self._language not in self._native:
            letters, digits = layouts
            for pages, rows, switch in ((self._native, letters, "native"),
                                        (self._native_digits, digits, "digits")):
                page = self._build_native(rows, switch=switch)
                self._pages.addWidget(page)
                pages[self._language] = page
            for k in self._special.get("enter", []):
                k.setVisible(isinstance(self._target, QPlainTextEdit))
            self._apply_size()
        return self._native[self._language]

    def _email_like(self) -> bool:
        field = self._target
        return field is not None and str(field.property("keyboard") or TEXT) in (
            EMAIL, POSTCODE, LATIN)

    def _show_letters(self) -> None:
        self._close_strip()
        self._pages.setCurrentWidget(self._letters if self._email_like() else self._main_letters())

    def _show_latin(self) -> None:
        self._close_strip()
        self._pages.setCurrentWidget(self._letters)

    def _show_native_digits(self) -> None:
        self._close_strip()
        self._main_letters()
        self._pages.setCurrentWidget(self._native_digits[self._language])

    def _show_native(self) -> None:
        self._close_strip()
        self._pages.setCurrentWidget(self._main_letters())

    def _show_symbols(self) -> None:
        self._close_strip()
        self._pages.setCurrentWidget(self._symbols)

    def _show_accents(self) -> None:
        self._close_strip()
        self._pages.setCurrentWidget(self._accents)

    def _on_char(self, key: Key) -> None:
        if key.was_held:
            return
        self._insert(str(key.property("typed")))

    def _insert(self, text: str) -> None:
        field = self._target
        if field is None:
            return
        if isinstance(field, QLineEdit):
            if text == "\n":
                return
            field.insert(text)
        else:
            field.insertPlainText(text)
        if self._shift and text.strip():
            self._shift = False
            self._refresh_case()
        self._close_strip()
        self.typed.emit(text)

    def _backspace(self) -> None:
        field = self._target
        if isinstance(field, QLineEdit):
            field.backspace()
        elif isinstance(field, QPlainTextEdit):
            field.textCursor().deletePreviousChar()

    def _open_strip(self, key: Key) -> None:
        self._close_strip()
        base = str(key.property("char"))
        upper = self._upper()
        for ch in ACCENTS[base]:
            shown = ch.upper() if upper else ch
            k = Key(shown, self._strip, role="accent")
            k.setFixedHeight(self._key_height())
            k.setMinimumWidth(KEY_PX)
            k.clicked.connect(lambda _=False, t=shown: self._insert(t))
            self._strip_layout.addWidget(k)
            k.show()
        self._strip_layout.addStretch(1)
        self._strip.show()

    def _close_strip(self) -> None:
        while self._strip_layout.count():
            item = self._strip_layout.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None:
                w.hide()
                w.deleteLater()
        self._strip.hide()
