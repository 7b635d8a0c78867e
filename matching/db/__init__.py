"""Persistence: ORM models, query functions and the one session/transaction owner."""
