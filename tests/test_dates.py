"""Publication windows: relative release strings against the capture date."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.dates import publication_window, to_date


@pytest.mark.parametrize(
    "release, captured, start, end",
    [
        # month ends: stepping back clips to the shorter month's last day
        ("1 month ago", date(2024, 3, 31), date(2024, 2, 1), date(2024, 2, 29)),
        ("1 month ago", date(2023, 3, 31), date(2023, 2, 1), date(2023, 2, 28)),
        ("3 months ago", date(2024, 5, 31), date(2024, 2, 1), date(2024, 2, 29)),
        ("2 months ago", date(2024, 1, 31), date(2023, 11, 1), date(2023, 11, 30)),
        # year ends and leap days
        ("1 years ago", date(2024, 2, 29), date(2022, 3, 1), date(2023, 2, 28)),
        ("2 years ago", date(2025, 1, 1), date(2022, 1, 2), date(2023, 1, 1)),
        ("a year ago", date(2024, 12, 31), date(2023, 1, 1), date(2023, 12, 31)),
        ("3 weeks ago", date(2025, 1, 5), date(2024, 12, 9), date(2024, 12, 15)),
        ("1 week ago", date(2025, 1, 3), date(2024, 12, 21), date(2024, 12, 27)),
        ("yesterday", date(2025, 1, 1), date(2024, 12, 31), date(2024, 12, 31)),
        ("the day before yesterday", date(2025, 3, 1), date(2025, 2, 27), date(2025, 2, 27)),
        ("2 days ago", date(2024, 3, 1), date(2024, 2, 28), date(2024, 2, 28)),
        ("5 hours ago", date(2025, 1, 1), date(2024, 12, 31), date(2025, 1, 1)),
        ("just now", date(2025, 1, 1), date(2024, 12, 31), date(2025, 1, 1)),
        ("10 Months Ago", date(2025, 1, 15), date(2024, 2, 16), date(2024, 3, 15)),
    ],
)
def test_relative_windows(release, captured, start, end):
    window = publication_window(release, captured)
    assert (window.start, window.end, window.basis) == (start, end, "relative")
    assert window.start <= window.end <= captured


@pytest.mark.parametrize("release", ["2024-01-15", "2024/1/15", "2024年1月15日", "15 January 2024", "January 15, 2024",
                                     "2024-01-15 09:30"])
def test_absolute_dates_are_one_day_windows(release):
    window = publication_window(release, None)
    assert (window.start, window.end, window.basis) == (date(2024, 1, 15), date(2024, 1, 15), "absolute")


def test_relative_without_capture_date_is_empty_with_reason():
    window = publication_window("3 months ago", None)
    assert window.start is None and window.end is None
    assert "capture date is unknown" in window.note


@pytest.mark.parametrize("release", [None, "", "sometime", "Monday"])
def test_unreadable_release_is_empty_with_reason(release):
    window = publication_window(release, date(2025, 1, 1))
    assert window.start is None and window.note


def test_to_date():
    assert to_date(None) is None and to_date("") is None
    assert to_date("2025-01-15") == date(2025, 1, 15)
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        to_date("15/01/2025")


@pytest.mark.parametrize("unit", ["second", "sec", "minute", "min", "hour", "hr", "day", "week", "month", "year"])
@pytest.mark.parametrize("count", ["1", "2", "a"])
def test_every_accepted_unit_spelling_gives_a_window(unit, count):
    """Each unit spelling the relative pattern accepts ("2 hrs ago" crashed once) resolves."""
    captured = date(2025, 1, 15)
    for release in (f"{count} {unit} ago", f"{count} {unit}s ago", f"{count}{unit.upper()}S AGO"):
        window = publication_window(release, captured)
        assert window.basis == "relative", release
        assert window.start <= window.end <= captured, release


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_any_release_string_gives_a_window_or_a_note(release):
    """Release strings are scraped text: whatever they say, no exception, and an empty
    window always comes with a reason."""
    window = publication_window(release, date(2025, 1, 15))
    assert (window.start is None) == (window.end is None)
    if window.start is None:
        assert window.note
    else:
        assert window.start <= window.end


@given(st.sampled_from(["3 months ago", "1 years ago", "2 weeks ago", "yesterday", "5 hours ago", "2024-01-15", "", "soon"]),
       st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31))))
def test_remembered_windows_equal_computed_ones(release, captured):
    """publication_window remembers windows per (release, capture date): same answers."""
    from helpers.dates import _window

    assert publication_window(release, captured) == _window(release, captured)
    assert publication_window(release, captured) == _window(release, captured)


def test_a_datetime_capture_date_is_not_confused_with_an_equal_date():
    from datetime import datetime

    day = publication_window("yesterday", date(2025, 1, 15)).start
    moment = publication_window("yesterday", datetime(2025, 1, 15)).start
    assert type(day) is date and type(moment) is datetime
