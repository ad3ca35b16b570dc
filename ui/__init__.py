"""Qt widgets. Every database or printer call goes through ui.operations, off the GUI thread."""
