"""The hall manager's screens: the live queue view of the whole hall."""
