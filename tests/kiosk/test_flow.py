"""The kiosk's screen flow driven as the touchscreen drives it, without a window."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk import flow as f
from kiosk.flow import Flow, FlowState
from kiosk.i18n import load_catalogue
from kiosk.journeys.gazetteer import load_gazetteer
from kiosk.journeys.model import Journey
from kiosk.journeys.schema import load_builtin_journeys
from kiosk.receipt import Receipt, receipt_content, reference_display
from offline.stats import Stats, StatsRecorder
from offline.store import Store

TODAY = dt.date(2026, 1, 15)
SENT_AT = dt.datetime(2026, 1, 15, 9, 41)
PETITION = ("keep-southgate-library", "yes", "Ann Lee", "EB1 4BD", "", True)


@pytest.fixture(scope="module")
def journeys() -> tuple[Journey, ...]:
    result = load_builtin_journeys()
    assert result.problems == ()
    return result.journeys


def _flow(journeys: tuple[Journey, ...], **extra: object) -> Flow:
    options: dict[str, object] = {
        "languages": ("en", "cy", "ur"), "journeys": lambda: journeys,
        "gazetteer": lambda: load_gazetteer(None), "today": lambda: TODAY,
        "clock": lambda: SENT_AT, **extra,
    }
    return Flow(**options)  # type: ignore[arg-type]


def _to_petition_check(flow: Flow) -> None:
    flow.start()
    flow.tile("have_your_say")
    flow.tile("sign-petition")
    for answer in PETITION:
        assert flow.screen == f.QUESTION
        flow.continue_(answer)
    assert flow.screen == f.CHECK


def test_the_welcome_screen_leads_home_and_a_group_to_its_services(journeys) -> None:
    flow = _flow(journeys)
    assert flow.screen == f.WELCOME and flow.language == "en"
    flow.start("cy")
    assert flow.screen == f.HOME and flow.language == "cy"
    flow.tile("report")
    assert flow.state == FlowState(f.SERVICES, group="report")
    assert [j.id for j in flow.services()] == sorted(
        (j.id for j in journeys if j.group == "report"),
        key=lambda i: next(j for j in journeys if j.id == i).title["cy"].casefold())
    assert not flow.offers_ask_staff
    flow.back()
    assert flow.screen == f.HOME


def test_a_journey_goes_page_by_page_and_back_to_its_services(journeys) -> None:
    flow = _flow(journeys)
    flow.start()
    flow.tile("have_your_say")
    flow.tile("sign-petition")
    assert flow.screen == f.QUESTION and flow.run is not None
    assert flow.run.current_page_id == "petition"
    flow.continue_("")  # nothing chosen: the same page, with its error
    assert flow.screen == f.QUESTION and flow.run.errors()
    flow.continue_(PETITION[0])
    assert flow.run.current_page_id == "local"
    flow.back()
    assert flow.run.current_page_id == "petition"
    flow.back()  # Back on the first page: the journey is given up
    assert flow.run is None
    assert flow.state == FlowState(f.SERVICES, group="have_your_say")


def test_check_answers_change_send_and_the_receipt_dated_by_the_clock(journeys) -> None:
    flow = _flow(journeys)
    _to_petition_check(flow)
    flow.change("full_name")
    assert flow.screen == f.QUESTION
    flow.continue_("Ann Lee-Jones")
    assert flow.screen == f.CHECK  # changing an answer goes back to check your answers
    receipt = flow.sent("XYDWE5B4R", queued=True)
    assert flow.run is None
    assert flow.screen == f.CONFIRMATION and flow.state.receipt == receipt
    assert receipt == Receipt(next(j for j in journeys if j.id == "sign-petition"),
                              "XYDWE5B4R", True, SENT_AT)
    flow.home()
    assert flow.state == FlowState(f.HOME)


def test_a_failed_save_keeps_the_answers_for_another_try(journeys) -> None:
    flow = _flow(journeys)
    _to_petition_check(flow)
    flow.not_saved()
    assert flow.screen == f.NOT_SAVED and flow.run is not None
    flow.retry()
    assert flow.screen == f.CHECK and flow.run.values["full_name"] == "Ann Lee"


def _screens(flow: Flow, journeys) -> list[tuple[str, object]]:  # type: ignore[no-untyped-def]
    """Ways to reach each kind of screen from the welcome screen."""
    def question() -> None:
        flow.start()
        flow.tile("have_your_say")
        flow.tile("sign-petition")

    def confirmation() -> None:
        _to_petition_check(flow)
        flow.sent("XYDWE5B4R", queued=False)

    def not_saved() -> None:
        _to_petition_check(flow)
        flow.not_saved()

    def progress() -> None:
        flow.start()
        flow.tile(f.CHECK_GROUP)
        flow.progress_checked("12")

    def deleted() -> None:
        flow.wipe()
        flow.show(f.DELETED)

    def services() -> None:
        flow.start()
        flow.tile("report")

    return [(f.WELCOME, flow.welcome), (f.HOME, flow.start), (f.SERVICES, services),
            (f.QUESTION, question), (f.CHECK, lambda: _to_petition_check(flow)),
            (f.CONFIRMATION, confirmation), (f.NOT_SAVED, not_saved), (f.PROGRESS, progress),
            (f.DELETED, deleted)]


def test_the_languages_page_goes_back_to_the_same_screen_in_the_new_language(journeys) -> None:
    flow = _flow(journeys, progress_check=True)
    for screen, reach in _screens(flow, journeys):
        flow.wipe()
        reach()  # type: ignore[operator]
        assert flow.screen == screen
        before = flow.state
        flow.open_languages()
        assert flow.screen == f.LANGUAGES and flow.state.under == before
        flow.open_languages()  # tapped again on the languages page: it still covers the screen
        assert flow.state.under == before
        flow.choose_language("cy")
        assert flow.state == before and flow.language == "cy", screen
        if flow.run is not None:
            assert flow.run.language == "cy"
        flow.open_languages()
        flow.back()  # Back on the languages page: nothing changed
        assert flow.state == before and flow.language == "cy"


def test_what_was_typed_is_kept_through_a_language_change(journeys) -> None:
    flow = _flow(journeys)
    flow.start()
    flow.tile("have_your_say")
    flow.tile("sign-petition")
    flow.keep_answer(PETITION[0])
    flow.open_languages()
    flow.choose_language("ur")
    assert flow.run is not None and flow.run.page().answer == PETITION[0]
    assert flow.run.page().language == "ur"


def test_tiles_that_are_not_lists_of_journeys(journeys) -> None:
    asked: list[str] = []
    opened: list[str] = []
    no_help = tuple(j for j in journeys if j.group != "help")
    flow = _flow(no_help, help_requested=lambda: asked.append("help"),
                 group_opened=opened.append, tutorials_available=lambda: True)
    flow.start()
    flow.tile("help")  # no journeys to list: staff are asked, the home screen stays
    assert asked == ["help"] and flow.screen == f.HOME
    flow.tile("learn")
    assert flow.screen == f.TUTORIALS and opened == ["learn"]
    flow.home()
    flow.tile(f.CHECK_GROUP)  # no progress check on this kiosk: an empty list
    assert flow.state == FlowState(f.SERVICES, group=f.CHECK_GROUP) and not flow.services()

    with_help = _flow(journeys, help_requested=lambda: asked.append("tile"))
    with_help.start()
    with_help.tile("help")
    assert with_help.screen == f.SERVICES and with_help.offers_ask_staff
    with_help.tile(f.ASK_STAFF)
    assert asked == ["help", "tile"] and with_help.screen == f.SERVICES
    without_tutorials = _flow(journeys)
    without_tutorials.start()
    without_tutorials.tile("learn")
    assert without_tutorials.state == FlowState(f.SERVICES, group="learn")


def test_checking_progress(journeys) -> None:
    flow = _flow(journeys, progress_check=True)
    flow.start()
    flow.tile(f.CHECK_GROUP)
    assert flow.state == FlowState(f.PROGRESS, progress=f.Progress())
    assert flow.progress_checked("12") is None
    refused = flow.state.progress
    assert refused is not None and refused.phase == f.ASK and refused.typed == "12"
    assert refused.error("en") and refused.error("cy") and refused.error("en") != refused.error("cy")
    flow.progress_answered("too early")  # an answer nobody waits for is not shown
    assert flow.state.progress == refused

    flow.open_progress()
    reference = flow.progress_checked("XYD-WE5-B4R")
    assert reference and flow.state.progress == f.Progress(f.CHECKING, reference=reference)
    flow.open_languages()  # the answer comes while the resident chooses a language
    flow.progress_answered("the answer")
    flow.choose_language("cy")
    assert flow.state.progress == f.Progress(f.ANSWER, reference=reference, answer="the answer")
    flow.open_progress()
    flow.progress_checked("XYD-WE5-B4R")
    flow.progress_failed()
    assert flow.state.progress is not None and flow.state.progress.phase == f.FAILED
    flow.back()
    assert flow.screen == f.HOME


def test_the_wipe_forgets_everything_from_any_screen(journeys, store: Store) -> None:
    stats = Stats(store)
    flow = _flow(journeys, usage=StatsRecorder(stats))
    _to_petition_check(flow)
    flow.set_text_size(200)
    flow.set_high_contrast(True)
    flow.open_languages()
    flow.choose_language("cy")
    flow.wipe()
    assert flow.state == FlowState(f.WELCOME) and flow.run is None
    assert (flow.language, flow.text_size, flow.high_contrast) == ("en", 100, False)
    flow.start()
    flow.tile("report")
    flow.tile("report-missed-bin")
    flow.start_again()
    assert flow.state == FlowState(f.WELCOME)
    [day] = stats.daily(dt.date.today(), dt.date.today())
    assert day.sessions == 2 and day.journeys_started == 2 and day.journeys_completed == 0
    assert day.abandoned_at == {("sign-petition", f.CHECK_ANSWERS_PAGE): 1,
                                ("report-missed-bin", "house"): 1}
    assert day.languages == {"en": 2, "cy": 1} and day.text_sizes == {"200": 1}


def test_what_is_counted_on_the_way(journeys, store: Store) -> None:
    stats = Stats(store)
    flow = _flow(journeys, usage=StatsRecorder(stats))
    flow.set_language("cy")  # on the welcome screen: counted when the session starts
    flow.start()
    flow.tile("have_your_say")
    flow.tile("sign-petition")
    flow.continue_("")
    flow.next_text_size()
    for answer in PETITION:
        flow.continue_(answer)
    flow.sent("XYDWE5B4R", queued=False)
    [day] = stats.daily(dt.date.today(), dt.date.today())
    assert day.sessions == 1 and day.languages == {"cy": 1} and day.text_sizes == {"150": 1}
    assert day.journeys_completed == 1 and day.journeys_abandoned == 0
    assert day.errors_by_question == {("sign-petition", "petition", "petition"): 1}


def test_out_of_service_stays_whatever_is_tapped(journeys) -> None:
    flow = _flow(journeys)
    flow.start()
    flow.stop_service()
    assert flow.screen == f.OUT_OF_SERVICE
    flow.start_again()
    assert flow.screen == f.OUT_OF_SERVICE
    flow.welcome()
    assert flow.screen == f.OUT_OF_SERVICE


def test_the_staff_panel_covers_the_screen_until_staff_leave_or_the_wipe(journeys) -> None:
    flow = _flow(journeys)
    _to_petition_check(flow)
    before = flow.state
    flow.staff_unlocked()
    flow.staff_unlocked()
    assert flow.screen == f.STAFF and flow.state.under == before and flow.drawn == before
    flow.staff_closed()
    assert flow.state == before and flow.run is not None
    flow.staff_unlocked()
    flow.wipe()  # staff walked away: the session times out
    assert flow.state == FlowState(f.WELCOME) and flow.run is None


def test_the_deleted_page_leads_to_the_welcome_screen(journeys) -> None:
    flow = _flow(journeys)
    flow.start()
    flow.wipe()
    flow.show(f.DELETED)
    assert flow.state == FlowState(f.DELETED)
    flow.welcome()
    assert flow.state == FlowState(f.WELCOME)


def test_the_receipt_is_worded_in_any_language() -> None:
    journey = next(j for j in load_builtin_journeys().journeys if j.id == "report-fly-tipping")
    words = load_catalogue()
    receipt = Receipt(journey, "XYDWE5B4R", True, SENT_AT)

    def content(language: str, size: int = 100):  # type: ignore[no-untyped-def]
        return receipt_content(
            receipt, language=language, text_size=size, council="Example Borough Council",
            contact="Call 01632 960000",
            words=lambda message_id, **values: words.text(message_id, language, **values))

    en, cy = content("en"), content("cy")
    assert en.created == cy.created == "15/01/2026 09:41"
    assert en.title == journey.confirmation.title["en"] and cy.title == journey.confirmation.title["cy"]
    assert en.status == words.text("status_queued_report", "en")
    assert cy.labels["next"] == words.text("what_happens_next", "cy") != en.labels["next"]
    assert (en.language, en.rtl, content("ur").rtl) == ("en", False, True)
    assert en.reference_display == reference_display("XYDWE5B4R", 100) == "X Y D  -  W E 5  -  B 4 R"
    assert content("en", 200).reference_display == "X Y D  -\nW E 5  -\nB 4 R"


def test_the_default_text_size_is_the_first_step() -> None:
    from kiosk.navigation import TEXT_SIZES

    assert f.DEFAULT_TEXT_SIZE == TEXT_SIZES[0]


def test_a_booking_with_a_fee_says_what_to_pay_before_and_on_the_receipt(journeys) -> None:
    flow = _flow(journeys)
    flow.start()
    flow.tile("request")
    flow.tile("book-bulky-waste")
    assert flow.fee_due() == 2500  # before any item is counted: the fixed amount
    for answer in (None, ["sofa", "bed"], "5", "12 High Street", "EB1 4BD", "", "Ann Lee",
                   "07700 900123", ""):
        assert flow.screen == f.QUESTION
        flow.continue_(answer)
    assert flow.screen == f.CHECK
    assert flow.fee_due() == 3500
    assert flow.run is not None and flow.run.check_answers().fee == "You will need to pay £35.00"
    receipt = flow.sent("XYDWE5B4R", queued=True)
    assert receipt is not None and receipt.fee_pence == 3500
    words = load_catalogue().text
    content = receipt_content(receipt, language="cy", text_size=100, council="Cyngor", contact="",
                              words=lambda key, **v: words(key, "cy", **v))
    assert content.fee == "Bydd angen i chi dalu £35.00"
