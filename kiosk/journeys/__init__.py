"""Service journeys as data: the journey format, the engine, built-ins and Open311 journeys.

API summary (everything here is pure Python; the touchscreen only renders and reports):

Loading journeys
    load_builtin_journeys() -> LoadResult(journeys, problems)     # kiosk/journeys/data/*.yaml
    load_journeys(paths) -> LoadResult      # a bad file becomes a LoadProblem(file, place, problem)
    parse_journey(data, origin) -> Journey  # raises JourneyFileError(file, place, problem)
    journey_from_open311(destination, service, definition) -> Journey   # id "DEST.CODE"
    build_registry(curated, catalogue: Iterable[CatalogueService] = (), problems=())
        -> JourneyRegistry   # CatalogueService(destination, service, definition)
        registry.get(id) / registry.journeys / registry.problems / registry.by_group(language)
    group_journeys(journeys, language) -> list[HomeGroup]      # home-screen sections

One resident, one journey
    run = JourneyRun(journey, language="en", gazetteer=None, today=date.today)
    run.draft_id                       # uuid4, the submission's idempotency key
    run.page() -> PageModel            # when not run.at_check_answers
    run.answer(raw)                    # record the fields (no checking yet)
    run.continue_() -> list[FieldError]  # check; move on, or stay with errors
    run.back() -> bool                 # False at the first page: leave the journey
    run.check_answers() -> CheckAnswersModel   # rows with change_target
    run.change(page_id)                # from check-your-answers; Continue returns there
    run.set_language(code)             # answers kept
    run.search_places(typed) -> list[Place]    # type-ahead for location pages
    run.submission() -> Submission     # run.payload() is its JSON-ready dict
    run.confirmation() -> ConfirmationModel
    run.reset()                        # wipe every answer, new draft_id

All answers at once (``kiosk queue add``)
    validate_answers(journey, answers, language) -> list[FieldError]
    submission_from_answers(journey, answers, language) -> Submission  # or IncompleteAnswers

Helpers
    character_count(length, limit, language) -> str    # "You have 12 characters remaining"
    ui_word(key, language) -> str                       # "Continue", "Back", "(optional)" ...
    load_gazetteer(path | None) -> Gazetteer            # None: the Example Borough demo
    missing_translations(journey, languages) -> dict[str, list[str]]
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # for type checkers and readers: what each name is
    from kiosk.journeys.engine import (
        CHECK_ANSWERS,
        CheckAnswersModel,
        ConfirmationModel,
        DateParts,
        FieldError,
        IncompleteAnswers,
        JourneyRun,
        JourneyStateError,
        Location,
        LocationInput,
        PageModel,
        Submission,
        SummaryRow,
        submission_from_answers,
        validate_answers,
    )
    from kiosk.journeys.gazetteer import Gazetteer, GazetteerError, Place, load_gazetteer
    from kiosk.journeys.messages import character_count, ui_word
    from kiosk.journeys.model import GROUPS, QUESTION_TYPES, Journey, Option, Page
    from kiosk.journeys.open311 import CatalogueError, journey_from_open311
    from kiosk.journeys.registry import (
        CatalogueService,
        HomeGroup,
        JourneyCard,
        JourneyRegistry,
        build_registry,
        group_journeys,
        missing_translations,
    )
    from kiosk.journeys.schema import (
        JourneyFileError,
        LoadProblem,
        LoadResult,
        load_builtin_journeys,
        load_journeys,
        parse_journey,
    )

# Each name is imported from its module when first used (PEP 562), so a part that needs
# only the journey model or the words (the welcome screen) does not load the engine,
# the YAML reader and the Open311 converter as well.
_WHERE: dict[str, str] = {
    "CHECK_ANSWERS": "engine", "CheckAnswersModel": "engine", "ConfirmationModel": "engine",
    "DateParts": "engine", "FieldError": "engine", "IncompleteAnswers": "engine",
    "JourneyRun": "engine", "JourneyStateError": "engine", "Location": "engine",
    "LocationInput": "engine", "PageModel": "engine", "Submission": "engine",
    "SummaryRow": "engine", "submission_from_answers": "engine", "validate_answers": "engine",
    "Gazetteer": "gazetteer", "GazetteerError": "gazetteer", "Place": "gazetteer",
    "load_gazetteer": "gazetteer",
    "character_count": "messages", "ui_word": "messages",
    "GROUPS": "model", "Journey": "model", "Option": "model", "Page": "model",
    "QUESTION_TYPES": "model",
    "CatalogueError": "open311", "journey_from_open311": "open311",
    "CatalogueService": "registry", "HomeGroup": "registry", "JourneyCard": "registry",
    "JourneyRegistry": "registry", "build_registry": "registry", "group_journeys": "registry",
    "missing_translations": "registry",
    "JourneyFileError": "schema", "LoadProblem": "schema", "LoadResult": "schema",
    "load_builtin_journeys": "schema", "load_journeys": "schema", "parse_journey": "schema",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'kiosk.journeys' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"kiosk.journeys.{module}"), name)
    globals()[name] = value  # looked up once
    return value


__all__ = [  # noqa: F822 - provided by __getattr__
    "CatalogueError", "CatalogueService", "HomeGroup", "JourneyCard", "JourneyRegistry",
    "build_registry", "group_journeys", "journey_from_open311", "missing_translations",
    "CHECK_ANSWERS", "GROUPS", "QUESTION_TYPES", "CheckAnswersModel", "ConfirmationModel",
    "DateParts", "FieldError", "Gazetteer", "GazetteerError", "IncompleteAnswers", "Journey",
    "JourneyFileError", "JourneyRun", "JourneyStateError", "LoadProblem", "LoadResult",
    "Location", "LocationInput", "Option", "Page", "PageModel", "Place", "Submission",
    "SummaryRow", "character_count", "load_builtin_journeys", "load_gazetteer", "load_journeys",
    "parse_journey", "submission_from_answers", "ui_word", "validate_answers",
]
