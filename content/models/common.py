"""Limits shared by every content model."""

MAX_ID = 2**63 - 1  # larger ids are unknown, never an overflow error in the database
