"""The kiosk's own voice: one :class:`Speaker`, one engine thread, sound on Linux and Windows.

A council kiosk is closed to the resident's own screen reader, so it must speak for itself
(EN 301 549 clause 5.1.3). :class:`Speaker` is that voice:

- ``say(text, language)`` queues speech and returns at once; the voice follows the
  language (``en`` British English, ``cy`` Welsh, ``ur`` Urdu, ``pl`` Polish ...).
- ``say_characters(reference, language)`` spells a reference: "K, Q, 7, ...".
- ``stop()`` interrupts what is being said and drops the queue; a new page calls
  ``stop()`` then ``say()``. ``repeat()`` says the last thing again.
- ``set_rate`` / ``set_volume`` adjust; ``reset()`` puts them back for the next resident.
- Parts marked ``private`` (hidden entries, names, references) are spoken only while
  private listening (headphones) is on.
- With no speech engine the speaker still works as a no-op: ``available`` is False and
  ``unavailable_reason`` says why, so the interface can say that speech is not available.

How it runs. pyttsx3 wants its engine created and driven on one thread (pyttsx3 #327), and
espeak-ng is one library per process with one synthesis callback, so the process has one
:class:`EngineHost`: a thread that owns the pyttsx3 engine and turns text into WAV files
with its public calls (``setProperty``, ``save_to_file``, ``runAndWait``), one job at a
time. Making a :class:`Speaker` waits for that engine to start, so the kiosk makes it on
its loading thread, never the GUI thread. The speaker's own worker thread splits text into
sentences, asks the host for each sentence's WAV and plays it through an
:class:`AudioOutput` chosen for the platform (:func:`find_audio_output`): a command-line
player on Linux, the standard library's ``winsound`` on Windows. pyttsx3's own playback
is not used: its espeak driver plays with a blocking ``aplay`` that cannot be interrupted.
Stopping never touches the engine: the worker stops between sentences (a sentence takes a
few milliseconds to synthesise) and the sound is stopped mid-sentence. Events (started,
finished, interrupted) go to listeners on the worker thread; :mod:`accessibility.qt_speech`
turns them into Qt signals delivered on the GUI thread.

Engines, by platform (:func:`engine_drivers`): pyttsx3's ``espeak`` driver everywhere
(Debian's ``espeak-ng``; on Windows, eSpeak NG's installer puts ``libespeak-ng.dll`` where
pyttsx3 looks for it), which has the Welsh and Urdu voices; on Windows, if eSpeak NG is
not installed, Windows' own voices through pyttsx3's ``sapi5`` driver.
"""

from __future__ import annotations

import itertools
import logging
import os
import queue
import re
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from accessibility.spoken import DEFAULT_VOLUME, SpeechPart, spoken_characters

log = logging.getLogger(__name__)

# Slower than espeak's 175 words a minute: many residents are older or reading in a
# second language. Residents can change it; reset() brings it back.
DEFAULT_RATE_WPM = 160
RATE_LIMITS = (0.5, 2.0)

# espeak-ng voice identifiers, best first, for each language the kiosk may show.
VOICE_PREFERENCES: dict[str, tuple[str, ...]] = {
    "en": ("gmw/en", "gmw/en-gb-x-rp", "gmw/en-gb-scotland"),
    "cy": ("cel/cy",),
    "ur": ("inc/ur",),
    "pl": ("zlw/pl",),
    "ro": ("roa/ro",),
    "pa": ("inc/pa",),
    "ar": ("sem/ar",),
    "pt": ("roa/pt",),
    "es": ("roa/es",),
    "bn": ("inc/bn",),
    "gu": ("inc/gu",),
    "so": ("cus/so",),
    "lt": ("bat/lt",),
    "bg": ("zls/bg",),
    "it": ("roa/it",),
    "fr": ("roa/fr",),
}

# Longest piece of text synthesised at once: short pieces start quickly and can be
# interrupted between them.
CHUNK_CHARS = 240
# How long one synthesis job may take before the engine is considered broken.
SYNTHESIS_TIMEOUT_S = 20.0
# How long making a speaker waits for the engine to start (it normally takes 25-50 ms).
ENGINE_START_TIMEOUT_S = 10.0
# How long the engine thread waits for a voice, rate and volume to take effect.
SETTLE_TIMEOUT_S = 1.0

EventKind = Literal["synthesis_started", "started", "finished", "interrupted"]


class SpeechUnavailable(RuntimeError):
    """The speech engine could not be started or stopped answering."""


@dataclass(frozen=True)
class VoiceInfo:
    """One voice the engine offers."""

    id: str
    name: str
    languages: tuple[str, ...]


@dataclass(frozen=True)
class SpeechEvent:
    """What happened to an utterance, reported to listeners on the speech thread.

    ``synthesis_started``: the engine began turning the first sentence into sound.
    ``started``: the resident starts to hear it (``text`` is what will be said).
    ``finished``: it was said to the end. ``interrupted``: ``stop()`` cut it short.
    A dropped utterance that never started gets no event at all.
    """

    kind: EventKind
    utterance_id: int
    text: str = ""
    voice: str = ""  # on ``started``: the voice the engine reports it is using


SpeechListener = Callable[[SpeechEvent], None]


# -- text preparation -------------------------------------------------------------------


_SENTENCE_END = re.compile(r"(?<=[.!?:;\n])\s+")


def split_for_speech(text: str, limit: int = CHUNK_CHARS) -> list[str]:
    """Split ``text`` into sentences of at most ``limit`` characters (at spaces if needed)."""
    chunks: list[str] = []
    for sentence in _SENTENCE_END.split(text):
        sentence = " ".join(sentence.split())
        while len(sentence) > limit:
            cut = sentence.rfind(", ", 0, limit)
            cut = cut + 1 if cut > limit // 3 else sentence.rfind(" ", 0, limit)
            if cut <= 0:
                cut = limit
            chunks.append(sentence[:cut].strip())
            sentence = sentence[cut:].strip()
        if sentence:
            chunks.append(sentence)
    return chunks


def primary_language(language: str) -> str:
    """``"cy-GB"`` / ``"en_GB"`` -> ``"cy"`` / ``"en"``."""
    return re.split(r"[-_]", language.strip().lower(), maxsplit=1)[0]


def choose_voice(voices: Sequence[VoiceInfo], language: str) -> str | None:
    """The best voice id for ``language`` among ``voices``, or None if none speaks it."""
    lang = primary_language(language)
    ids = {voice.id for voice in voices}
    for preferred in VOICE_PREFERENCES.get(lang, ()):
        if preferred in ids:
            return preferred
    for voice in voices:
        if any(primary_language(code) == lang for code in voice.languages):
            return voice.id
    return None


def wav_duration(path: Path) -> float:
    """Length of a WAV file in seconds."""
    import wave

    with wave.open(str(path), "rb") as wav:
        rate = wav.getframerate()
        return wav.getnframes() / rate if rate else 0.0


# -- the engine host ----------------------------------------------------------------------


def engine_drivers(platform: str = sys.platform) -> tuple[str, ...]:
    """The pyttsx3 drivers to try on ``platform`` (a ``sys.platform`` value), best first.

    espeak-ng first everywhere: the same voices (Welsh, Urdu, Polish ...) on Linux and
    Windows. On Windows, SAPI 5 (Windows' own voices) when eSpeak NG is not installed."""
    if platform == "win32":
        return ("espeak", "sapi5")
    return ("espeak",)


@dataclass
class _Job:
    text: str
    voice: str
    rate_wpm: int
    volume: float
    path: Path
    on_started: Callable[[], None] | None = None
    done: threading.Event = field(default_factory=threading.Event)
    error: str | None = None
    voice_used: str = ""


# pyttsx3 drivers whose runAndWait() can return before the file is written: 2.99's espeak
# driver synthesises on espeak-ng's own thread and reports the end with finished-utterance.
_WRITES_AFTER_RETURNING = frozenset({"espeak"})


class EngineHost:
    """The one pyttsx3 engine, created and driven on its own thread.

    espeak-ng keeps one synthesis callback per process, so two engines would steal each
    other's audio; every :class:`Speaker` therefore shares the host (see
    :func:`engine_host`). ``synthesize`` may be called from any thread and blocks that
    thread (never the GUI: speakers call it from their worker) until the WAV is written.

    Attributes:
        drivers: the pyttsx3 drivers tried, in order.
        driver: the one that started ("" if none did).
        error: why the engine could not start, or None.
        voices: the voices the engine offers.
    """

    def __init__(self, drivers: Sequence[str], *,
                 start_timeout: float = ENGINE_START_TIMEOUT_S) -> None:
        self.drivers = tuple(drivers)
        self.driver = ""
        self.error: str | None = None
        self.voices: tuple[VoiceInfo, ...] = ()
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._ready = threading.Event()
        self._finished = threading.Event()  # finished-utterance, for the current job
        self._thread = threading.Thread(
            target=self._run, name=f"speech-engine-{'-'.join(self.drivers)}", daemon=True
        )
        self._thread.start()
        if not self._ready.wait(start_timeout):
            names = " or ".join(self.drivers)
            self.error = f"the {names} speech engine did not start within {start_timeout:g} s"

    @property
    def available(self) -> bool:
        return self.error is None and self._thread.is_alive()

    def synthesize(
        self,
        text: str,
        *,
        voice: str,
        rate_wpm: int,
        volume: float,
        path: Path,
        on_started: Callable[[], None] | None = None,
    ) -> str:
        """Write ``text`` spoken by ``voice`` to the WAV file ``path``.

        Returns the voice id the engine reports it used (read back, not assumed).
        """
        if not self.available:
            raise SpeechUnavailable(self.error or "the speech engine has stopped")
        job = _Job(text, voice, rate_wpm, volume, path, on_started)
        self._jobs.put(job)
        if not job.done.wait(SYNTHESIS_TIMEOUT_S + SETTLE_TIMEOUT_S + 1.0):
            raise SpeechUnavailable("the speech engine stopped answering")
        if job.error is not None:
            raise SpeechUnavailable(job.error)
        return job.voice_used

    def shutdown(self) -> None:
        """End the engine thread (tests; the kiosk keeps its host for its whole life)."""
        self._jobs.put(None)
        self._thread.join(timeout=SYNTHESIS_TIMEOUT_S)

    # The engine thread --------------------------------------------------------------

    def _start_engine(self) -> Any:
        """The first of ``drivers`` that starts (pyttsx3 is only ever touched on this thread)."""
        import pyttsx3

        failures = []
        for driver in self.drivers:
            try:
                if driver == "sapi5":  # COM, for this thread (pyttsx3 assumes it is done)
                    import comtypes

                    comtypes.CoInitialize()
                engine = pyttsx3.Engine(driver)
            except Exception as exc:  # any failure to start means "try the next", then "no speech"
                failures.append(f"{driver}: {type(exc).__name__}: {exc}")
                continue
            self.driver = driver
            _quieten_driver(driver)
            return engine
        raise SpeechUnavailable("; ".join(failures))

    def _run(self) -> None:
        try:
            engine = self._start_engine()
            self.voices = tuple(
                VoiceInfo(
                    id=str(voice.id),
                    name=str(voice.name or voice.id),
                    languages=tuple(str(code) for code in (voice.languages or ())),
                )
                for voice in engine.getProperty("voices")
            )
        except Exception as exc:  # any failure to start means "no speech", not a crash
            self.error = f"the {' or '.join(self.drivers)} speech engine could not start ({exc})"
            self._ready.set()
            return
        engine.connect("finished-utterance", lambda **_: self._finished.set())
        # pyttsx3 holds every command (setProperty too) until its first loop: run an empty
        # one, so that from now on a voice, rate or volume is handed on when it is set.
        _wait_for_espeak(self.driver)
        engine.runAndWait()
        self._ready.set()
        while (job := self._jobs.get()) is not None:
            try:
                self._synthesize(engine, job)
            except Exception as exc:
                job.error = f"speech synthesis failed ({type(exc).__name__})"
            finally:
                job.done.set()
            if job.error is not None:
                # The engine is in an unknown state: report it unavailable from now on.
                self.error = job.error
                break
        del engine

    def _synthesize(self, engine: Any, job: _Job) -> None:
        engine.setProperty("voice", job.voice)
        engine.setProperty("rate", job.rate_wpm)
        engine.setProperty("volume", job.volume)
        job.voice_used = _settled(engine, job)
        _wait_for_espeak(self.driver)
        if job.on_started is not None:
            job.on_started()
        self._finished.clear()
        engine.save_to_file(job.text, str(job.path))
        engine.runAndWait()
        if self.driver in _WRITES_AFTER_RETURNING and not self._finished.wait(
                SYNTHESIS_TIMEOUT_S):
            job.error = "speech synthesis did not finish"


def _settled(engine: Any, job: _Job) -> str:
    """Wait until the engine reports the job's voice, rate and volume; the voice it reports.

    pyttsx3 2.99's espeak driver hands them to espeak-ng, which applies them in turn on its
    own thread; ``runAndWait`` starts with a stop (pyttsx3's end of the previous loop) that
    cancels what espeak has not applied yet. Unsettled, on a busy machine a sentence came out at the previous rate and volume
    (Faster did nothing; after ``reset()`` a sentence came out at double speed). Reading
    them back with ``getProperty`` shows when espeak has them."""
    deadline = time.monotonic() + SETTLE_TIMEOUT_S
    while True:
        voice = str(engine.getProperty("voice") or "")
        rate, volume = engine.getProperty("rate"), float(engine.getProperty("volume"))
        if (voice, rate, round(volume * 100)) == (job.voice, job.rate_wpm,
                                                   round(job.volume * 100)):
            return voice
        if time.monotonic() > deadline:
            log.warning("the speech engine has voice %r, %s words a minute and volume %.2f, "
                        "not %r, %s and %.2f; what it has is used", voice, rate, volume,
                        job.voice, job.rate_wpm, job.volume)
            return voice
        time.sleep(0.0005)


def _wait_for_espeak(driver: str) -> None:
    """Let espeak-ng finish the last sentence's work before the next ``runAndWait``.

    espeak-ng works on its own thread and reports the end of a sentence from inside its
    last callback, before it is done with it. pyttsx3's ``runAndWait`` begins with a stop
    that, while espeak is still busy, cancels espeak and leaves the driver stopping: the
    new sentence was then cut off at once (a WAV with no sound in it). pyttsx3 has no
    public call that waits for espeak, so this is one of the two private touches of
    pyttsx3 here: espeak-ng's own ``espeak_IsPlaying`` / ``espeak_Synchronize`` through
    pyttsx3's binding of the library (loaded with the driver)."""
    if driver != "espeak":
        return
    espeak = sys.modules.get("pyttsx3.drivers._espeak")
    if espeak is not None and espeak.IsPlaying():
        espeak.Synchronize()


def _quieten_driver(driver: str) -> None:
    """pyttsx3 2.99's espeak driver prints "Audio saved to <file>" for every file it writes
    (from espeak's thread), which would fill the kiosk's journal, and has no setting for
    it. The other private touch of pyttsx3 here: silence the name ``print`` in that driver
    module only (it shadows the builtin there, nowhere else)."""
    module = sys.modules.get(f"pyttsx3.drivers.{driver}")
    if module is not None and driver == "espeak":
        module.print = lambda *args, **kwargs: None  # type: ignore[attr-defined]


_HOSTS: dict[tuple[str, ...], EngineHost] = {}
_HOSTS_LOCK = threading.Lock()


def engine_host(drivers: Sequence[str] | None = None, *,
                start_timeout: float = ENGINE_START_TIMEOUT_S) -> EngineHost:
    """The shared host for ``drivers`` (default: :func:`engine_drivers`); one per process.

    A host that failed to start is not kept, so a later call tries again. A new host is
    waited for at most ``start_timeout`` seconds.
    """
    key = tuple(drivers) if drivers is not None else engine_drivers()
    with _HOSTS_LOCK:
        host = _HOSTS.get(key)
        if host is None or not host.available:
            host = EngineHost(key, start_timeout=start_timeout)
            if host.available:
                _HOSTS[key] = host
        return host


# -- audio output -------------------------------------------------------------------------


class AudioOutput(Protocol):
    """Plays a WAV file; returns True if it played to the end, False if ``cancel`` was set."""

    name: str

    def play(self, path: Path, cancel: threading.Event) -> bool: ...


def _sound_time(path: Path, began: float, cancel: threading.Event, scale: float = 1.0) -> bool:
    """Wait for what is left of the sound's length since ``began``; False if cancelled."""
    remaining = wav_duration(path) * scale - (time.monotonic() - began)
    return not cancel.wait(max(0.0, remaining))


class SilentOutput:
    """No loudspeaker: takes as long as the sound would, so events keep real timing.

    Used where the machine has no audio player or device (a headless test machine).
    """

    name = "silent"

    def __init__(self, time_scale: float = 1.0) -> None:
        # time_scale < 1 makes tests faster while keeping the order of events real.
        self.time_scale = time_scale

    def play(self, path: Path, cancel: threading.Event) -> bool:
        return _sound_time(path, time.monotonic(), cancel, self.time_scale)


class CommandOutput:
    """Linux: plays through a command-line player (``pw-play``, ``paplay`` or ``aplay``).

    The player is a separate process, so stopping is immediate: it is terminated.
    If the player fails (no sound device), the time the sound would take still passes.
    """

    def __init__(self, argv: Sequence[str], poll_s: float = 0.01) -> None:
        self.argv = tuple(argv)
        self.name = Path(self.argv[0]).name
        self.failures = 0  # plays the player could not do (logged once)
        self._poll_s = poll_s

    def play(self, path: Path, cancel: threading.Event) -> bool:
        import subprocess

        began = time.monotonic()
        try:
            process = subprocess.Popen(
                [*self.argv, str(path)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        except OSError as exc:
            return self._fail(path, began, cancel, type(exc).__name__)
        while process.poll() is None:
            if cancel.wait(self._poll_s):
                process.terminate()
                try:
                    process.wait(timeout=1.0)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
                return False
        if process.returncode != 0:
            return self._fail(path, began, cancel, f"exit status {process.returncode}")
        return not cancel.is_set()

    def _fail(self, path: Path, began: float, cancel: threading.Event, why: str) -> bool:
        if not self.failures:
            log.warning("audio player %s failed (%s); speech is silent", self.name, why)
        self.failures += 1
        return _sound_time(path, began, cancel)


class WinsoundOutput:
    """Windows: the standard library's ``winsound`` plays the WAV on the default output
    device (the kiosk's loudspeaker, or the headphones when they are plugged in).

    ``PlaySound`` plays asynchronously; the sound's length is waited for, and a stop ends
    it at once (``PlaySound(None, 0)`` stops the sound that is playing)."""

    name = "winsound"

    def play(self, path: Path, cancel: threading.Event) -> bool:
        if sys.platform != "win32":  # find_audio_output chooses this output only there
            raise SpeechUnavailable("winsound plays sound on Windows only")
        import winsound

        began = time.monotonic()
        flags = winsound.SND_FILENAME | winsound.SND_ASYNC | winsound.SND_NODEFAULT
        try:
            winsound.PlaySound(str(path), flags)
        except RuntimeError:  # no sound device: the time still passes
            return _sound_time(path, began, cancel)
        if _sound_time(path, began, cancel):
            return True
        winsound.PlaySound(None, 0)
        return False


# Linux players, best first: PipeWire, PulseAudio, then plain ALSA.
PLAYERS: tuple[tuple[str, ...], ...] = (("pw-play",), ("paplay",), ("aplay", "-q"))


def find_audio_output(platform: str = sys.platform) -> AudioOutput:
    """Where the kiosk's sound goes on ``platform`` (a ``sys.platform`` value): ``winsound``
    on Windows; elsewhere the first player on the PATH, or :class:`SilentOutput`."""
    if platform == "win32":
        return WinsoundOutput()
    import shutil

    for argv in PLAYERS:
        found = shutil.which(argv[0])
        if found:
            return CommandOutput((found, *argv[1:]))
    return SilentOutput()


# -- the speaker --------------------------------------------------------------------------


def _clamped_rate(multiplier: float) -> float:
    low, high = RATE_LIMITS
    return min(high, max(low, float(multiplier)))


def _clamped_volume(volume: float) -> float:
    return min(1.0, max(0.0, float(volume)))


@dataclass
class _Utterance:
    id: int
    generation: int
    parts: tuple[SpeechPart, ...]
    language: str
    cancel: threading.Event = field(default_factory=threading.Event)


_STOP_WORKER = object()


class Voice(Protocol):
    """What the kiosk's screens ask of a voice: :class:`Speaker` is the real one, and
    :class:`QuietVoice` one that says nothing. Every member is called directly: a voice
    that lacks one fails where it is made, not silently at the wipe."""

    @property
    def available(self) -> bool: ...
    def say(self, text: str, language: str) -> bool: ...
    def speak(self, parts: Sequence[SpeechPart], language: str) -> bool: ...
    def repeat(self) -> bool: ...
    def stop(self) -> None: ...
    def reset(self) -> None: ...
    def set_rate(self, multiplier: float) -> None: ...
    def set_volume(self, volume: float) -> None: ...
    def set_private_listening(self, on: bool) -> None: ...


class QuietVoice:
    """A :class:`Voice` with no sound: ``speak`` joins its parts into one sentence and
    hands it to ``say``, which does nothing here (a subclass may keep what it is given).
    The audit walk uses it to show read-aloud mode without a loudspeaker."""

    available = True
    private_listening = False
    rate = 1.0
    volume = DEFAULT_VOLUME

    def say(self, text: str, language: str) -> bool:
        return bool(text.strip())

    def speak(self, parts: Sequence[SpeechPart], language: str) -> bool:
        texts = [spoken_characters(p.text) if p.characters else p.text.strip()
                 for p in parts if p.text.strip()]
        if not texts:
            return False
        return self.say(" ".join(t if t.endswith((".", "!", "?", ":", "\u06d4", "\u061f"))
                                 else t + "." for t in texts), language)

    def repeat(self) -> bool:
        return False

    def stop(self) -> None:
        return None

    def reset(self) -> None:
        self.stop()
        self.private_listening = False
        self.rate, self.volume = 1.0, DEFAULT_VOLUME

    def set_rate(self, multiplier: float) -> None:
        self.rate = multiplier

    def set_volume(self, volume: float) -> None:
        self.volume = volume

    def set_private_listening(self, on: bool) -> None:
        self.private_listening = on


class Speaker:
    """Speaks text in the language on screen, on its own thread; every call returns at once,
    except making it, which waits for the engine to start (25-50 ms, at most
    ``start_timeout``): the kiosk makes its speaker on its loading thread.

    Attributes:
        available: the engine started; when False every call is a harmless no-op.
        unavailable_reason: why speech is not available (for staff and logs), or None.
        output: where the sound goes (a player, or silent timing on a machine without one).
        private_listening: private parts are spoken (the resident has headphones on).
    """

    def __init__(
        self,
        *,
        driver: str | None = None,
        output: AudioOutput | None = None,
        default_rate_wpm: int = DEFAULT_RATE_WPM,
        default_volume: float = DEFAULT_VOLUME,
        temp_dir: Path | None = None,
        start_timeout: float = ENGINE_START_TIMEOUT_S,
    ) -> None:
        self.default_rate_wpm = default_rate_wpm
        self.default_volume = default_volume
        self.output: AudioOutput = output if output is not None else find_audio_output()
        drivers = (driver,) if driver is not None else None  # None: the platform's
        self._host = engine_host(drivers, start_timeout=start_timeout)
        self.unavailable_reason: str | None = (
            None if self._host.available else f"Speech is not available: {self._host.error}"
        )
        if self.unavailable_reason:
            log.warning("%s", self.unavailable_reason)
        self._lock = threading.Lock()
        self._listeners: list[SpeechListener] = []
        self._listeners_lock = threading.RLock()
        self._ids = itertools.count(1)
        self._generation = 0
        self._current: _Utterance | None = None
        self._last: tuple[tuple[SpeechPart, ...], str] | None = None
        self._rate = 1.0
        self._volume = default_volume
        self.private_listening = False
        self._queue: queue.Queue[object] = queue.Queue()
        import tempfile

        self._temp_dir = Path(tempfile.mkdtemp(prefix="kiosk-speech-", dir=temp_dir))
        self._worker: threading.Thread | None = None
        if self.available:
            self._worker = threading.Thread(target=self._work, name="speaker", daemon=True)
            self._worker.start()

    # -- state ---------------------------------------------------------------------------

    @property
    def available(self) -> bool:
        return self.unavailable_reason is None

    @property
    def voices(self) -> tuple[VoiceInfo, ...]:
        return self._host.voices

    def voice_for(self, language: str) -> str | None:
        """The voice id used for ``language`` (None: this engine has no voice for it)."""
        return choose_voice(self._host.voices, language)

    @property
    def rate(self) -> float:
        """Speaking rate as a multiple of the default."""
        return self._rate

    @property
    def volume(self) -> float:
        return self._volume

    @property
    def speaking(self) -> bool:
        """Something is being said or waiting to be said."""
        with self._lock:
            return self._current is not None or not self._queue.empty()

    def add_listener(self, listener: SpeechListener) -> None:
        """Call ``listener(event)`` on the speech thread for every :class:`SpeechEvent`."""
        with self._listeners_lock:
            self._listeners.append(listener)

    def remove_listener(self, listener: SpeechListener) -> None:
        """Stop calling ``listener``; once this returns it is not called again."""
        with self._listeners_lock:
            if listener in self._listeners:
                self._listeners.remove(listener)

    # -- speaking ------------------------------------------------------------------------

    def say(self, text: str, language: str, *, private: bool = False) -> bool:
        """Queue ``text`` to be said in ``language``. Returns whether anything was queued.

        ``private`` text (a hidden entry, a name) is said only with private listening on.
        """
        return self.speak((SpeechPart(text, private=private),), language)

    def say_characters(self, text: str, language: str, *, private: bool = False) -> bool:
        """Queue ``text`` to be spelt out character by character ("K, Q, 7, ...")."""
        return self.speak((SpeechPart(text, private=private, characters=True),), language)

    def speak(self, parts: Sequence[SpeechPart], language: str) -> bool:
        """Queue one utterance made of ``parts`` (e.g. "Your reference is" + the reference)."""
        parts = tuple(part for part in parts if part.text.strip())
        if not parts:
            return False
        with self._lock:
            self._last = (parts, language)
        return self._enqueue(parts, language)

    def repeat(self) -> bool:
        """Say the last utterance again (after stopping whatever is being said)."""
        with self._lock:
            last = self._last
        if last is None:
            return False
        self.stop()
        return self._enqueue(*last)

    def stop(self) -> None:
        """Interrupt what is being said and drop everything queued.

        Returns at once. The utterance being said reports ``interrupted``; queued ones are
        dropped without any event. Speech queued after this call is not affected.
        """
        with self._lock:
            self._generation += 1
            if self._current is not None:
                self._current.cancel.set()

    def set_rate(self, multiplier: float) -> None:
        """Speak ``multiplier`` times the default rate (0.5 to 2); applies from the next sentence."""
        self._rate = _clamped_rate(multiplier)

    def set_volume(self, volume: float) -> None:
        """Volume from 0 to 1; applies from the next sentence."""
        self._volume = _clamped_volume(volume)

    def set_private_listening(self, on: bool) -> None:
        """Private listening (headphones): private parts are spoken while it is on."""
        self.private_listening = bool(on)

    def reset(self) -> None:
        """For the next resident: stop, forget the last utterance, default rate and volume,
        private listening off, and no sound files left behind."""
        self.stop()
        with self._lock:
            self._last = None
        self._rate = 1.0
        self._volume = self.default_volume
        self.private_listening = False
        if self._worker is None:
            self._clean_temp()

    def save_to_file(self, text: str, language: str, path: Path | str) -> Path:
        """Write ``text`` spoken in ``language`` to the WAV file ``path`` (blocks; tests and
        benchmarks). Raises :class:`SpeechUnavailable` without an engine or a voice."""
        if not self.available:
            raise SpeechUnavailable(self.unavailable_reason or "speech is not available")
        voice = self._voice_or_raise(language)
        target = Path(path)
        self._host.synthesize(
            text, voice=voice, rate_wpm=self._rate_wpm(), volume=self._volume, path=target
        )
        return target

    def shutdown(self) -> None:
        """Stop speaking and end the worker thread."""
        self.stop()
        if self._worker is not None:
            self._queue.put(_STOP_WORKER)
            self._worker.join(timeout=SYNTHESIS_TIMEOUT_S)
            self._worker = None
        self._clean_temp()
        import shutil

        shutil.rmtree(self._temp_dir, ignore_errors=True)

    # -- internals -----------------------------------------------------------------------

    def _enqueue(self, parts: tuple[SpeechPart, ...], language: str) -> bool:
        if not self.available:
            return False
        if not any(self._audible(part) for part in parts):
            return False
        if self.voice_for(language) is None:
            log.warning("no voice for language %r; not spoken", language)
            return False
        with self._lock:
            utterance = _Utterance(next(self._ids), self._generation, parts, language)
            self._queue.put(utterance)
        return True

    def _audible(self, part: SpeechPart) -> bool:
        return bool(part.text.strip()) and (not part.private or self.private_listening)

    def _rate_wpm(self) -> int:
        return round(self.default_rate_wpm * self._rate)

    def _voice_or_raise(self, language: str) -> str:
        voice = self.voice_for(language)
        if voice is None:
            raise SpeechUnavailable(f"no voice for language {language!r}")
        return voice

    def _text_of(self, utterance: _Utterance) -> str:
        spoken = [
            spoken_characters(part.text) if part.characters else part.text.strip()
            for part in utterance.parts
            if self._audible(part)
        ]
        return " ".join(text if text.endswith((".", "!", "?", ":")) else text + "."
                        for text in spoken)

    def _emit(self, event: SpeechEvent) -> None:
        with self._listeners_lock:
            for listener in list(self._listeners):
                try:
                    listener(event)
                except Exception:  # a listener's bug must not silence the kiosk
                    log.exception("speech listener failed")

    def _work(self) -> None:
        while (item := self._queue.get()) is not _STOP_WORKER:
            assert isinstance(item, _Utterance)
            with self._lock:
                if item.generation != self._generation:
                    continue  # dropped by stop(): no event
                self._current = item
            try:
                self._say(item)
            except SpeechUnavailable as exc:
                log.warning("speech failed: %s", exc)
                if not self._host.available:
                    self.unavailable_reason = f"Speech is not available: {exc}"
            finally:
                with self._lock:
                    self._current = None
                self._clean_temp()

    def _say(self, utterance: _Utterance) -> None:
        text = self._text_of(utterance)
        chunks = split_for_speech(text)
        if not chunks:
            return
        voice = self._voice_or_raise(utterance.language)
        started = False
        for index, chunk in enumerate(chunks):
            if utterance.cancel.is_set():
                break
            path = self._temp_dir / f"{utterance.id}-{index}.wav"
            on_started = None
            if index == 0:
                def on_started(uid: int = utterance.id) -> None:
                    self._emit(SpeechEvent("synthesis_started", uid))
            voice_used = self._host.synthesize(
                chunk, voice=voice, rate_wpm=self._rate_wpm(), volume=self._volume,
                path=path, on_started=on_started,
            )
            if utterance.cancel.is_set():
                break
            if not started:
                started = True
                self._emit(SpeechEvent("started", utterance.id, text, voice_used))
            completed = self.output.play(path, utterance.cancel)
            path.unlink(missing_ok=True)
            if not completed:
                break
        if not started:
            return  # stopped before a sound was made: dropped, no event
        if utterance.cancel.is_set():
            self._emit(SpeechEvent("interrupted", utterance.id))
        else:
            self._emit(SpeechEvent("finished", utterance.id))

    def _clean_temp(self) -> None:
        for leftover in self._iter_temp():
            leftover.unlink(missing_ok=True)

    def _iter_temp(self) -> Iterator[Path]:
        if self._temp_dir.is_dir():
            yield from (self._temp_dir / name for name in os.listdir(self._temp_dir))
