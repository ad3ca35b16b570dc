"""Calls are spoken one after another, each with its subtitle, never over each other."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from pytestqt.qtbot import QtBot

from ui.speech import AnnouncementQueue, ChimeSpeaker, make_speaker


class RecordingEngine(QObject):
    """A speech engine for tests: records what it is asked to say, speaks for 30 ms."""

    finished = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.said: list[str] = []
        self.busy = False
        self.overlaps = 0

    def say(self, text: str) -> None:
        if self.busy:
            self.overlaps += 1
        self.busy = True
        self.said.append(text)
        QTimer.singleShot(30, self.done)

    def done(self) -> None:
        self.busy = False
        self.finished.emit()


def test_simultaneous_calls_are_queued_and_spoken_in_turn(qtbot: QtBot) -> None:
    engine = RecordingEngine()
    queue = AnnouncementQueue(engine)
    subtitles: list[str] = []
    queue.started.connect(lambda a: subtitles.append(a.subtitle))
    for code, window in (("A012", 3), ("B001", 5), ("A012", 3)):  # the last is a recall
        queue.announce(code, window)
    assert engine.said == ["请A零一二号到3号窗口办理"]  # the others wait their turn
    with qtbot.waitSignal(queue.idle, timeout=2000):
        pass
    assert engine.said == ["请A零一二号到3号窗口办理", "请B零零一号到5号窗口办理",
                           "请A零一二号到3号窗口办理"]
    assert subtitles == ["请A012号到3号窗口办理", "请B001号到5号窗口办理", "请A012号到3号窗口办理"]
    assert engine.overlaps == 0


def test_without_a_speech_engine_the_chime_paces_the_subtitles(qtbot: QtBot) -> None:
    make_speaker()  # must not fail where QtTextToSpeech cannot even be imported
    chime = ChimeSpeaker()
    queue = AnnouncementQueue(chime)
    queue.announce("A001", 1)
    assert queue.current is not None and chime.timer.isActive()
    assert chime.timer.interval() >= 2000  # as long as the sentence would take to say
    with qtbot.waitSignal(queue.idle, timeout=5000):
        pass


def test_a_speech_engine_that_never_finishes_does_not_silence_the_hall(qtbot: QtBot) -> None:
    class Mute(QObject):
        finished = Signal()

        def __init__(self) -> None:
            super().__init__()
            self.said: list[str] = []

        def say(self, text: str) -> None:
            self.said.append(text)  # and never emits finished

    import ui.speech

    engine = Mute()
    queue = AnnouncementQueue(engine)
    ui.speech.WATCHDOG_MARGIN_MS = 0
    try:
        queue.announce("A001", 1)
        queue.announce("A002", 2)
        qtbot.waitUntil(lambda: len(engine.said) == 2, timeout=10000)
    finally:
        ui.speech.WATCHDOG_MARGIN_MS = 5000
