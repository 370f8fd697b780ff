"""The kinds of master data, in the order an empty installation imports them (ADM-1)."""
