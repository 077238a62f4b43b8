"""Publication windows from the platform's release strings.

The platform shows when a page was released relative to the moment it was scraped
("Release Time3 months ago"). Together with the capture date this pins the publication
date to a window, not a day: "3 months ago" on a page captured 2025-01-15 means more than
3 and less than 4 months before, i.e. 2024-09-16 .. 2024-10-15.

Counting follows the rule such sites use: the number is the elapsed time rounded down, so
"N units ago" covers the instants from N units (inclusive) to N+1 units (exclusive) before
the capture. Absolute dates ("2024-01-15", "15 January 2024") become a one-day window and
are parsed with :mod:`dateparser`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import pandas as pd

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}
_RELATIVE = re.compile(
    r"^(?:about\s+|over\s+|almost\s+)?(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
    r"\s*(?P<unit>second|sec|minute|min|hour|hr|day|week|month|year)s?\s*ago$",
    re.IGNORECASE,
)
_TODAY = re.compile(r"^(?:just now|today|moments? ago|a moment ago|now)$", re.IGNORECASE)
_YESTERDAY = re.compile(r"^yesterday$", re.IGNORECASE)
_DAY_BEFORE = re.compile(r"^(?:the )?day before yesterday$", re.IGNORECASE)
_ISO_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?$")
_CJK_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日")


@dataclass(frozen=True)
class Window:
    """A publication window; ``start``/``end`` are inclusive dates or ``None``.

    ``basis`` is ``relative``, ``absolute`` or ``unknown``; ``note`` explains an empty
    window in plain words.
    """

    start: date | None
    end: date | None
    basis: str
    note: str = ""


def _shift(d: date, unit: str, n: int) -> date:
    """``d`` minus ``n`` units, month and year steps clipped to the month's last day."""
    if unit == "day":
        return d - timedelta(days=n)
    if unit == "week":
        return d - timedelta(weeks=n)
    months = n if unit == "month" else 12 * n
    return (pd.Timestamp(d) - pd.DateOffset(months=months)).date()


#: Every unit spelling ``_RELATIVE`` accepts, to the unit it means.
_UNITS = {
    "second": "second", "sec": "second", "minute": "minute", "min": "minute", "hour": "hour", "hr": "hour",
    "day": "day", "week": "week", "month": "month", "year": "year",
}


def _unit(raw: str) -> str:
    """The unit a spelling matched by ``_RELATIVE`` means.

    >>> [_unit(u) for u in ("hr", "Min", "sec", "year")]
    ['hour', 'minute', 'second', 'year']
    """
    return _UNITS[raw.lower()]


@lru_cache(maxsize=4096)
def _parse_absolute(text: str) -> date | None:
    for pattern in (_ISO_DATE, _CJK_DATE):
        m = pattern.match(text)
        if m:
            try:
                return date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                return None
    if not re.search(r"\d{4}", text):
        return None  # dateparser would read "Monday" as a date; we need an explicit year
    import dateparser  # imported lazily: it takes about a second

    parsed = dateparser.parse(
        text,
        languages=["en", "zh"],
        settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]},
    )
    return parsed.date() if parsed else None


def publication_window(release: str | None, captured_on: date | None) -> Window:
    """Turn a release string into an inclusive publication window.

    Args:
        release: the text after ``Release Time`` ("3 months ago", "yesterday",
            "2024-01-15"); ``None`` or empty if the page had none.
        captured_on: the date the page was captured; needed for relative strings.

    Returns:
        A :class:`Window`. Relative strings without a capture date, and strings that
        cannot be read, give an empty window with a note that says why.

    >>> publication_window("3 months ago", date(2025, 1, 15))
    Window(start=datetime.date(2024, 9, 16), end=datetime.date(2024, 10, 15), basis='relative', note='')
    >>> publication_window("1 years ago", date(2024, 2, 29)).start
    datetime.date(2022, 3, 1)
    >>> publication_window("2024-01-15", None).end
    datetime.date(2024, 1, 15)
    """
    try:
        return _window_cached(release, captured_on)
    except TypeError:  # an unhashable argument: compute it directly
        return _window(release, captured_on)


@lru_cache(maxsize=16384, typed=True)
def _window_cached(release: str | None, captured_on: date | None) -> Window:
    """:func:`_window`, remembered per (release string, capture date).

    A corpus repeats the same few hundred "N units ago" strings and capture dates, and the
    calendar arithmetic (pandas month offsets) costs far more than the lookup. ``typed``
    keeps a ``datetime`` or ``Timestamp`` capture date apart from an equal ``date``, as the
    window's dates keep the capture date's type. A :class:`Window` is immutable.
    """
    return _window(release, captured_on)


def _window(release: str | None, captured_on: date | None) -> Window:
    """The body of :func:`publication_window`, without the memo."""
    text = re.sub(r"\s+", " ", (release or "")).strip().rstrip(".")
    if not text:
        return Window(None, None, "unknown", "the page has no release time")
    m = _RELATIVE.match(text)
    relative: tuple[str, int] | None = None
    if m:
        n = m["n"].lower()
        relative = (_unit(m["unit"]), int(n) if n.isdigit() else _NUMBER_WORDS[n])
    elif _TODAY.match(text):
        relative = ("hour", 0)
    elif _YESTERDAY.match(text):
        relative = ("day", 1)
    elif _DAY_BEFORE.match(text):
        relative = ("day", 2)
    if relative is not None:
        if captured_on is None:
            return Window(
                None, None, "unknown",
                f"release time '{text}' is relative but the capture date is unknown: "
                "add captured_on to manifest.csv or pass as_of",
            )
        unit, n = relative
        if unit in ("second", "minute", "hour"):
            # Less than a day: the page's clock and ours may straddle midnight.
            return Window(captured_on - timedelta(days=1), captured_on, "relative")
        if unit == "day":
            d = captured_on - timedelta(days=n)
            return Window(d, d, "relative")
        end = _shift(captured_on, unit, n)
        start = _shift(captured_on, unit, n + 1) + timedelta(days=1)
        return Window(start, end, "relative")
    absolute = _parse_absolute(text)
    if absolute is not None:
        return Window(absolute, absolute, "absolute")
    return Window(None, None, "unknown", f"release time '{text}' is not a date this parser reads")


def to_date(value: object) -> date | None:
    """Coerce a user's date (``"2025-01-15"``, ``date``, ``Timestamp``, ``None``) to a date.

    Raises:
        ValueError: the value is not a date in ISO form.

    >>> to_date("2025-01-15")
    datetime.date(2025, 1, 15)
    """
    if value is None or value == "" or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise ValueError(f"'{value}' is not a date in the form YYYY-MM-DD") from exc
