"""Speaking calls on the hall display, one at a time, each shown as a subtitle while spoken.

Calls from many windows arrive at once; they queue here and never talk over each other. The
voice is QtTextToSpeech where the platform has an engine; otherwise a chime (or the system
beep) marks each call while its subtitle is shown for as long as the sentence would take.
"""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal, SignalInstance
from PySide6.QtWidgets import QApplication

from app.announce import DEFAULT_TEMPLATE, call_sentence, subtitle

log = logging.getLogger(__name__)
SECONDS_PER_CHARACTER = 0.28  # a calm Mandarin announcement: ~3.5 characters a second
WATCHDOG_MARGIN_MS = 5000


class Speaker(Protocol):
    """Says one sentence and emits ``finished`` when done (a real engine, a chime, a test)."""

    @property
    def finished(self) -> SignalInstance: ...

    def say(self, text: str) -> None: ...


class QtSpeaker(QObject):
    """QtTextToSpeech with a Chinese voice."""

    finished = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtCore import QLocale
        from PySide6.QtTextToSpeech import QTextToSpeech  # may be missing: see make_speaker

        self.engine = QTextToSpeech(self)
        self.engine.setLocale(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        self.engine.stateChanged.connect(self.on_state)
        self.speaking = False

    def say(self, text: str) -> None:
        self.speaking = True
        self.engine.say(text)

    def on_state(self, state: object) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        if self.speaking and state in (QTextToSpeech.State.Ready, QTextToSpeech.State.Error):
            self.speaking = False
            self.finished.emit()


class ChimeSpeaker(QObject):
    """No speech engine: a chime, then silence for as long as the sentence would take."""

    finished = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.finished)

    def say(self, text: str) -> None:
        QApplication.beep()
        self.timer.start(int(len(text) * SECONDS_PER_CHARACTER * 1000))


def make_speaker(parent: QObject | None = None) -> Speaker:
    """The platform's speech engine when it has one, else the chime."""
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech

        if QTextToSpeech.availableEngines():
            return QtSpeaker(parent)
    except ImportError as exc:  # e.g. Linux without PulseAudio's library
        log.warning("no speech: %s; calls are chimed and shown", exc)
    return ChimeSpeaker(parent)


@dataclass(frozen=True)
class Announcement:
    code: str
    window_number: int
    sentence: str
    subtitle: str


class AnnouncementQueue(QObject):
    """First come, first spoken; a recall is announced again like a new call."""

    started = Signal(object)  # Announcement: show its subtitle
    idle = Signal()  # nothing left to say: hide the subtitle

    def __init__(self, speaker: Speaker, *, template: str = DEFAULT_TEMPLATE,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.speaker = speaker
        self.template = template
        self.pending: deque[Announcement] = deque()
        self.current: Announcement | None = None
        speaker.finished.connect(self.on_finished)
        # A speech engine that never reports back (a hung backend, an error state) must not
        # silence the hall: after the sentence's time plus a margin, the next call goes on.
        self.watchdog = QTimer(self)
        self.watchdog.setSingleShot(True)
        self.watchdog.timeout.connect(self.on_stuck)

    def announce(self, code: str, window_number: int) -> None:
        self.pending.append(Announcement(code, window_number,
                                         call_sentence(code, window_number, self.template),
                                         subtitle(code, window_number, self.template)))
        if self.current is None:
            self._next()

    def _next(self) -> None:
        if not self.pending:
            self.current = None
            self.idle.emit()
            return
        self.current = self.pending.popleft()
        self.started.emit(self.current)
        self.watchdog.start(int(len(self.current.sentence) * SECONDS_PER_CHARACTER * 1000)
                            + WATCHDOG_MARGIN_MS)
        self.speaker.say(self.current.sentence)

    def on_finished(self) -> None:
        self.watchdog.stop()
        if self.current is not None:
            self._next()

    def on_stuck(self) -> None:
        log.warning("speech: no end reported for %r; going on", self.current)
        self.on_finished()
