"""收费管理: the hall manager's fee collection area of the counter workspace.

Two pages, Alt+letter or the tab bar: the collection report of a day with its close
(``day_close.DayReportPanel``), and the billing run (``billing_run.BillingRunPanel``).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.services.context import Actor
from ui.live import LiveNotices
from ui.manager.billing_run import BillingRunPanel
from ui.manager.day_close import DayReportPanel
from ui.operations import OperationRunner


class CollectionArea(QWidget):
    def __init__(self, runner: OperationRunner, actor: Actor,
                 notices: LiveNotices | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CollectionArea")
        self.day = DayReportPanel(runner, actor, notices)
        self.billing = BillingRunPanel(runner, actor)
        self.pages = QTabWidget()
        self.pages.setObjectName("CollectionPages")
        self.pages.setDocumentMode(True)
        self.pages.addTab(self.day, "")
        self.pages.addTab(self.billing, "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.pages)
        self.retranslate()

    def retranslate(self) -> None:
        self.pages.setTabText(0, self.tr("Collection &report and day close"))
        self.pages.setTabText(1, self.tr("Billing r&un"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def refresh(self) -> None:
        """The workspace calls this when the tab is chosen; each page reloads when shown."""

    def stop(self) -> None:
        self.day.stop()
        self.billing.stop()
