"""The ticket kiosk mode: ``python main.py kiosk`` on the hall's touch-screen ticket machine."""
