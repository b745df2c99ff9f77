"""``kiosk translations export`` / ``import``: the journeys' and lessons' words as PO files
(and ``new``: a new language's catalogue of interface words).

Journeys and lessons keep their words in their YAML files as ``{en: ..., cy: ...}`` maps.
Export writes, for each language, ``<lang>/journeys.po`` and ``<lang>/lessons.po``: one
message per text, with the file and place as its context (``report-missed-bin.yaml
pages[house].label``), the English as ``msgid`` and the words the YAML already has as
``msgstr``. A translator works on those in their own tool (Poedit, Weblate, a CAT tool);
import writes each changed translation back into the YAML, changing only that text: the rest
of the file (its comments, order, quoting and layout) stays byte for byte the same.

A text whose English has changed since the export, a fuzzy entry and an empty ``msgstr`` are
left alone; import says how many it skipped and why.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from babel import UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from kiosk.i18n import (
    DEFAULT_LANGUAGE,
    DOMAIN,
    LANGUAGE_NAMES,
    locale_dir,
    plural_categories,
    plural_forms_header,
)

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
SOURCES = ("journeys", "lessons")


class TranslationsError(ValueError):
    """Something the person running the command can put right; the message says what."""


@dataclass(frozen=True)
class Text:
    """One text in one YAML file: its place, its words map's node, and the words."""

    place: str  # "pages[house].label"
    node: yaml.MappingNode
    words: dict[str, str]
    steps: tuple[int, ...]  # where it is: the position in each mapping or list on the way


@dataclass(frozen=True)
class Edit:
    """Set ``language``'s words of the text at ``place`` to ``words``."""

    place: str
    language: str
    words: str


@dataclass
class ImportReport:
    changed_files: list[Path]
    changed_texts: int = 0
    english_changed: int = 0
    unknown_place: int = 0
    fuzzy: int = 0


def builtin_folders() -> dict[str, Path]:
    """The built-in journeys' and lessons' folders."""
    return {
        "journeys": Path(str(resources.files("kiosk.journeys").joinpath("data"))),
        "lessons": Path(str(resources.files("kiosk.tutorials").joinpath("data"))),
    }


# -- finding the texts ------------------------------------------------------------------------
def _is_words(node: yaml.Node) -> bool:
    """A mapping of language codes to text, with English: ``{en: ..., cy: ...}``."""
    if not isinstance(node, yaml.MappingNode) or not node.value:
        return False
    keys = [k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)]
    return (len(keys) == len(node.value) and DEFAULT_LANGUAGE in keys
            and all(LANGUAGE_CODE.match(k) for k in keys)
            and all(isinstance(v, yaml.ScalarNode) and v.tag.endswith(":str")
                    for _, v in node.value))


def _item_names(items: list[yaml.Node]) -> list[str]:
    """A list's items named by their ``id`` where every item has a different one, else by
    position."""
    ids = []
    for item in items:
        found = [v.value for k, v in item.value if k.value == "id"
                 and isinstance(v, yaml.ScalarNode)] if isinstance(item, yaml.MappingNode) else []
        ids.append(str(found[0]) if found else "")
    if all(ids) and len(set(ids)) == len(ids):
        return ids
    return [str(i) for i in range(len(items))]


def _walk(node: yaml.Node, place: str, steps: tuple[int, ...]) -> Iterator[Text]:
    if _is_words(node):
        assert isinstance(node, yaml.MappingNode)
        yield Text(place, node, {k.value: v.value for k, v in node.value}, steps)
    elif isinstance(node, yaml.MappingNode):
        for i, (key, value) in enumerate(node.value):
            name = f"{place}.{key.value}" if place else str(key.value)
            yield from _walk(value, name, (*steps, i))
    elif isinstance(node, yaml.SequenceNode):
        for i, (item, name) in enumerate(zip(node.value, _item_names(node.value), strict=True)):
            yield from _walk(item, f"{place}[{name}]", (*steps, i))


def _compose(text: str, name: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise TranslationsError(f"{name} is not valid YAML ({exc})") from None


def texts_in(text: str, name: str = "the file") -> list[Text]:
    """Every ``{en: ...}`` text in a YAML document, in file order, each place once."""
    root = _compose(text, name)
    found = list(_walk(root, "", ())) if root is not None else []
    places = [t.place for t in found]
    repeated = sorted({p for p in places if places.count(p) > 1})
    if repeated:
        raise TranslationsError(f"{name}: two texts share the place {repeated[0]} "
                                "(give the list items different ids)")
    return found


def _yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise TranslationsError(f"There is no folder {folder}")
    return sorted(folder.glob("*.yaml"))


# -- export -------------------------------------------------------------------------------------
def _catalog(language: str, source: str) -> Catalog:
    team = LANGUAGE_NAMES.get(language, language)
    catalog = Catalog(locale=language, domain=source, project=f"council kiosk {source}",
                      version="1", fuzzy=False, creation_date=datetime.now(UTC),
                      msgid_bugs_address="-", last_translator="-", language_team=team,
                      header_comment=f"# The council kiosk's {source}, in {language}.\n"
                                     f"# Made by: kiosk translations export. Put the "
                                     f"translations in msgstr;\n# then run: kiosk "
                                     f"translations import FOLDER")
    headers = dict(catalog.mime_headers)
    headers["Plural-Forms"] = plural_forms_header(language)
    catalog.mime_headers = list(headers.items())
    return catalog


def export(output: Path, folders: dict[str, Path], languages: Sequence[str]) -> list[Path]:
    """Write ``output/<lang>/<source>.po`` for each language and source; returns the files."""
    written: list[Path] = []
    for source, folder in folders.items():
        files = [(path, texts_in(path.read_text("utf-8"), path.name))
                 for path in _yaml_files(folder)]
        for language in languages:
            catalog = _catalog(language, source)
            for path, texts in files:
                for text in texts:
                    if not text.words[DEFAULT_LANGUAGE]:
                        continue  # nothing to translate (and msgid "" is the PO header)
                    catalog.add(text.words[DEFAULT_LANGUAGE], text.words.get(language, ""),
                                locations=[(path.name, text.node.start_mark.line + 1)],
                                context=f"{path.name} {text.place}")
            target = output / language / f"{source}.po"
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("wb") as handle:
                write_po(handle, catalog, width=0, sort_output=False)
            written.append(target)
    return written


# -- import -------------------------------------------------------------------------------------
def _double_quoted(words: str) -> str:
    """A YAML double-quoted scalar, with invisible format characters (the bidi isolates
    around a phone number in Urdu) written as \\u escapes, as the files do."""
    quoted = json.dumps(words, ensure_ascii=False)
    return "".join(f"\\u{ord(c):04x}" if unicodedata.category(c) == "Cf" else c for c in quoted)


def _scalar(words: str, like: yaml.ScalarNode | None, flow: bool) -> str:
    """``words`` as YAML in the style of ``like`` where it reads back the same, else quoted."""
    style = like.style if like is not None else None
    if style is None and "\n" not in words and words == words.strip():
        probe = f"{{k: {words}}}" if flow else f"k: {words}"
        try:
            if yaml.safe_load(probe) == {"k": words}:
                return words
        except yaml.YAMLError:
            pass
    if style == "'" and "\n" not in words:
        return "'" + words.replace("'", "''") + "'"
    return _double_quoted(words)


def _splice(text: str, texts: dict[str, Text], edits: Sequence[Edit]) -> str:
    """``text`` with each edit made in place, from the end of the file backwards."""
    changes: list[tuple[int, int, str]] = []
    for edit in edits:
        node = texts[edit.place].node
        flow = bool(node.flow_style)
        value = next((v for k, v in node.value if k.value == edit.language), None)
        if isinstance(value, yaml.ScalarNode):
            changes.append((value.start_mark.index, value.end_mark.index,
                            _scalar(edit.words, value, flow)))
            continue
        last_key, last = node.value[-1]
        scalar = _scalar(edit.words, None, flow)
        if flow:
            at = last.end_mark.index
            changes.append((at, at, f", {edit.language}: {scalar}"))
        else:
            at = last.end_mark.index
            if last.end_mark.column != 0:  # not a block scalar: after the rest of its line
                newline = text.find("\n", at)
                at = len(text) if newline < 0 else newline + 1
            indent = " " * last_key.start_mark.column
            prefix = "" if at == 0 or text[at - 1] == "\n" else "\n"
            changes.append((at, at, f"{prefix}{indent}{edit.language}: {scalar}\n"))
    for start, end, new in sorted(changes, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _set(data: Any, steps: tuple[int, ...], language: str, words: str) -> None:
    """Make the same edit in the parsed data, to compare with what the new text reads as."""
    for step in steps:
        data = list(data.values())[step] if isinstance(data, dict) else data[step]
    data[language] = words


def apply_edits(text: str, edits: Sequence[Edit], name: str = "the file") -> str:
    """``text`` with the edits made; the rest of the file stays exactly as it was."""
    found = texts_in(text, name)
    by_place = {t.place: t for t in found}
    unknown = [e.place for e in edits if e.place not in by_place]
    if unknown:
        raise TranslationsError(f"{name} has no text at {unknown[0]}")
    new_text = _splice(text, by_place, edits)
    expected = yaml.safe_load(text)
    for edit in edits:
        _set(expected, by_place[edit.place].steps, edit.language, edit.words)
    if yaml.safe_load(new_text) != expected:  # a bug here, never a damaged file
        raise TranslationsError(f"{name}: the translations could not be written back safely; "
                                "nothing was changed")
    return new_text


def import_folder(folder: Path, folders: dict[str, Path]) -> ImportReport:
    """Write the translations in ``folder/<lang>/<source>.po`` back into the YAML files."""
    if not folder.is_dir():
        raise TranslationsError(f"There is no folder {folder}")
    report = ImportReport(changed_files=[])
    pending: dict[Path, list[Edit]] = {}
    catalogues = sorted(folder.glob("*/*.po"))
    if not any(po.stem in folders for po in catalogues):
        raise TranslationsError(f"{folder} has no <language>/journeys.po or "
                                "<language>/lessons.po (made by kiosk translations export)")
    texts_cache: dict[Path, dict[str, Text]] = {}
    for po in catalogues:
        if po.stem not in folders:
            continue
        language = po.parent.name
        if not LANGUAGE_CODE.match(language) or language == DEFAULT_LANGUAGE:
            raise TranslationsError(f"{po}: the folder must be named after a language, like cy")
        try:
            with po.open("rb") as handle:
                catalog = read_po(handle, locale=language)
        except Exception as exc:  # Babel raises several kinds for a damaged file
            raise TranslationsError(f"{po} is not a PO file Babel can read ({exc})") from None
        for message in catalog:
            if not message.id or not isinstance(message.id, str):
                continue
            words = message.string if isinstance(message.string, str) else ""
            if not words.strip():
                continue
            if message.fuzzy:
                report.fuzzy += 1
                continue
            file_name, _, place = (message.context or "").partition(" ")
            path = folders[po.stem] / file_name
            if not file_name or "/" in file_name or "\\" in file_name or not path.is_file():
                report.unknown_place += 1
                continue
            if path not in texts_cache:
                texts_cache[path] = {t.place: t for t in texts_in(path.read_text("utf-8"),
                                                                   path.name)}
            text = texts_cache[path].get(place)
            if text is None:
                report.unknown_place += 1
                continue
            if text.words[DEFAULT_LANGUAGE] != message.id:
                report.english_changed += 1
                continue
            if text.words.get(language) != words:
                pending.setdefault(path, []).append(Edit(place, language, words))
    for path, edits in pending.items():
        new_text = apply_edits(path.read_text("utf-8"), edits, path.name)
        path.write_text(new_text, "utf-8", newline="")
        report.changed_files.append(path)
        report.changed_texts += len(edits)
    return report


# -- a new language ------------------------------------------------------------------------------
def new_language(language: str, locale: Path) -> Path:
    """Start ``locale/<language>/LC_MESSAGES/kiosk.po`` from the template: every message, none
    translated yet, with CLDR's plural forms for ``language`` (``pybabel init`` would use
    gettext's older table, which gives Polish three forms, not four)."""
    if not LANGUAGE_CODE.match(language) or language == DEFAULT_LANGUAGE:
        raise TranslationsError(f"'{language}' is not a language code, like cy or pl")
    try:
        count = len(plural_categories(language))
    except (ValueError, UnknownLocaleError):
        raise TranslationsError(f"Babel has no plural rules for '{language}': check the "
                                "code") from None
    target = locale / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if target.exists():
        raise TranslationsError(f"{target} exists already: translate it, or delete it first")
    with (locale / f"{DOMAIN}.pot").open("rb") as handle:
        template = read_po(handle)
    catalog = Catalog(locale=language, domain=DOMAIN, project="council kiosk", version="1",
                      msgid_bugs_address="-", last_translator="-", fuzzy=False,
                      language_team=LANGUAGE_NAMES.get(language, language),
                      header_comment=f"# The council kiosk's words in {language}.")
    headers = dict(catalog.mime_headers)
    headers["Plural-Forms"] = plural_forms_header(language)
    catalog.mime_headers = list(headers.items())
    for message in template:
        if message.id:
            empty: str | tuple[str, ...] = "" if isinstance(message.id, str) else ("",) * count
            catalog.add(message.id, empty, context=message.context,
                        auto_comments=message.auto_comments)
    target.parent.mkdir(parents=True)
    with target.open("wb") as handle:
        write_po(handle, catalog, width=0, sort_output=False, include_lineno=False)
    return target


# -- the command ----------------------------------------------------------------------------
def _folders(args: argparse.Namespace) -> dict[str, Path]:
    folders = builtin_folders()
    if args.journeys:
        folders["journeys"] = Path(args.journeys)
    if args.lessons:
        folders["lessons"] = Path(args.lessons)
    return folders


def cmd_export(args: argparse.Namespace) -> int:
    languages = (args.languages.split(",") if args.languages
                 else [lang for lang in LANGUAGE_NAMES if lang != DEFAULT_LANGUAGE])
    bad = [lang for lang in languages if not LANGUAGE_CODE.match(lang)
           or lang == DEFAULT_LANGUAGE]
    if bad:
        raise TranslationsError(f"'{bad[0]}' is not a language to translate into: use codes "
                                "like cy,ur,pl")
    written = export(Path(args.output), _folders(args), languages)
    print(f"Wrote {len(written)} PO files to {args.output}: "
          f"{', '.join(str(p.relative_to(args.output)) for p in written)}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    report = import_folder(Path(args.folder), _folders(args))
    print(f"Updated {report.changed_texts} texts in {len(report.changed_files)} files")
    for path in report.changed_files:
        print(f"  {path}")
    skipped = [(report.english_changed, "their English has changed since the export "
                                        "(export again and translate the new words)"),
               (report.fuzzy, "they are marked fuzzy (needs work)"),
               (report.unknown_place, "their place is not in the files any more")]
    for count, why in skipped:
        if count:
            print(f"Skipped {count} because {why}")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    target = new_language(args.language, Path(args.locale) if args.locale
                          else Path(str(locale_dir())))
    print(f"Wrote {target}: translate its msgstr entries, then add '{args.language}' to "
          "LANGUAGE_NAMES (kiosk/i18n.py) and SUPPORTED_LANGUAGES (kiosk/config.py)")
    return 0


def _run(command: Any) -> Any:
    def run(args: argparse.Namespace) -> int:
        try:
            return int(command(args))
        except TranslationsError as exc:
            print(f"kiosk: {exc}", file=sys.stderr)
            return 1
    return run


def register(sub: Any, with_config: Any = None, context: Any = None) -> None:
    """Add ``translations export``, ``import`` and ``new`` to the command line (called as the
    other parts' commands are; they need no configuration or data folder, so ``with_config``
    and ``context`` are not used)."""
    parser = sub.add_parser("translations",
                            help="the journeys' and lessons' words as PO files for translators")
    actions = parser.add_subparsers(dest="translations_command", metavar="ACTION",
                                    required=True)
    for name, helptext in (("export", "write <lang>/journeys.po and <lang>/lessons.po"),
                           ("import", "write the translations in FOLDER back into the YAML")):
        action = actions.add_parser(name, help=helptext)
        if name == "export":
            action.add_argument("--output", default="translations", metavar="FOLDER",
                                help="where to write the PO files (default ./translations)")
            action.add_argument("--languages", metavar="LIST",
                                help="e.g. cy,pl (default: every language the kiosk knows)")
            action.set_defaults(func=_run(cmd_export))
        else:
            action.add_argument("folder", metavar="FOLDER",
                                help="a folder made by kiosk translations export")
            action.set_defaults(func=_run(cmd_import))
        action.add_argument("--journeys", metavar="FOLDER",
                            help="the journey files (default: the built-in journeys)")
        action.add_argument("--lessons", metavar="FOLDER",
                            help="the lesson files (default: the built-in lessons)")
    new = actions.add_parser("new", help="start the interface words' catalogue of a language")
    new.add_argument("language", metavar="LANGUAGE", help="its code, for example pl")
    new.add_argument("--locale", metavar="FOLDER",
                     help="the catalogues' folder (default: the kiosk's own kiosk/locale)")
    new.set_defaults(func=_run(cmd_new))
