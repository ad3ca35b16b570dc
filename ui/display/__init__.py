"""The hall display mode: ``python main.py display`` on the PC driving the hall's TV."""
