"""Dated timelines: an adopted individual's case updates, a commitment's progress updates.

Both follow one rule: entries are ordered by date, and entries of the same date by
their place in the editor's list (the lower one counts as the later); the latest
dated entry that sets a value (a situation, a status, a progress) gives the value
the page shows.
"""


def chronological_key(entry):
    """Sort key of a timeline entry (``date``, ``sort_order``): oldest first."""
    return (entry.date, entry.sort_order if entry.sort_order is not None else 0)


def is_set(value):
    """A value an entry sets: anything but ``None`` and the empty string (0 % counts)."""
    return value is not None and value != ""


def latest_setting(entries, field):
    """The latest dated entry whose ``field`` is set, or ``None``."""
    candidates = [entry for entry in entries if entry.date and is_set(getattr(entry, field))]
    return max(candidates, key=chronological_key, default=None)


def newest_first(entries):
    """The dated entries, newest first, as citizens read them."""
    return sorted((entry for entry in entries if entry.date), key=chronological_key, reverse=True)


def oldest_first(entries):
    """The dated entries, oldest first, as open data lists them."""
    return sorted((entry for entry in entries if entry.date), key=chronological_key)
