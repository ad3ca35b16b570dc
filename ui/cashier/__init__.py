"""收费: the cashier's area of the counter workspace."""
