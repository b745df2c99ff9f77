"""Service journeys as data: the journey format, the engine, built-ins and Open311 journeys.

API summary (everything here is pure Python; the touchscreen only renders and reports).
Each name is imported from the module that defines it: ``engine``, ``gazetteer``,
``messages``, ``model``, ``open311``, ``registry``, ``schema``.

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
