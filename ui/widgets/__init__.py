"""Small widgets and helpers every mode shares."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


def show_status(label: QLabel, text: str, *, problem: bool = False) -> None:
    """Set a status text; ``problem`` switches the style sheet's [problem="true"] look
    (red, bold, boxed), so a refusal never looks like a success."""
    label.setText(text)
    set_problem(label, problem)


def set_problem(widget: QWidget, problem: bool) -> None:
    widget.setProperty("problem", problem)
    widget.style().unpolish(widget)  # dynamic properties need a re-polish to restyle
    widget.style().polish(widget)
