"""The kiosk's look: one Qt style sheet, a function of text size and contrast.

GOV.UK-like: white background, near-black text, blue links, a yellow focus ring,
green primary buttons with white text and a red bar beside errors. Everything that
has a size (fonts, padding, minimum touch target) is multiplied by the text-size
scale (100, 150 or 200 %), so large text never gets cut off by a fixed height.

Right-to-left languages (Urdu) mirror what Qt does not mirror by itself: the accent
bars drawn as a ``border-left`` move to the right (the start of the line), and the
page's words use a font that shapes the script (``font_family``, from
``accessibility.fonts.font_family_for``).

``stylesheet(scale, high_contrast, rtl=..., font_family=...)`` is the only entry point;
widgets choose a rule by
``objectName`` or by the dynamic property ``role`` (``primary``, ``secondary``,
``link``, ``tile``, ``key`` ...), never by hard-coding colours.
"""

from __future__ import annotations

from dataclasses import dataclass

from accessibility.fonts import installed_families

TEXT_SIZES: tuple[int, ...] = (100, 150, 200)

# Minimum touch target and body text size at 100 %, in pixels.
TARGET_PX = 72
BODY_PX = 24


@dataclass(frozen=True)
class Palette:
    """The colours of one theme."""

    background: str
    text: str
    secondary_text: str
    link: str
    focus: str
    focus_text: str
    primary: str
    primary_text: str
    primary_pressed: str
    secondary: str
    secondary_text_on: str
    border: str
    error: str
    panel: str
    panel_text: str
    bar: str
    bar_text: str
    key: str
    key_text: str
    primary_edge: str  # the darker line under a primary button


STANDARD = Palette(
    background="#ffffff",
    text="#0b0c0c",
    secondary_text="#505a5f",
    link="#1d70b8",
    focus="#ffdd00",
    focus_text="#0b0c0c",
    primary="#00703c",
    primary_text="#ffffff",
    primary_pressed="#005a30",
    secondary="#f3f2f1",
    secondary_text_on="#0b0c0c",
    border="#0b0c0c",
    error="#d4351c",
    panel="#00703c",
    panel_text="#ffffff",
    bar="#0b0c0c",
    bar_text="#ffffff",
    key="#f3f2f1",
    key_text="#0b0c0c",
    primary_edge="#002d18",
)

# High contrast: black on white for reading, white on black for controls; every pair >= 7:1.
HIGH_CONTRAST = Palette(
    background="#ffffff",
    text="#000000",
    secondary_text="#000000",
    link="#003078",
    focus="#ffdd00",
    focus_text="#000000",
    primary="#000000",
    primary_text="#ffffff",
    primary_pressed="#333333",
    secondary="#ffffff",
    secondary_text_on="#000000",
    border="#000000",
    error="#a0000f",
    panel="#000000",
    panel_text="#ffffff",
    bar="#000000",
    bar_text="#ffffff",
    key="#ffffff",
    key_text="#000000",
    primary_edge="#000000",
)


# The screens' font for scripts that need shaping, best first. Urdu is shown in Naskh:
# Qt lays out Noto Nastaliq Urdu's tall, sloping words in lines too short for them, so
# the tops of letters such as ک were cut off (seen in docs/screenshots/ur-*). Nastaliq
# stays the last choice, and accessibility.fonts still checks at start-up that one of
# these is installed and joins its letters.
SCREEN_FONTS: dict[str, tuple[str, ...]] = {
    "ur": ("Noto Naskh Arabic", "Noto Sans Arabic", "Noto Nastaliq Urdu"),
    "ar": ("Noto Naskh Arabic", "Noto Sans Arabic"),
    "fa": ("Noto Naskh Arabic", "Noto Sans Arabic"),
    "ps": ("Noto Naskh Arabic", "Noto Sans Arabic"),
}


def font_family(language: str, installed: frozenset[str] | None = None) -> str:
    """The family to show ``language`` in on screen, or "" for the application's font
    (every language written in Latin letters, or no preferred family installed).
    Needs a QGuiApplication when ``installed`` is not given."""
    wanted = SCREEN_FONTS.get(language.split("-")[0].casefold(), ())
    if not wanted:
        return ""
    if installed is None:
        installed = installed_families()
    return next((family for family in wanted if family in installed), "")


def palette(high_contrast: bool = False) -> Palette:
    return HIGH_CONTRAST if high_contrast else STANDARD


def px(base: float, scale: int) -> int:
    """``base`` pixels at 100 %, scaled to the text size."""
    return round(base * scale / 100)


def indicator_border(high_contrast: bool = False) -> int:
    """The width of a radio button's and a check box's outline (drawn in the palette's
    ``border``, at least 3:1 against the page as WCAG 1.4.11 asks; Qt's own was 1.7:1)."""
    return 4 if high_contrast else 3


def stylesheet(scale: int = 100, high_contrast: bool = False, *, rtl: bool = False,
               font_family: str = "") -> str:
    """The whole application's style sheet for a text size (100/150/200) and contrast.

    ``rtl``: the page is right to left, so start-edge bars and padding go on the right.
    ``font_family``: the family for the page's words (empty: the application's font)."""
    if scale not in TEXT_SIZES:
        raise ValueError(f"text size must be one of {TEXT_SIZES}, not {scale}")
    c = palette(high_contrast)
    s = scale
    body = px(BODY_PX, s)
    target = TARGET_PX  # touch targets grow with their text, never below 72 px
    border = 3 if high_contrast else 2
    # The focus ring is thicker than a button's border; it takes its room from the padding,
    # so the words keep their space (at 200 % "English" lost 4 px and no longer fitted).
    ring = px(4, s)
    mark = indicator_border(high_contrast)
    grow = max(ring - border, 0)
    bar = min(s, 150)
    start = "right" if rtl else "left"  # the edge a line of text starts from
    family = f' font-family: "{font_family}";' if font_family else ""
    keys = min(s, 125)  # keys are already large; their words must fit inside them  # the top bar must fit on one line, so its words stop growing at 150 %
    return f"""
QWidget {{
    background: {c.background};
    color: {c.text};
    font-size: {body}px;{family}
}}
QWidget#Shell, QScrollArea, QScrollArea > QWidget > QWidget {{ background: {c.background}; }}
QLabel {{ background: transparent; }}
QLabel[role="h1"] {{ font-size: {px(40, s)}px; font-weight: bold; }}
QLabel[role="h2"] {{ font-size: {px(30, s)}px; font-weight: bold; }}
QLabel[role="lead"] {{ font-size: {px(28, s)}px; }}
QLabel[role="hint"] {{ color: {c.secondary_text}; }}
QLabel[role="inline-error"] {{ color: {c.error}; font-weight: bold; }}
QLabel[role="reference"] {{
    font-size: {px(48, s)}px; font-weight: bold; font-family: "DejaVu Sans Mono";
}}
QFrame[role="choice"] {{ min-height: {target}px; }}
QFrame[role="panel"] {{ background: {c.panel}; border: none; }}
QFrame[role="panel"] QLabel {{ color: {c.panel_text}; }}
QFrame[role="error-summary"] {{
    border: {px(5, s)}px solid {c.error};
    background: {c.background};
}}
QFrame[role="error-summary"]:focus {{ border-color: {c.focus}; outline: none; }}
QFrame[role="field-error"] {{ border-{start}: {px(5, s)}px solid {c.error}; }}
QFrame[role="notice"] {{ border-{start}: {px(10, s)}px solid {c.link}; background: {c.background}; }}
QFrame#TopBar {{ background: {c.bar}; }}
QFrame#TopBar QLabel {{ color: {c.bar_text}; }}
QPushButton {{
    min-height: {target}px;
    min-width: {target}px;
    padding: {px(8, s)}px {px(20, s)}px;
    border: {border}px solid {c.border};
    border-radius: 0px;
    background: {c.secondary};
    color: {c.secondary_text_on};
    font-size: {body}px;
}}
QPushButton:pressed {{ background: {c.border}; color: {c.background}; }}
QPushButton:focus {{
    border: {ring}px solid {c.text}; background: {c.focus}; color: {c.focus_text};
    padding: {px(8, s) - grow}px {px(20, s) - grow}px;  /* the ring takes its room from the padding */
}}
QPushButton:disabled {{ color: {c.secondary_text}; }}
QPushButton[role="primary"] {{
    background: {c.primary}; color: {c.primary_text}; font-weight: bold;
    border: {border}px solid {c.primary}; border-bottom: {px(4, s)}px solid {c.primary_edge};
}}
QPushButton[role="primary"]:pressed {{ background: {c.primary_pressed}; }}
QPushButton[role="primary"]:focus {{
    background: {c.focus}; color: {c.focus_text}; border: {ring}px solid {c.text};
    padding: {px(8, s) - grow}px {px(20, s) - grow}px {px(8, s)}px;
}}
QPushButton[role="link"] {{
    background: transparent; color: {c.link}; text-decoration: underline; border: none;
    text-align: left; padding-{start}: {px(4, s)}px;  /* Qt mirrors text-align itself */
}}
QPushButton[role="link"]:focus {{ background: {c.focus}; color: {c.focus_text}; }}
QPushButton[role="tile"] {{
    background: {c.background}; color: {c.text};
    padding: {px(16, s)}px {px(24, s)}px;
    border: {border}px solid {c.secondary_text}; border-{start}: {px(10, s)}px solid {c.link};
}}
QPushButton[role="tile"]:focus {{ background: {c.focus}; border: {px(4, s)}px solid {c.text}; }}
QPushButton[role="tile"]:pressed {{ background: {c.secondary}; }}
QLabel[role="tile-title"] {{ font-size: {px(30, s)}px; font-weight: bold; color: {c.text}; }}
QLabel[role="tile-hint"] {{ color: {c.text}; }}
QPushButton[role="error-link"] {{
    background: transparent; border: none; padding: {px(4, s)}px;
}}
QPushButton[role="error-link"]:focus {{ background: {c.focus}; }}
QLabel[role="error-link"] {{ color: {c.error}; font-weight: bold; text-decoration: underline; }}
QPushButton[role="secondary"] QLabel {{ color: {c.secondary_text_on}; }}
QPushButton[role="bar"] {{
    background: {c.bar}; color: {c.bar_text}; border: {border}px solid {c.bar_text};
    padding: {px(6, bar)}px {px(12, bar)}px; font-size: {px(BODY_PX, bar)}px;
}}
QLabel[role="bar-title"] {{ font-size: {px(BODY_PX, bar)}px; font-weight: bold; }}
QPushButton[role="bar"]:checked {{ background: {c.bar_text}; color: {c.bar}; }}
QPushButton[role="bar"]:focus {{ background: {c.focus}; color: {c.focus_text}; }}
QPushButton[role="language"] {{ font-size: {px(34, s)}px; font-weight: bold; }}
QPushButton[role="start"] {{
    background: {c.primary}; color: {c.primary_text}; font-size: {px(40, s)}px;
    font-weight: bold; padding: {px(24, s)}px 48px; border: none;  /* 48: room for words */
}}
QPushButton[role="start"]:focus {{ background: {c.focus}; color: {c.focus_text}; }}
QPushButton[role="key"] {{
    background: {c.key}; color: {c.key_text}; font-size: {px(28, keys)}px;
    padding: 0px; border: {border}px solid {c.border};
}}
QPushButton[role="key"]:pressed {{ background: {c.border}; color: {c.background}; }}
QPushButton[role="key"]:checked {{ background: {c.border}; color: {c.background}; }}
QPushButton[role="accent"] {{
    background: {c.focus}; color: {c.focus_text}; font-size: {px(28, keys)}px;
    padding: 0px; border: {border}px solid {c.border};
}}
QFrame#Keyboard {{ background: {c.secondary}; border-top: {border}px solid {c.border}; }}
QLineEdit, QPlainTextEdit {{
    min-height: {target}px;
    border: {border}px solid {c.border};
    padding: {px(6, s)}px {px(10, s)}px;
    font-size: {body}px;
    background: {c.background};
    color: {c.text};
    selection-background-color: {c.link};
}}
QLineEdit:focus, QPlainTextEdit:focus {{
    border: {px(4, s)}px solid {c.text};
    outline: none;
    background: {c.background};
}}
QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"] {{
    border: {px(4, s)}px solid {c.error};
}}
QRadioButton, QCheckBox {{
    min-height: {target}px;
    spacing: {px(16, s)}px;
    padding: {px(4, s)}px {px(8, s)}px;
    font-size: {body}px;
}}
QRadioButton:focus, QCheckBox:focus {{ border: {ring}px dashed {c.text}; }}
QRadioButton::indicator, QCheckBox::indicator {{
    width: {px(32, s)}px; height: {px(32, s)}px;
    border: {mark}px solid {c.border}; background: {c.background}; padding: {px(6, s)}px;
}}
QRadioButton::indicator {{ border-radius: {(px(32, s) + 2 * px(6, s)) // 2 + mark}px; }}
QRadioButton::indicator:checked {{
    background: qradialgradient(cx:0.5, cy:0.5, radius:0.5, fx:0.5, fy:0.5,
        stop:0 {c.border}, stop:0.5 {c.border}, stop:0.56 {c.background}, stop:1 {c.background});
}}
QCheckBox::indicator:checked {{
    background: {c.border}; background-clip: content;
}}
QScrollBar:vertical {{ width: {target}px; background: {c.secondary}; }}  /* a touch target */
QScrollBar::handle:vertical {{ background: {c.secondary_text}; min-height: {target}px; }}
"""
