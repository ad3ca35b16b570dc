"""客户查找 (F5) and the customer card that heads every workspace."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.billing.money import format_money
from app.services.context import Actor
from app.services.customers import (
    MIN_ADDRESS_FRAGMENT,
    CustomerCard,
    SearchResult,
    classify_query,
)
from ui.messages import account_kind_name, account_status_name, error_text, tariff_class_name
from ui.operations import OperationRunner
from ui.ops import customers as customers_ops
from ui.widgets import ElidedLabel

CARD_LINES = 3  # of the card's account lines shown whole; more scroll inside it
ECHO_LENGTH = 20  # of a search quoted back: a pasted page must not fill the panel


def shortened(text: str, length: int = ECHO_LENGTH) -> str:
    """What was typed, quoted back: its first ``length`` characters and "…" if there is more."""
    return text if len(text) <= length else text[:length] + "…"


class CustomerSearch(QWidget):
    """Search box (a barcode scanner types here and presses Enter) and the results list."""

    customer_chosen = Signal(int)
    customer_cleared = Signal()  # a new search: the old customer must leave the card at once

    def __init__(self, runner: OperationRunner, actor: Actor,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.actor = actor
        self.heading = QLabel()
        self.heading.setObjectName("SectionTitle")
        self.box = QLineEdit()
        self.box.setObjectName("customer_search")
        self.box.setClearButtonEnabled(True)
        self.message = QLabel()
        self.message.setObjectName("ErrorMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        self.results = QListWidget()
        self.results.setObjectName("customer_results")
        self.results.setWordWrap(True)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Under a list that stops at the limit: there are more, type more to find them.
        self.more = QLabel()
        self.more.setObjectName("SearchMore")
        self.more.setWordWrap(True)
        self.more.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.box)
        layout.addWidget(self.message)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.more)
        self.box.installEventFilter(self)
        self.box.returnPressed.connect(self.on_search)
        self.box.textEdited.connect(lambda _t: self.message.hide())
        self.results.itemActivated.connect(self.on_item)
        self.results.currentItemChanged.connect(lambda item, _prev: self.on_item(item))
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Find customer (F5)"))
        self.box.setPlaceholderText(self.tr("Account no., phone, name, address, meter no."))
        self.more.setText(self.tr("There are more results: narrow the search."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.message.hide()  # it was written in the other language
        super().changeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down arrow from the search box walks into the results: no mouse needed."""
        if (watched is self.box and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Down
                and self.results.count()):
            self.results.setFocus()
            if self.results.currentRow() < 0:
                self.results.setCurrentRow(0)
            return True
        return super().eventFilter(watched, event)

    def focus(self) -> None:
        self.box.setFocus()
        self.box.selectAll()

    def search_for(self, query: str) -> None:
        """Search as if typed: e.g. the account a customer keyed in at the kiosk."""
        self.box.setText(query)
        self.on_search()

    def on_search(self) -> None:
        self.message.hide()  # an old refusal must not stand next to a new search
        self._clear_results()
        self.customer_cleared.emit()
        self.runner.run_api(customers_ops.search_customers(self.box.text()),
                            on_done=self.on_results, on_error=self.on_error, busy=[self.box])

    def _clear_results(self) -> None:
        # clear() moves the current row through the old items; those are not choices.
        self.results.blockSignals(True)
        self.results.clear()
        self.results.blockSignals(False)
        self.more.hide()

    def on_results(self, result: SearchResult) -> None:
        self._clear_results()
        self.box.setFocus()
        hits = result.hits
        if not hits:
            query = self.box.text().strip()
            text = self.tr("No customer found for “%1”.").replace("%1", shortened(query))
            if (classify_query(query) == "name_or_address"
                    and len(query) < MIN_ADDRESS_FRAGMENT):
                text += " " + self.tr("Two characters are looked for in names only: type at "
                                      "least three to search addresses.")
            self.message.setText(text)
            self.message.show()
            return
        for hit in hits:
            lines = [f"{hit.masked_name}  ·  {hit.masked_phone}"]
            lines += [f"{a.account_no}  {account_kind_name(a.kind)}  {a.address}"
                      for a in hit.accounts]
            item = QListWidgetItem("\n".join(lines))
            item.setData(Qt.ItemDataRole.UserRole, hit.customer_id)
            self.results.addItem(item)
        if len(hits) == 1:
            self.results.setCurrentRow(0)
        self.more.setVisible(result.more)

    def on_error(self, error: BaseException) -> None:
        self.message.setText(error_text(error))
        self.message.show()
        self.box.setFocus()

    def on_item(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.customer_chosen.emit(int(item.data(Qt.ItemDataRole.UserRole)))


class CustomerCardView(QFrame):
    """Name, phone, accounts: the same card heads intake, cashier and complaints."""

    def __init__(self, runner: OperationRunner, actor: Actor,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CustomerCard")
        self.runner = runner
        self.actor = actor
        self.card: CustomerCard | None = None
        self._wanted: int | None = None  # the customer last asked for; older answers are dropped
        self.name = QLabel()
        self.name.setObjectName("CardName")
        # The address all the customer's accounts share, beside the name (one line less).
        self.address = ElidedLabel()
        self.address.setObjectName("CardDetails")
        self.compact = False  # only the name line: the area shows the accounts itself
        self.details = QLabel()
        self.details.setObjectName("CardDetails")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # What the customer owes today, in words and colour (欠费 ¥282.11 / 无欠费)
        self.arrears = QLabel()
        self.arrears.setObjectName("CardArrears")
        self.arrears.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        # Many accounts scroll inside the card: the card never pushes the workspace's main
        # buttons off a 1366×768 screen.
        self.details_scroll = QScrollArea()
        self.details_scroll.setObjectName("CardDetailsScroll")
        self.details_scroll.setWidgetResizable(True)
        self.details_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.details_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.details_scroll.setWidget(self.details)
        self.details.setAutoFillBackground(False)  # the card's white, not the window's grey
        self.details_scroll.viewport().setObjectName("CardDetailsViewport")
        self.details_scroll.setStyleSheet("QScrollArea#CardDetailsScroll, "
                                          "QWidget#CardDetailsViewport { background: "
                                          "transparent; }")
        layout = QGridLayout(self)
        layout.setContentsMargins(10, 4, 10, 4)
        layout.setVerticalSpacing(0)
        name_row = QHBoxLayout()
        name_row.setSpacing(16)
        name_row.addWidget(self.name)
        name_row.addWidget(self.address, 1)
        layout.addLayout(name_row, 0, 0)
        layout.addWidget(self.arrears, 0, 1, 2, 1)
        layout.addWidget(self.details_scroll, 1, 0)
        layout.setColumnStretch(0, 1)
        self.show_card(None)

    def load(self, customer_id: int) -> None:
        self._wanted = customer_id

        def done(card: CustomerCard) -> None:
            if not shiboken6.isValid(self):  # signed out meanwhile: the widget is gone
                return
            if card.customer_id == self._wanted:
                self.show_card(card)

        def failed(error: BaseException) -> None:
            if not shiboken6.isValid(self):  # signed out meanwhile: the widget is gone
                return
            if customer_id == self._wanted:
                self.show_card(None)
                self.details.setText(error_text(error))
                self._fit_details()

        self.runner.run_api(customers_ops.customer_card(customer_id), on_done=done,
                            on_error=failed)

    def clear(self) -> None:
        self._wanted = None
        self.show_card(None)

    def on_notice(self, topic: str) -> None:
        """A payment in the hall (or a reconnection) may change what the customer owes."""
        if topic in ("payments", "*") and self._wanted is not None:
            self.load(self._wanted)

    def show_card(self, card: CustomerCard | None) -> None:
        self.card = card
        if card is None:
            self.name.setText(self.tr("No customer selected"))
            self.details.setText(self.tr("Find the customer on the left: type and press Enter."))
            self.arrears.setText("")
            self.address.setText("")
            self._fit_details()
            return
        owed = dict(card.arrears)
        total = card.total_arrears
        self.arrears.setText(self.tr("Owes %1").replace("%1", format_money(total))
                             if total else self.tr("Nothing owed"))
        self.arrears.setProperty("owing", bool(total))
        self.arrears.style().unpolish(self.arrears)
        self.arrears.style().polish(self.arrears)
        self.name.setText(f"{card.name}   {card.phone}")
        rows = []
        account_word = self.tr("Account")
        addresses = {a.address for a in card.accounts}
        shared = len(addresses) == 1  # gas and heating of one flat: the address once
        self.address.setText(addresses.pop() if shared else "")
        for a in card.accounts:
            parts = [f"{account_word} {a.account_no}", account_kind_name(a.kind),
                     account_status_name(a.status), tariff_class_name(a.tariff_class)]
            if a.meter_no:
                parts.append(self.tr("meter %1").replace("%1", a.meter_no))
            if a.heated_area is not None:
                parts.append(self.tr("heated area %1 m²").replace("%1", f"{a.heated_area:,}"))
            if a.opened_on is not None:
                parts.append(self.tr("opened %1").replace("%1", a.opened_on.isoformat()))
            if owed.get(a.account_no):
                parts.append(self.tr("owes %1").replace(
                    "%1", format_money(owed[a.account_no])))
            rows.append(" · ".join(parts))
            if not shared:
                rows.append(f"    {a.address}")
        self.details.setText("\n".join(rows))
        self._fit_details()

    def set_compact(self, compact: bool) -> None:
        """Only the name line (name, phone, address, arrears) where the area lists the
        accounts itself (the cashier's desk): its bills get the height."""
        self.compact = compact
        self._fit_details()

    def _fit_details(self) -> None:
        """Up to CARD_LINES lines show whole; more scroll inside the card."""
        self.details_scroll.setVisible(not (self.compact and self.card is not None))
        width = self.details_scroll.viewport().width()
        needed = self.details.heightForWidth(width) if width > 50 else -1
        if needed < 0:
            needed = self.details.sizeHint().height()
        most = CARD_LINES * self.details.fontMetrics().lineSpacing() + 4
        self.details_scroll.setFixedHeight(max(1, min(needed, most)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_details()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.show_card(self.card)
        super().changeEvent(event)
