"""Publication windows: relative release strings against the capture date."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
import pandas as pd

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


# --------------------------------------------------------------------------- the article's own time

from helpers.corpus import parse_article  # noqa: E402
from helpers.dates import Evidence, article_window, date_line, dateline, text_evidence  # noqa: E402


@pytest.mark.parametrize(
    "line, day",
    [
        ("Date: 2024-01-12", date(2024, 1, 12)),
        ("Published: 12th Jan, 2024", date(2024, 1, 12)),
        ("Time: 2024/03/05 10:21", date(2024, 3, 5)),
        ("Posted on 16 March 2023", date(2023, 3, 16)),
        ("Source: Hubei Daily   2023-11-08", date(2023, 11, 8)),
        ("Release date: 2024-02-27    Source: the provincial bureau", date(2024, 2, 27)),
        ("发布时间：2024年1月12日", date(2024, 1, 12)),
        ("Time:2021-07-30", date(2021, 7, 30)),
        ("Source: Guangxi Daily    2023-11-02    Share to: WeChat | Weibo", date(2023, 11, 2)),
        ("2021-05-26 16:02:07 News.cn Editor : Wang Li App Download", date(2021, 5, 26)),
        ("(Xinhua) 10:26, July 16, 2021", date(2021, 7, 16)),
        ("Hubei Daily | Updated: 2017-12-19 07:48", date(2017, 12, 19)),
        ("Copyright 1999-2021 Example News. All rights reserved.", None),
        ("The plan was published on 2024-01-12 by the bureau.", None),
        ("The meeting was held on March 16, 2023.", None),
        ("By December 31, 2025, all boilers will be replaced.", None),
    ],
)
def test_date_lines(line, day):
    assert date_line(line) == day


def test_a_dateline_without_a_year_takes_the_capture_year():
    assert dateline("BEIJING, Nov. 20 (Xinhua) -- The ministry said", date(2025, 3, 1))[0] == date(2024, 11, 20)
    assert dateline("BEIJING, Feb. 2 (Xinhua) -- The ministry said", date(2025, 3, 1))[0] == date(2025, 2, 2)
    assert dateline("BEIJING, Nov. 20 (Xinhua) -- The ministry said", None)[0] is None
    assert dateline("Beijing will cut coal use by 2027.", date(2025, 3, 1)) is None


def test_text_evidence_bounds_from_below_only_what_is_reported_as_done():
    found = text_evidence([
        "In 2016 the city shut down 40 illegal wharves.",
        "From 2018 to 2023 the procuratorate filed 6,183 cases.",
        "The 2023 annual report was released.",
        "By 2027, forests will cover 25% of the land.",
        "The rules take effect on January 1, 2026.",
        "In 2030, emissions will peak.",
    ])
    assert sorted({e.start for e in found}) == [date(2016, 1, 1), date(2023, 1, 1)]


def test_window_combines_every_clue():
    cap = Evidence("capture_date", None, date(2025, 3, 1), "")
    seen = Evidence("reported_year", date(2023, 1, 1), None, "")
    assert article_window([cap, seen]) == article_window([seen, cap])
    w = article_window([cap])
    assert (w.start, w.end, w.basis) == (None, date(2025, 3, 1), "capture_date")
    exact = Evidence("dateline", date(2024, 11, 20), date(2024, 11, 20), "")
    assert article_window([cap, seen, exact]).basis == "dateline"
    late = Evidence("reported_year", date(2026, 1, 1), None, "")
    w = article_window([cap, late])
    assert w.start is None and "lower bound dropped" in w.note
    assert article_window([]).basis == "none"


@pytest.mark.parametrize(
    "page, window, basis",
    [
        ("Hainan plan\n\nDate: 2024-01-12\n\nHainan will plant trees by 2027.", ("2024-01-12", "2024-01-12"), "date_line"),
        ("HAIKOU, Nov. 20 (Xinhua) -- Hainan will plant trees by 2027.", ("2024-11-20", "2024-11-20"), "dateline"),
        ("Hainan plan\n\nIn 2023 the province planted 900 hectares. It will plant more by 2027.",
         ("2023-01-01", "2025-03-01"), "reported_year+capture_date"),
        ("Hainan plan\n\nThe province will plant trees by 2027.", (None, "2025-03-01"), "capture_date"),
    ],
)
def test_headerless_pages_are_dated_from_their_text(page, window, basis):
    a = parse_article(page, captured_on="2025-03-01").articles.iloc[0]
    got = tuple(None if pd.isna(v) else f"{v:%Y-%m-%d}" for v in (a["published_min"], a["published_max"]))
    assert got == window
    assert a["published_basis"] == basis


from hypothesis import HealthCheck  # noqa: E402

_FRAGMENTS = ["In 2021", "the city closed 40 wharves", "On March 16, 2023,", "12th Jan, 2024", "in May 2019",
              "From 2018 to 2023", "the 2023 annual report was released", "On the 14th,", "By 2027,", "will",
              "2024-01-12", "and", "during the first half of 2022", "2025年3月1日", "since 2016", ";", "\n"]


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=30))
def test_windowed_clues_equal_a_scan_of_the_whole_text(parts):
    """The windows around years (dates._clues) find what scanning the whole text finds."""
    from helpers import dates

    text = " ".join(parts)
    whole = {(kind, m.start(), m.group(0)) for kind, pattern in dates._TEXT_CLUES for m in pattern.finditer(text)}
    whole |= {("on_the_day", m.start(), m.group(0)) for m in dates._ON_THE_DAY.finditer(text)}
    windowed = {(kind, m.start(), m.group(0)) for _, kind, m in dates._clues(text)}
    assert windowed == whole


def test_review_findings_on_dates():
    assert date_line("Updated: 2017-12-19") == date(2017, 12, 19)
    assert date_line("Released: 2024-01-12") == date(2024, 1, 12)
    # a date ahead of the page bounds nothing; "the 14th Five-Year Plan" is no day of a month
    assert text_evidence(["The project is scheduled for completion on June 30, 2027.",
                          "Work starts in March 2026.", "It focuses on the 14th Five-Year Plan targets."]) == []
    assert dateline("BEIJING, Feb. 29 (Xinhua) -- x", date(2025, 3, 1))[0] == date(2024, 2, 29)


# --------------------------------------------------------------------------- clues found in set d (blind)


def test_this_years_figures_against_the_same_period_of_a_year_date_the_page():
    from helpers.dates import article_window, text_evidence

    ev = text_evidence(["In the first half of this year, PM2.5 fell 6.3 percent compared with the same period of 2022."])
    assert [(e.kind, e.start, e.end) for e in ev] == [("this_year", date(2023, 1, 1), date(2023, 12, 31))]
    # without "this year" it dates nothing: "the same period of 2022" alone compares two past years
    assert all(e.kind != "this_year" for e in text_evidence(["Output rose 4% over the same period of 2022."]))
    w = article_window(ev + [Evidence("capture_date", None, date(2025, 6, 30), "")])
    assert (w.start, w.end, w.basis) == (date(2023, 1, 1), date(2023, 12, 31), "this_year")


def test_a_yearless_dateline_takes_the_year_of_the_pages_figures():
    from helpers.corpus import parse_article

    text = ("Tibet counts its antelopes\n\nLHASA, Aug. 16 (Xinhua) -- Rangers counted 300,000 antelopes.\n\n"
            "So far this year, good days rose 2 points over the same period of 2022.")
    a = parse_article(text, captured_on="2025-06-30").articles.iloc[0]
    assert (a.published_min, a.published_max, a.published_basis) == (pd.Timestamp("2023-08-16"),) * 2 + ("dateline",)


def test_release_time_with_other_fields_on_its_line_and_dates_in_the_address():
    from helpers.corpus import parse_article

    page = ("China Carbon Credit Platform\n\nCentral bank: green loans top 36 trillion yuan\n\n"
            "Release Time3 months ago   Source: Financial News   Tags: green loans, PBOC, green finance statistics\n\n"
            "The balance of green loans rose 25% year on year, the central bank said.")
    a = parse_article(page, captured_on="2025-03-10").articles.iloc[0]
    assert (a.release_raw, a.source_raw, a.published_basis) == ("3 months ago", "Financial News", "release_time")
    assert a.published_min == pd.Timestamp("2024-11-11")
    undated = "Bayingolin closes the green belt\n\nThe final section was completed on the edge of the desert."
    b = parse_article(undated, captured_on="2024-12-05", url="https://www.ts.cn/xwzx/202412/t20241202_25019311.shtml")
    row = b.articles.iloc[0]
    assert (row.published_min, row.published_max, row.published_basis) == (pd.Timestamp("2024-12-02"),) * 2 + ("url_date",)
