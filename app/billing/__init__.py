"""Fee collection's calculation core: money, tariffs, charges, late fees, allocation.

Pure: no database, no Qt, no clock. Services load tariffs and bills, call these functions
with plain values, and store what they return, so every rule here is tested on its own.
"""
