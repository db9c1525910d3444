"""Patron accounts (registration and login arrive with the accounts feature)."""
