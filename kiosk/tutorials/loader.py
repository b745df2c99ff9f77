"""Load the lessons from YAML and check them against the lesson schema at start.

Lessons live one per file in ``kiosk/tutorials/data/`` (``NN-lesson-id.yaml``; the number
sets the order). The player's interface words and the names of the skill areas are the
``lesson`` and ``lesson_area`` sections of the kiosk's PO catalogues (kiosk/locale). A mistake in a file raises ``LessonError`` naming the file and the
key, so a content designer can fix it without reading code.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from kiosk.i18n import DEFAULT_LANGUAGE, LocalText, words_for
from kiosk.journeys.messages import DEFAULT_MESSAGES
from kiosk.tutorials.model import (
    DRAG,
    EDS_AREAS,
    FORM,
    HOLD,
    PASSWORD,
    QUIZ,
    SCROLL,
    SWIPE,
    SWIPE_DIRECTIONS,
    TAP,
    TASK_KINDS,
    TYPE,
    Choice,
    FormField,
    Lesson,
    ListItem,
    Question,
    Step,
    Task,
    TutorialCatalogue,
)
from kiosk.yaml_text import YamlSyntaxError, parse_yaml

FORM_FIELD_KINDS = ("choice", "postcode", "text")

_LESSON_KEYS = {"id", "area", "title", "outcome", "steps", "summary"}
_STEP_KEYS = {"id", "title", "text", "task"}
_TASK_KEYS: dict[str, set[str]] = {
    TAP: {"sizes"},
    HOLD: {"seconds", "item"},
    DRAG: {"item", "target"},
    SCROLL: {"items", "answer"},
    SWIPE: {"direction", "items"},
    TYPE: {"expected", "start"},
    PASSWORD: set(),
    QUIZ: {"questions"},
    FORM: {"fields"},
}
_REQUIRED_TASK_KEYS: dict[str, set[str]] = {
    TAP: {"sizes"},
    HOLD: {"seconds", "item"},
    DRAG: {"item", "target"},
    SCROLL: {"items", "answer"},
    SWIPE: {"direction", "items"},
    TYPE: {"expected"},
    PASSWORD: set(),
    QUIZ: {"questions"},
    FORM: {"fields"},
}


class LessonError(ValueError):
    """A lesson file does not match the schema; the message names the file and key."""


def data_dir() -> Path:
    return Path(str(resources.files("kiosk.tutorials").joinpath("data")))


def load_tutorials(folder: Path | None = None) -> TutorialCatalogue:
    """Every lesson in ``folder`` (default: the built-in lessons), checked."""
    folder = folder or data_dir()
    area_names = dict(words_for("lesson_area").messages)
    missing_areas = [a for a in EDS_AREAS if a not in area_names]
    if missing_areas:
        raise LessonError(f"kiosk/locale: 'lesson_area' has no name for {', '.join(missing_areas)}")
    strings = dict(words_for("lesson").messages)

    lessons: list[Lesson] = []
    for path in sorted(folder.glob("[0-9]*.yaml")):
        lesson = _lesson(_read(path), path.name)
        if any(existing.id == lesson.id for existing in lessons):
            raise LessonError(f"{path.name}: another lesson already has the id '{lesson.id}'")
        lessons.append(lesson)
    if not lessons:
        raise LessonError(f"{folder}: no lesson files (named like 01-lesson-id.yaml)")
    return TutorialCatalogue(tuple(lessons), strings, area_names)


def _read(path: Path) -> Any:
    try:
        return parse_yaml(path.read_text("utf-8"))
    except YamlSyntaxError as exc:
        raise LessonError(f"{path.name}: not valid YAML ({exc})") from None
    except OSError as exc:
        raise LessonError(f"{path}: cannot be read ({exc.strerror})") from None


def _mapping(raw: Any, where: str, allowed: set[str], required: set[str]) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise LessonError(f"{where}: expected a mapping of keys")
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise LessonError(f"{where}: unknown key '{unknown[0]}'")
    missing = sorted(required - set(raw))
    if missing:
        raise LessonError(f"{where}: missing key '{missing[0]}'")
    return raw


def _text(raw: Any, where: str) -> LocalText:
    if not isinstance(raw, dict) or not raw:
        raise LessonError(f"{where}: expected words by language, like {{en: ..., cy: ...}}")
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in raw.items()):
        raise LessonError(f"{where}: each language must have a piece of text")
    if not raw.get(DEFAULT_LANGUAGE, "").strip():
        raise LessonError(f"{where}: has no English ('en') text")
    return dict(raw)


def _ident(raw: Any, where: str) -> str:
    if not isinstance(raw, str) or not raw or not raw.replace("-", "").replace("_", "").isalnum():
        raise LessonError(f"{where}: ids use letters, numbers, '-' and '_' only")
    return raw


def _lesson(raw: Any, where: str) -> Lesson:
    raw = _mapping(raw, where, _LESSON_KEYS, _LESSON_KEYS)
    lesson_id = _ident(raw["id"], f"{where}: id")
    if raw["area"] not in EDS_AREAS:
        raise LessonError(f"{where}: area must be one of {', '.join(EDS_AREAS)}")
    if not isinstance(raw["steps"], list) or not raw["steps"]:
        raise LessonError(f"{where}: steps must be a list of at least one step")
    steps = tuple(_step(s, f"{where}: steps[{i}]") for i, s in enumerate(raw["steps"]))
    ids = [s.id for s in steps]
    if len(set(ids)) != len(ids):
        raise LessonError(f"{where}: two steps share an id")
    if not isinstance(raw["summary"], list) or not raw["summary"]:
        raise LessonError(f"{where}: summary must be a list of points")
    summary = tuple(_text(p, f"{where}: summary[{i}]") for i, p in enumerate(raw["summary"]))
    return Lesson(lesson_id, raw["area"], _text(raw["title"], f"{where}: title"),
                  _text(raw["outcome"], f"{where}: outcome"), steps, summary)


def _step(raw: Any, where: str) -> Step:
    raw = _mapping(raw, where, _STEP_KEYS, {"id", "title", "text"})
    task = _task(raw["task"], f"{where}.task") if "task" in raw else None
    return Step(_ident(raw["id"], f"{where}.id"), _text(raw["title"], f"{where}.title"),
                _text(raw["text"], f"{where}.text"), task)


def _items(raw: Any, where: str) -> tuple[ListItem, ...]:
    if not isinstance(raw, list) or not raw:
        raise LessonError(f"{where}: expected a list of items")
    items = []
    for i, entry in enumerate(raw):
        entry = _mapping(entry, f"{where}[{i}]", {"id", "text"}, {"id", "text"})
        items.append(ListItem(_ident(entry["id"], f"{where}[{i}].id"),
                              _text(entry["text"], f"{where}[{i}].text")))
    return tuple(items)


def _task(raw: Any, where: str) -> Task:
    if not isinstance(raw, dict) or raw.get("kind") not in TASK_KINDS:
        raise LessonError(f"{where}: kind must be one of {', '.join(TASK_KINDS)}")
    kind = raw["kind"]
    raw = _mapping(raw, where, {"kind", "prompt"} | _TASK_KEYS[kind],
                   {"kind", "prompt"} | _REQUIRED_TASK_KEYS[kind])
    fields: dict[str, Any] = {"kind": kind, "prompt": _text(raw["prompt"], f"{where}.prompt")}
    if "sizes" in raw:
        sizes = raw["sizes"]
        if not isinstance(sizes, list) or not sizes or not all(
            isinstance(n, int) and n >= 72 for n in sizes
        ):
            raise LessonError(f"{where}.sizes: a list of circle sizes of at least 72 px")
        fields["sizes"] = tuple(sizes)
    if "seconds" in raw:
        if not isinstance(raw["seconds"], int | float) or not 0.3 <= raw["seconds"] <= 3:
            raise LessonError(f"{where}.seconds: between 0.3 and 3 seconds")
        fields["seconds"] = float(raw["seconds"])
    for key in ("item", "target", "expected", "start"):
        if key in raw:
            fields[key] = _text(raw[key], f"{where}.{key}")
    if "items" in raw:
        fields["items"] = _items(raw["items"], f"{where}.items")
    if kind == SCROLL:
        if raw["answer"] not in {i.id for i in fields["items"]}:
            raise LessonError(f"{where}.answer: '{raw['answer']}' is not one of the items")
        if [i.id for i in fields["items"]].index(raw["answer"]) < 8:
            raise LessonError(f"{where}.answer: put the item to find lower down, so it needs scrolling")
        fields["answer"] = raw["answer"]
    if kind == SWIPE:
        if raw["direction"] not in SWIPE_DIRECTIONS:
            raise LessonError(f"{where}.direction: one of {', '.join(SWIPE_DIRECTIONS)}")
        if len(fields["items"]) < 2:
            raise LessonError(f"{where}.items: at least two pictures to swipe between")
        fields["direction"] = raw["direction"]
    if kind == QUIZ:
        fields["questions"] = _questions(raw["questions"], f"{where}.questions")
    if kind == FORM:
        fields["fields"] = _form_fields(raw["fields"], f"{where}.fields")
    return Task(**fields)


def _questions(raw: Any, where: str) -> tuple[Question, ...]:
    if not isinstance(raw, list) or not raw:
        raise LessonError(f"{where}: expected a list of questions")
    questions = []
    for i, q in enumerate(raw):
        q = _mapping(q, f"{where}[{i}]", {"prompt", "choices"}, {"prompt", "choices"})
        if not isinstance(q["choices"], list) or len(q["choices"]) < 2:
            raise LessonError(f"{where}[{i}].choices: at least two choices")
        choices = []
        for j, c in enumerate(q["choices"]):
            cw = f"{where}[{i}].choices[{j}]"
            c = _mapping(c, cw, {"text", "correct", "explanation"}, {"text", "explanation"})
            correct = c.get("correct", False)
            if not isinstance(correct, bool):
                raise LessonError(f"{cw}.correct: true or false")
            choices.append(Choice(_text(c["text"], f"{cw}.text"), correct,
                                  _text(c["explanation"], f"{cw}.explanation")))
        if sum(c.correct for c in choices) != 1:
            raise LessonError(f"{where}[{i}]: exactly one choice must be correct")
        questions.append(Question(_text(q["prompt"], f"{where}[{i}].prompt"), tuple(choices)))
    return tuple(questions)


def _form_fields(raw: Any, where: str) -> tuple[FormField, ...]:
    if not isinstance(raw, list) or not raw:
        raise LessonError(f"{where}: expected a list of questions")
    out = []
    for i, f in enumerate(raw):
        fw = f"{where}[{i}]"
        f = _mapping(f, fw, {"id", "kind", "label", "hint", "options", "optional", "errors"},
                     {"id", "kind", "label"})
        if f["kind"] not in FORM_FIELD_KINDS:
            raise LessonError(f"{fw}.kind: one of {', '.join(FORM_FIELD_KINDS)}")
        options = _items(f["options"], f"{fw}.options") if "options" in f else ()
        if f["kind"] == "choice" and len(options) < 2:
            raise LessonError(f"{fw}.options: a choice needs at least two options")
        out.append(FormField(_ident(f["id"], f"{fw}.id"), f["kind"],
                             _text(f["label"], f"{fw}.label"),
                             _text(f["hint"], f"{fw}.hint") if "hint" in f else {},
                             options, bool(f.get("optional", False)),
                             _form_errors(f.get("errors", {}), f"{fw}.errors")))
    return tuple(out)


def _form_errors(raw: Any, where: str) -> dict[str, LocalText]:
    """A field's own error messages, by the journey engine's message codes."""
    if not isinstance(raw, dict):
        raise LessonError(f"{where}: expected messages by code, like {{required: {{en: ...}}}}")
    errors: dict[str, LocalText] = {}
    for code, words in raw.items():
        if code not in DEFAULT_MESSAGES:
            raise LessonError(f"{where}: '{code}' is not an error code; use one of "
                              f"{', '.join(sorted(DEFAULT_MESSAGES))}")
        errors[str(code)] = _text(words, f"{where}.{code}")
    return errors


# -- translation coverage ----------------------------------------------------------------
def texts(catalogue: TutorialCatalogue) -> Iterator[tuple[str, LocalText]]:
    """Every piece of learner-facing text, with a path saying where it is."""
    for key, value in catalogue.strings.items():
        yield f"strings.{key}", value
    for key, value in catalogue.area_names.items():
        yield f"areas.{key}", value
    for lesson in catalogue.lessons:
        base = lesson.id
        yield f"{base}.title", lesson.title
        yield f"{base}.outcome", lesson.outcome
        for i, point in enumerate(lesson.summary):
            yield f"{base}.summary[{i}]", point
        for step in lesson.steps:
            sw = f"{base}.{step.id}"
            yield f"{sw}.title", step.title
            yield f"{sw}.text", step.text
            if step.task is not None:
                yield from _task_texts(step.task, f"{sw}.task")


def _task_texts(task: Task, where: str) -> Iterator[tuple[str, LocalText]]:
    yield f"{where}.prompt", task.prompt
    for key in ("item", "target", "expected", "start"):
        value: Mapping[str, str] = getattr(task, key)
        if value:
            yield f"{where}.{key}", value
    for item in task.items:
        yield f"{where}.items.{item.id}", item.text
    for f in task.fields:
        yield f"{where}.fields.{f.id}.label", f.label
        if f.hint:
            yield f"{where}.fields.{f.id}.hint", f.hint
        for option in f.options:
            yield f"{where}.fields.{f.id}.options.{option.id}", option.text
        for code, words in f.errors.items():
            yield f"{where}.fields.{f.id}.errors.{code}", words
    for i, q in enumerate(task.questions):
        yield f"{where}.questions[{i}].prompt", q.prompt
        for j, c in enumerate(q.choices):
            yield f"{where}.questions[{i}].choices[{j}].text", c.text
            yield f"{where}.questions[{i}].choices[{j}].explanation", c.explanation
    for f in task.fields:
        yield f"{where}.fields.{f.id}.label", f.label
        if f.hint:
            yield f"{where}.fields.{f.id}.hint", f.hint
        for o in f.options:
            yield f"{where}.fields.{f.id}.options.{o.id}", o.text


def missing_translations(catalogue: TutorialCatalogue, language: str) -> list[str]:
    """Paths of every text that has no words in ``language``."""
    return [path for path, text in texts(catalogue) if not text.get(language, "").strip()]
