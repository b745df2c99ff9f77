"""``kiosk translations export`` / ``import``: the journeys' and lessons' words round-trip
through PO files, and import changes only the texts a translator changed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po, write_po

from kiosk.i18n import localise, plural_categories, read_words
from kiosk.journeys.schema import load_journey_dir
from kiosk.translations import (
    Edit,
    TranslationsError,
    apply_edits,
    builtin_folders,
    new_language,
    texts_in,
)
from kiosk.tutorials.loader import load_tutorials
from main import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def folders(tmp_path: Path) -> dict[str, Path]:
    """Copies of the built-in journeys and lessons, for import to write into."""
    copies = {}
    for source, folder in builtin_folders().items():
        copies[source] = tmp_path / source
        shutil.copytree(folder, copies[source])
    return copies


def _where(folders: dict[str, Path]) -> list[str]:
    return ["--journeys", str(folders["journeys"]), "--lessons", str(folders["lessons"])]


def _edit_po(po: Path, language: str, context: str, words: str, *, fuzzy: bool = False) -> str:
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    [message] = [m for m in catalog if m.context == context]
    message.string = words
    if fuzzy:
        message.flags.add("fuzzy")
    with po.open("wb") as handle:
        write_po(handle, catalog, width=0)
    return str(message.id)


def _snapshot(folders: dict[str, Path]) -> dict[Path, str]:
    return {p: p.read_text("utf-8") for f in folders.values() for p in sorted(f.glob("*.yaml"))}


def test_export_then_import_changes_only_the_edited_text(
        tmp_path: Path, folders: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "po"
    assert main(["translations", "export", "--output", str(out), *_where(folders)]) == 0
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.po")) == [
        "cy/journeys.po", "cy/lessons.po", "pl/journeys.po", "pl/lessons.po",
        "ur/journeys.po", "ur/lessons.po"]
    before = _snapshot(folders)
    # Nothing edited: nothing changes.
    assert main(["translations", "import", str(out), *_where(folders)]) == 0
    assert "Updated 0 texts in 0 files" in capsys.readouterr().out
    assert _snapshot(folders) == before

    # The Welsh team rewords a journey's label; a Polish translator adds a lesson's title.
    context = "report-missed-bin.yaml pages[house].label"
    english = _edit_po(out / "cy" / "journeys.po", "cy", context, "Beth yw rhif eich tŷ?")
    assert english == "What is your house number or name, and street?"
    _edit_po(out / "pl" / "lessons.po", "pl", "01-touchscreen.yaml title",
             "Korzystanie z ekranu dotykowego")
    assert main(["translations", "import", str(out), *_where(folders)]) == 0
    assert "Updated 2 texts in 2 files" in capsys.readouterr().out

    after = _snapshot(folders)
    changed = {p for p in before if before[p] != after[p]}
    journey = folders["journeys"] / "report-missed-bin.yaml"
    lesson = folders["lessons"] / "01-touchscreen.yaml"
    assert changed == {journey, lesson}
    old, new = before[journey].splitlines(), after[journey].splitlines()
    assert len(old) == len(new)
    assert [(a, b) for a, b in zip(old, new, strict=True) if a != b] == [
        ("      cy: Beth yw rhif neu enw eich tŷ, a’r stryd?", "      cy: Beth yw rhif eich tŷ?")]
    old, new = before[lesson].splitlines(), after[lesson].splitlines()
    assert [(a, b) for a, b in zip(old, new, strict=True) if a != b] == [(
        old[4], old[4].replace('ur: "ٹچ اسکرین استعمال کرنا"}',
                               'ur: "ٹچ اسکرین استعمال کرنا", pl: Korzystanie z ekranu dotykowego}'))]

    # The kiosk reads the new words.
    [bin_journey] = [j for j in load_journey_dir(folders["journeys"]).journeys
                     if j.id == "report-missed-bin"]
    assert localise(bin_journey.pages[0].label, "cy") == "Beth yw rhif eich tŷ?"
    lessons = load_tutorials(folders["lessons"])
    assert localise(lessons.lessons[0].title, "pl") == "Korzystanie z ekranu dotykowego"

    # Exported again, the PO file has the imported words.
    again = tmp_path / "again"
    assert main(["translations", "export", "--output", str(again), "--languages", "cy",
                 *_where(folders)]) == 0
    with (again / "cy" / "journeys.po").open("rb") as handle:
        assert read_po(handle).get(english, context=context).string == "Beth yw rhif eich tŷ?"


def test_import_leaves_fuzzy_words_and_words_whose_english_changed(
        tmp_path: Path, folders: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "po"
    assert main(["translations", "export", "--output", str(out), "--languages", "cy",
                 *_where(folders)]) == 0
    _edit_po(out / "cy" / "journeys.po", "cy", "report-missed-bin.yaml title", "Drafft",
             fuzzy=True)
    _edit_po(out / "cy" / "journeys.po", "cy", "report-missed-bin.yaml description", "Newydd")
    journey = folders["journeys"] / "report-missed-bin.yaml"
    journey.write_text(journey.read_text("utf-8").replace(
        "Tell us if we did not empty your bin", "Tell us if we missed your bin"), "utf-8")
    before = _snapshot(folders)
    assert main(["translations", "import", str(out), *_where(folders)]) == 0
    printed = capsys.readouterr().out
    assert "Updated 0 texts in 0 files" in printed
    assert "Skipped 1 because their English has changed since the export" in printed
    assert "Skipped 1 because they are marked fuzzy" in printed
    assert _snapshot(folders) == before


@pytest.mark.parametrize(("yaml_text", "expected"), [
    ('t: {en: "Hi", cy: "Helo"}\n', 't: {en: "Hi", cy: "Helo", pl: Cześć}\n'),
    ("t:\n  en: Hi  # a comment\n  cy: Helo\nnext: 1\n",
     "t:\n  en: Hi  # a comment\n  cy: Helo\n  pl: Cześć\nnext: 1\n"),
    ("t:\n  en: |\n    Hi\n  cy: >\n    Helo\nnext: 1\n",
     "t:\n  en: |\n    Hi\n  cy: >\n    Helo\n  pl: Cześć\nnext: 1\n"),
])
def test_a_new_language_is_added_beside_the_others(yaml_text: str, expected: str) -> None:
    assert apply_edits(yaml_text, [Edit("t", "pl", "Cześć")]) == expected


def test_words_that_need_quotes_get_them() -> None:
    text = "t: {en: Hi, cy: Helo}\n"
    new = apply_edits(text, [Edit("t", "cy", "Helo: #1, \u2066bob\u2069")])
    assert new == 't: {en: Hi, cy: "Helo: #1, \\u2066bob\\u2069"}\n'
    assert yaml.safe_load(new)["t"]["cy"] == "Helo: #1, \u2066bob\u2069"
    assert apply_edits("t:\n  en: Hi\n  cy: 'Helo'\n", [Edit("t", "cy", "It's")]) == (
        "t:\n  en: Hi\n  cy: 'It''s'\n")


def test_places_name_list_items_by_their_ids() -> None:
    text = "pages:\n  - id: one\n    label: {en: A}\n  - {id: two, label: {en: B}}\n"
    assert [t.place for t in texts_in(text)] == ["pages[one].label", "pages[two].label"]
    same = "pages:\n  - {id: x, label: {en: A}}\n  - {id: x, label: {en: B}}\n"
    assert [t.place for t in texts_in(same)] == ["pages[0].label", "pages[1].label"]
    with pytest.raises(TranslationsError, match="has no text at pages"):
        apply_edits(text, [Edit("pages[three].label", "cy", "C")])


def test_bad_input_gets_one_plain_line(tmp_path: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, str(ROOT / "main.py"), "translations", *args],
                              capture_output=True, text=True, timeout=120, cwd=tmp_path)

    missing = run("import", str(tmp_path / "nowhere"))
    assert missing.returncode == 1
    assert missing.stderr == f"kiosk: There is no folder {tmp_path / 'nowhere'}\n"
    (tmp_path / "empty").mkdir()
    empty = run("import", str(tmp_path / "empty"))
    assert empty.returncode == 1 and empty.stderr.count("\n") == 1
    assert "has no <language>/journeys.po" in empty.stderr
    wrong = run("export", "--languages", "en", "--output", str(tmp_path / "o"))
    assert wrong.returncode == 1
    assert wrong.stderr == ("kiosk: 'en' is not a language to translate into: use codes like "
                            "cy,ur,pl\n")


def test_a_new_language_starts_from_the_template_with_cldr_plural_forms(tmp_path: Path) -> None:
    locale = tmp_path / "locale"
    locale.mkdir()
    shutil.copy(ROOT / "kiosk" / "locale" / "kiosk.pot", locale)
    assert main(["translations", "new", "lt", "--locale", str(locale)]) == 0
    words = read_words(locale)
    assert words.languages == ("en", "lt")
    assert len(words.untranslated("lt")) == len(words.english)  # nothing translated yet
    with (locale / "lt" / "LC_MESSAGES" / "kiosk.po").open("rb") as handle:
        catalog = read_po(handle, locale="lt")
    assert catalog.num_plurals == len(plural_categories("lt")) == 4
    [minutes] = [m for m in catalog if m.context == "session.minutes"]
    assert minutes.string == ("", "", "", "")
    with pytest.raises(TranslationsError, match="exists already"):
        new_language("lt", locale)
    with pytest.raises(TranslationsError, match="not a language code"):
        new_language("Polish", locale)
