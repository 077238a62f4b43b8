"""Publication windows from the platform's release strings.

The platform shows when a page was released relative to the moment it was scraped
("Release Time3 months ago"). Together with the capture date this pins the publication
date to a window, not a day: "3 months ago" on a page captured 2025-01-15 means more than
3 and less than 4 months before, i.e. 2024-09-16 .. 2024-10-15.

Counting follows the rule such sites use: the number is the elapsed time rounded down, so
"N units ago" covers the instants from N units (inclusive) to N+1 units (exclusive) before
the capture. Absolute dates ("2024-01-15", "15 January 2024") become a one-day window and
are parsed with :mod:`dateparser`.

Numbers on a page are scraped text, not trusted input: a window or a capture date outside
:data:`EARLIEST_DATE` .. :data:`LATEST_DATE` ("Release Time210604 years ago", "9999-12-31")
is no date, and :func:`publication_window` says so (basis ``out_of_range``) instead of
overflowing the calendar.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate
from calendar import monthrange
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Iterable

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

#: The dates a page or a capture can have: a window or capture date outside these is a
#: misread number, not a date (and beyond what the tables' datetime columns hold).
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)


def in_range(day: date) -> bool:
    """Whether ``day`` lies within :data:`EARLIEST_DATE` .. :data:`LATEST_DATE`.

    >>> in_range(date(2024, 2, 29)), in_range(date(1, 1, 1)), in_range(date(9999, 12, 31))
    (True, False, False)
    """
    day = day.date() if isinstance(day, datetime) else day
    return EARLIEST_DATE <= day <= LATEST_DATE


@dataclass(frozen=True)
class Window:
    """A publication window; ``start``/``end`` are inclusive dates or ``None``.

    ``basis`` says which clue gave it: ``relative`` or ``absolute`` for a release time
    read by :func:`publication_window`; for a whole page (:func:`article_window`)
    ``release_time``, ``date_line``, ``dateline``, or the clues of the lower and upper
    bound joined by ``+`` (``reported_year+capture_date``), ``capture_date`` alone, or
    ``none``; ``out_of_range`` for a release time whose number gives no date in
    :data:`EARLIEST_DATE` .. :data:`LATEST_DATE` ("210604 years ago"). ``note`` explains an
    empty or doubtful window in plain words.
    """

    start: date | None
    end: date | None
    basis: str
    note: str = ""


def _shift(d: date, unit: str, n: int) -> date:
    """``d`` minus ``n`` units, month and year steps clipped to the month's last day.

    Calendar arithmetic in Python (as ``pd.DateOffset(months=...)`` steps, without its
    nanosecond range). Raises ``OverflowError`` or ``ValueError`` for a date before year 1
    or after 9999.

    >>> _shift(date(2024, 3, 31), "month", 1), _shift(date(2024, 2, 29), "year", 1)
    (datetime.date(2024, 2, 29), datetime.date(2023, 2, 28))
    """
    if unit == "day":
        return d - timedelta(days=n)
    if unit == "week":
        return d - timedelta(weeks=n)
    months = n if unit == "month" else 12 * n
    d = d.date() if isinstance(d, datetime) else d  # a month step gives a date, as pandas' did
    year, month0 = divmod(d.year * 12 + d.month - 1 - months, 12)
    if not 1 <= year <= 9999:
        raise OverflowError(f"year {year} is out of range")
    return d.replace(year=year, month=month0 + 1, day=min(d.day, monthrange(year, month0 + 1)[1]))


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

    try:
        parsed = dateparser.parse(
            text,
            languages=["en", "zh"],
            settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]},
        )
    except (ValueError, OverflowError, TypeError):  # scraped text may name no real day at all
        return None
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
        if len(n) > 18:  # no count of units has that many digits (and int() refuses thousands)
            return _out_of_range(text[:60] + ("..." if len(text) > 60 else ""))
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
        try:
            if unit in ("second", "minute", "hour"):
                # Less than a day: the page's clock and ours may straddle midnight.
                start, end = captured_on - timedelta(days=1), captured_on
            elif unit == "day":
                start = end = captured_on - timedelta(days=n)
            else:
                end = _shift(captured_on, unit, n)
                start = _shift(captured_on, unit, n + 1) + timedelta(days=1)
        except (OverflowError, ValueError):  # before year 1: the number is no count of units
            start = end = None
        if start is None or not (in_range(start) and in_range(end)):
            return _out_of_range(text)
        return Window(start, end, "relative")
    absolute = _parse_absolute(text)
    if absolute is not None:
        if not in_range(absolute):
            return _out_of_range(text)
        return Window(absolute, absolute, "absolute")
    return Window(None, None, "unknown", f"release time '{text}' is not a date this parser reads")


def _out_of_range(text: str) -> Window:
    """The empty window of a release time whose number gives no plausible date."""
    return Window(
        None, None, "out_of_range",
        f"release time '{text}' is out of range (no date between {EARLIEST_DATE} and {LATEST_DATE}); date left unknown",
    )


def to_date(value: object) -> date | None:
    """Coerce a user's date (``"2025-01-15"``, ``date``, ``Timestamp``, ``None``) to a date.

    Raises:
        ValueError: the value is not a date in ISO form, or lies outside
            :data:`EARLIEST_DATE` .. :data:`LATEST_DATE`.

    >>> to_date("2025-01-15")
    datetime.date(2025, 1, 15)
    """
    if value is None or value == "" or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        day = None if pd.isna(value) else value.date()
    elif isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(str(value).strip())
        except ValueError as exc:
            raise ValueError(f"'{value}' is not a date in the form YYYY-MM-DD") from exc
    if day is not None and not in_range(day):
        raise ValueError(f"'{value}' is out of range: a capture date lies between {EARLIEST_DATE} and {LATEST_DATE}")
    return day


# --------------------------------------------------------------------------- the article's own time
#
# Most real pages carry no "Release Time" line. A careful reader still dates them from every
# clue a page gives; :func:`article_window` does the same and says which clue decided.

_MONTH_NAMES = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR4 = r"(?:19[5-9]\d|20\d\d)"
#: A full date as pages write it: "2024-01-12", "2024/03/05", "2024年1月12日", "March 16, 2023",
#: "16 March 2023", "12th Jan, 2024", and day first in digits: "26.01.2025", "16/04/2024".
_FULL_DATE = re.compile(
    rf"(?<!\d)(?:{_YEAR4}[-/.](?:1[0-2]|0?[1-9])[-/.](?:[12]\d|3[01]|0?[1-9])(?!\d)|"
    rf"(?<![\d.,/-])(?:[12]\d|3[01]|0?[1-9])(?P<sep>[-/.])(?:[12]\d|3[01]|0?[1-9])(?P=sep){_YEAR4}(?![\d.,/-]\d|\d)|"
    rf"{_YEAR4}年\d{{1,2}}月\d{{1,2}}日|"
    rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR4}\b|"
    rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR4}\b)",
    re.IGNORECASE,
)
#: A line that only dates the page: "Date: 2024-01-12", "Published: 12th Jan, 2024",
#: "Time: 2024/03/05 10:21", "Published on 16 March 2023", "Source: Hubei Daily 2023-11-08".
_DATE_LABEL = re.compile(
    r"^\s*(?:(?:released?|published|publish|publication|posted|post|updated?)(?:\s+(?:date|time|on|at))?|date|time|"
    r"source|from|发布时间|发布日期|时间|日期|来源)\s*[:：]?\s*",
    re.IGNORECASE,
)
#: A label right before the date, after a source's name: "China Daily | Updated: 2017-12-19".
_LABEL_BEFORE = re.compile(
    r"(?:^|[|│]\s*|\s)(?:updated|published|posted|released|release\s+(?:date|time)|date|time)\s*[:：]\s*$"
    r"|(?:^|[|│]\s*)(?:updated|published|posted|released|release\s+(?:date|time)|date|time)\s*$", re.I)
#: What may stand before the date of a date line: "(Xinhua) 10:26, July 16, 2021".
_AGENCY_CLOCK = re.compile(r"^\s*(?:\([A-Za-z][\w .'-]{1,30}\)\s*)?(?:\d{1,2}:\d{2}(?::\d{2})?\s*,?\s*)?")
#: Other fields a date line may carry after the date: "2024-02-27   Source: Jilin Daily",
#: "2023-11-02   Share to: WeChat | Weibo".
_TRAILING_FIELDS = re.compile(
    r"\s*(?:\||\s)\s*(?:source|editor|author|reporter|correspondent|writer|from|views|clicks|tags?|share(?:\s+to)?|"
    r"font(?:\s+size)?|hits|来源|作者|编辑|记者|分享)\s*[:：].*$", re.I
)
_CLOCK = re.compile(r"\s*\d{1,2}:\d{2}(?::\d{2})?\s*")
#: A news-agency dateline: "BEIJING, Nov. 20 (Xinhua) --", "JINAN, March 3 (Xinhua) —",
#: "Xinhua, Beijing, December 2 --", "CHENGDU, Aug. 9, 2024 (Xinhua) --".
_DATELINE = re.compile(
    rf"^\s*(?:(?:Xinhua|China Daily|CGTN|People's Daily)\s*,\s*)?[A-Z][A-Za-z'’ .-]{{1,30}},\s*"
    rf"(?P<month>{_MONTH})\s+(?P<day>{_DAY})(?:,?\s+(?P<year>{_YEAR4}))?\s*"
    rf"(?:\((?P<agency>[^)]{{2,40}})\)\s*)?(?:--|—|–|-|:)",
)
#: A year the page reports as done opens its clause: "In 2021", "In May 2019", "From 2018 to 2023",
#: "During 2022". Not "by the end of 2025": translation writes deadlines in the past tense too.
_REPORTED_YEAR = re.compile(
    rf"\b(?:in|during|throughout|from\s+{_YEAR4}\s+to)\s+"
    rf"(?:(?:early|late|mid-?|the\s+(?:first|second)\s+half\s+of|{_MONTH})\s+)?(?P<year>{_YEAR4})\b(?![-–/]\d)",
    re.IGNORECASE,
)
#: "the 2023 annual report was released": the report of a year exists, so the page is no older.
_YEAR_REPORT = re.compile(
    rf"\b(?P<year>{_YEAR4})\s+(?:annual\s+)?(?:report|bulletin|communiqu[eé]|yearbook|statistics|results)\b",
    re.IGNORECASE,
)
#: "compared with the same period of 2022" in a sentence about this year's figures: the
#: page was written in the year after (the year-on-year comparison of statistics pages).
_SAME_PERIOD = re.compile(rf"\bsame\s+period\s+(?:of|in|last\s+year,?\s+i\.e\.)\s+(?P<year>{_YEAR4})\b", re.IGNORECASE)
_THIS_YEAR = re.compile(r"\bthis\s+year\b|\bso\s+far\s+this\b|\byear-to-date\b", re.IGNORECASE)
#: "March 2024", "in May, 2023": a month of a known year, which an "on the 14th" that follows refers to.
_MONTH_YEAR = re.compile(rf"\b(?P<month>{_MONTH}),?\s+(?P<year>{_YEAR4})\b", re.IGNORECASE)
#: "On the 14th, the provincial bureau ...": a day of the month the text last named.
_ON_THE_DAY = re.compile(
    r"\b[Oo]n\s+the\s+(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)\b"
    r"(?![\s-]+(?:Five|5|FYP|National|Party|Plenary|plenary|session|CPC|Central|Congress|meeting|anniversary))"
)
_DEADLINE_BEFORE = re.compile(r"\b(?:by|before|until|till|deadline|no\s+later\s+than|effect\s+(?:from|on)|force\s+on|from)\s*$", re.I)
_FUTURE_WORDS = re.compile(
    r"\b(?:will|shall|to\s+be\s+held|is\s+to|are\s+to|scheduled|due|deadline|expected|planned|plans?\s+to|"
    r"aims?\s+to|target|targets|completion|no\s+later\s+than|before|by)\b",
    re.I,
)


@dataclass(frozen=True)
class Evidence:
    """One clue to a page's date: the bound it sets and the words it was read from.

    ``kind`` is ``release_time``, ``date_line``, ``dateline``, ``url_date``, ``text_date``,
    ``reported_year``, ``this_year`` or ``capture_date``; ``start``/``end`` are the inclusive bounds it
    sets (``None``: that side stays open).
    """

    kind: str
    start: date | None
    end: date | None
    text: str


def date_line(line: str) -> date | None:
    """The date of a line that only dates the page, else ``None``.

    >>> [date_line(s) for s in ("Date: 2024-01-12", "Published: 12th Jan, 2024", "Time: 2024/03/05 10:21",
    ...                         "Source: Hubei Daily  2023-11-08", "Published on 16 March 2023",
    ...                         "Release date: 2024-02-27    Source: Jilin Daily", "(Xinhua) 10:26, July 16, 2021",
    ...                         "Dec 2, 2024 | Tianshan Net | Reporter: Li Na", "Date: 26.01.2025    Tags: two sessions",
    ...                         "Release date: 2024-06-04        Font: Large | Medium | Small",
    ...                         "Organ: Provincial Department of Ecology and Environment Date: 2024-05-16 Views: 4,027",
    ...                         "The plan was issued on March 16, 2023.")]  # doctest: +NORMALIZE_WHITESPACE
    [datetime.date(2024, 1, 12), datetime.date(2024, 1, 12), datetime.date(2024, 3, 5),
     datetime.date(2023, 11, 8), datetime.date(2023, 3, 16), datetime.date(2024, 2, 27), datetime.date(2021, 7, 16),
     datetime.date(2024, 12, 2), datetime.date(2025, 1, 26), datetime.date(2024, 6, 4), datetime.date(2024, 5, 16),
     None]
    """
    if len(line) > 160:
        return None
    m = _FULL_DATE.search(line)
    if m is None:
        return None
    label = _DATE_LABEL.match(line)
    before = _AGENCY_CLOCK.sub("", line[label.end() if label else 0:m.start()])
    after = _CLOCK.sub(" ", _TRAILING_FIELDS.sub("", line[m.end():])).strip(" |")
    names_source = label is not None and label.group(0).strip().lower().startswith(("source", "from", "来源"))
    label_here = _LABEL_BEFORE.search(before)
    # "China Daily | Updated:", or a row of fields ("Organ: Provincial Department ... Date:")
    fields_row = label_here is not None and ":" in before[:label_here.start()].replace("：", ":")
    labelled_here = label_here is not None and len(before.split()) <= (14 if fields_row else 8)
    if before.strip() and not names_source and not labelled_here:
        return None  # words before the date: a sentence, not a date line
    if len(after.split()) > 4:
        return None
    return _parse_absolute(m.group(0))


def _month_number(name: str) -> int:
    """1..12 for a month's name or abbreviation ("Sept.", "march").

    >>> _month_number("Sept."), _month_number("march")
    (9, 3)
    """
    return _MONTH_NAMES[name.rstrip(".").lower()[:3]]


def strip_date(text: str) -> str:
    """``text`` without its full date (and the clock and fields after it): the source's
    name of "Hubei Daily 2023-11-08 10:21".

    >>> strip_date("Hubei Daily  2023-11-08 10:21"), strip_date("Guangxi Daily  2023-11-02  Share to: WeChat")
    ('Hubei Daily', 'Guangxi Daily')
    """
    m = _FULL_DATE.search(text)
    if m is None:
        return text
    after = _TRAILING_FIELDS.sub("", " " + _CLOCK.sub(" ", text[m.end():]))
    return re.sub(r"\s+", " ", text[:m.start()] + " " + after).strip(" |,")


def dateline_has_year(paragraph: str) -> bool:
    """Whether a dateline opening ``paragraph`` writes its year ("CHENGDU, Aug. 9, 2024 --").

    >>> dateline_has_year("LHASA, Aug. 16 (Xinhua) -- ..."), dateline_has_year("Jinan, March 3, 2023 -- ...")
    (False, True)
    """
    m = _DATELINE.match(paragraph[:120])
    return m is not None and m.group("year") is not None


def dateline(paragraph: str, captured_on: date | None) -> tuple[date | None, str] | None:
    """The day a news-agency dateline at the start of ``paragraph`` names, if any.

    A dateline often gives no year ("BEIJING, Nov. 20 (Xinhua) --"): it is then the latest
    such day on or before the capture date, and ``None`` without one.

    Returns:
        ``(day or None, the dateline as written)`` or ``None`` when there is no dateline.

    >>> dateline("BEIJING, Nov. 20 (Xinhua) -- The ministry said ...", date(2025, 3, 1))
    (datetime.date(2024, 11, 20), 'BEIJING, Nov. 20 (Xinhua) --')
    >>> dateline("Jinan, March 3, 2023 -- Shandong will ...", None)[0]
    datetime.date(2023, 3, 3)
    """
    m = _DATELINE.match(paragraph[:120])
    if m is None or (m.group("agency") is None and m.group("year") is None and "--" not in m.group(0)):
        return None
    month = _month_number(m.group("month"))
    day = int(re.match(r"\d+", m.group("day")).group())
    written = m.group(0).strip()
    if m.group("year"):
        years: Iterable[int] = [int(m.group("year"))]
    elif captured_on is not None:
        years = range(captured_on.year, captured_on.year - 8, -1)  # "Feb. 29": back to a leap year
    else:
        return None, written
    for year in years:
        try:
            day_of = date(year, month, day)
        except ValueError:  # "Feb. 30", or Feb. 29 of a common year
            continue
        if m.group("year") or day_of <= captured_on:
            return day_of, written
    return None, written


def text_evidence(sentences: list[str], *, verbs=None) -> list[Evidence]:
    """Lower bounds on a page's date from what its sentences report as done.

    * a full date in a sentence that does not look ahead ("On March 16, 2023, the
      province held ...": the page is no older than that day; "from January 1, 2025" and
      "will be held on ..." are skipped);
    * "on the 14th" after the text named a month of a year ("In March 2024 ... On the 14th,
      the bureau held ...");
    * a year whose clause is in the past tense ("In 2021 the platform was launched",
      "From 2018 to 2023 the procuratorate filed 6,183 cases": no older than 1 January of
      it), read with :func:`helpers.tense.clause_tense`;
    * the report of a year ("the 2023 annual report was released");
    * this year's figures compared with "the same period of 2022": the page is of 2023
      (both bounds; kind ``this_year``).

    >>> [(e.kind, e.start) for e in text_evidence([
    ...     "In 2021 the platform was launched.", "By 2027, forests will cover 25%.",
    ...     "On March 16, 2023, the bureau held a meeting.", "The rules take effect from January 1, 2026."])]
    [('reported_year', datetime.date(2021, 1, 1)), ('text_date', datetime.date(2023, 3, 16))]
    """
    from helpers.tense import VerbForms, clause_tense

    verbs = verbs or VerbForms()
    # every pattern runs once over the joined sentences; its few matches are then read in
    # reading order against the sentence they fall in
    joined = "\n".join(sentences)
    starts = list(accumulate((len(t) + 1 for t in sentences), initial=0))
    events = sorted(_clues(joined), key=lambda e: (e[0], e[1]))
    found: list[Evidence] = []
    month: tuple[int, int] | None = None  # the (year, month) the text last named
    ahead: dict[int, bool] = {}  # _looks_ahead of each sentence, read once however many dates it holds
    for pos, kind, m in events:
        i = bisect_right(starts, pos) - 1
        sentence, at = sentences[i], pos - starts[i]
        if kind == "full_date":
            day = _parse_absolute(m.group(0))
            if day is None:
                continue
            month = (day.year, day.month)
            if i not in ahead:
                ahead[i] = _looks_ahead(sentence)
            if not ahead[i] and not _DEADLINE_BEFORE.search(sentence, max(0, at - 20), at):
                found.append(Evidence("text_date", day, None, sentence))
        elif kind == "month_year":
            month = (int(m.group("year")), _month_number(m.group("month")))
        elif kind == "on_the_day":
            if i not in ahead:
                ahead[i] = _looks_ahead(sentence)
            if month is not None and not ahead[i]:
                try:
                    found.append(Evidence("text_date", date(*month, int(m.group("day"))), None, sentence))
                except ValueError:  # "on the 31st" of a 30-day month
                    pass
        elif kind == "reported_year":
            clause = _reported_clause(sentence, at + len(m.group(0)))
            if clause_tense(clause, verbs=verbs) in ("past", "perfect"):
                found.append(Evidence("reported_year", date(int(m.group("year")), 1, 1), None, sentence))
        elif kind == "same_period":
            if _THIS_YEAR.search(sentence):
                year = int(m.group("year")) + 1
                if EARLIEST_DATE.year <= year <= LATEST_DATE.year:
                    found.append(Evidence("this_year", date(year, 1, 1), date(year, 12, 31), sentence))
        else:  # the report of a year
            found.append(Evidence("reported_year", date(int(m.group("year")), 1, 1), None, sentence))
    return found


#: Where the clause of a reported year ends: a semicolon or colon, ", and/while/but", or a deadline.
_CLAUSE_END = re.compile(r"[;:]|,\s*(?:and|while|but)\s|\bby\s+(?:the\s+end\s+of\s+)?\d{4}")
#: The most of a clause :func:`_reported_clause` reads (a real sentence is far shorter).
_CLAUSE_SPAN = 1000


def _reported_clause(sentence: str, start: int) -> str:
    """The words after a reported year up to where its clause ends (:data:`_CLAUSE_END`),
    at most :data:`_CLAUSE_SPAN` characters.

    The same as splitting ``sentence[start:]`` at the first end, but only a window after
    ``start`` is read (twice as far while the end may lie beyond it): the cost of each
    year is bounded, so a page of one endless sentence is read in linear time.

    >>> _reported_clause("In 2021 the plant closed; the city grew", 7), _reported_clause("In 2021 it fell", 7)
    (' the plant closed', ' it fell')
    """
    size = 256
    while True:
        window = sentence[start:start + size]
        end = _CLAUSE_END.search(window)
        # a match near the window's end might run on past it: widen and read again
        if end is not None and end.end() + 64 < len(window):
            return window[:end.start()]
        if start + size >= len(sentence) or size >= _CLAUSE_SPAN:
            clause = window[:end.start()] if end is not None else window
            return clause[:_CLAUSE_SPAN]
        size *= 2


def _looks_ahead(sentence: str) -> bool:
    """Does a sentence speak of the future ("will be held on ...")? Its dates bound nothing."""
    return _FUTURE_WORDS.search(sentence) is not None


#: The patterns :func:`text_evidence` reads, with the kind of clue each gives. Each but
#: "on the 14th" holds a year, so they are only tried in a window around each year.
_TEXT_CLUES = (
    ("full_date", _FULL_DATE), ("month_year", _MONTH_YEAR), ("reported_year", _REPORTED_YEAR),
    ("year_report", _YEAR_REPORT), ("same_period", _SAME_PERIOD),
)
_A_YEAR = re.compile(r"(?:19[5-9]|20\d)\d")


def _clues(text: str) -> list[tuple[int, str, re.Match]]:
    """Every match of the :data:`_TEXT_CLUES` and of "on the 14th" in ``text``, as
    ``(start, kind, match)``. The patterns are read only around the years of the text,
    which a simple pattern finds about twenty times faster than they scan a whole corpus;
    a window starts at a line or space so that their word boundaries hold, and spans the
    longest match around a year ("in the first half of 2021", "12th of January, 2024").
    The space is looked for in the 64 characters before the window only, so each year
    costs a bounded amount of work even in a text without spaces."""
    found: dict[tuple[str, int], tuple[int, str, re.Match]] = {}
    for y in _A_YEAR.finditer(text):
        lo = max(0, y.start() - 48)
        if lo:  # back to the space or line before (looked for in the 64 characters before only)
            back = max(0, lo - 64)
            at = max(text.rfind(" ", back, lo), text.rfind("\n", back, lo))
            lo = at + 1 if at >= 0 else (0 if back == 0 else lo)
        hi = min(len(text), y.end() + 24)
        for kind, pattern in _TEXT_CLUES:
            for m in pattern.finditer(text, lo, hi):
                if m.start() <= y.start() and m.end() >= y.end():  # the match holds this year
                    found.setdefault((kind, m.start()), (m.start(), kind, m))
    if "on the " in text or "On the " in text:
        for m in _ON_THE_DAY.finditer(text):
            found[("on_the_day", m.start())] = (m.start(), "on_the_day", m)
    return list(found.values())


#: The clues that pin a page to a day or a short window, strongest first
#: (``articles.published_basis`` values of an exactly dated page).
EXACT_BASES = ("release_time", "date_line", "dateline", "url_date")

#: Dates that sites write into a page's address when they publish it:
#: ".../t20241202_25019311.shtml", ".../2024/0621/105288.html", ".../2024-06-21/...",
#: ".../20240621/..."; and months: ".../202412/t...", ".../2024-12/...".
_URL_DAY = re.compile(
    r"(?:[/_]t|/)(?P<y>20\d\d)(?:/|-)?(?P<m>0[1-9]|1[0-2])(?:/|-)?(?P<d>0[1-9]|[12]\d|3[01])(?=[/_.]|$)"
)
_URL_MONTH = re.compile(r"/(?P<y>20\d\d)-?(?P<m>0[1-9]|1[0-2])/")


def url_date(url: str | None) -> tuple[date, date] | None:
    """The publication day (or month) a page's address gives, as ``(first, last)`` day.

    >>> url_date("https://www.ts.cn/xwzx/202412/t20241202_25019311.shtml")
    (datetime.date(2024, 12, 2), datetime.date(2024, 12, 2))
    >>> url_date("http://www.tanpaifang.com/tanguihua/2024/0621/105288.html")
    (datetime.date(2024, 6, 21), datetime.date(2024, 6, 21))
    >>> url_date("https://example.gov.cn/news/202403/abc.html"), url_date("https://example.org/news/123")
    ((datetime.date(2024, 3, 1), datetime.date(2024, 3, 31)), None)
    """
    if not url:
        return None
    path = url.split("?", 1)[0]
    for m in _URL_DAY.finditer(path):
        try:
            day = date(int(m["y"]), int(m["m"]), int(m["d"]))
        except ValueError:
            continue
        return day, day
    m = _URL_MONTH.search(path)
    if m:
        year, month = int(m["y"]), int(m["m"])
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    return None


def article_window(evidence: list[Evidence]) -> Window:
    """The publication window every clue allows, and which clues decided it.

    An exact clue (the release time, a date line, a dateline; the first of those found, in
    that order) gives the window; the capture date is an upper bound for every page; dates
    and past years in the text bound it from below. A side no clue bounds stays open.
    When the clues contradict each other (a dateline after the capture date), the
    exact clue is kept and the note says so.

    Returns:
        A :class:`Window` whose ``basis`` names the deciding clues: one kind, or
        ``"<lower>+<upper>"`` when the two bounds come from different clues
        (``"reported_year+capture_date"``); ``"none"`` when nothing bounds the page.

    >>> w = article_window([Evidence("capture_date", None, date(2025, 3, 1), ""),
    ...                     Evidence("reported_year", date(2023, 1, 1), None, "In 2023 ...")])
    >>> w.start, w.end, w.basis
    (datetime.date(2023, 1, 1), datetime.date(2025, 3, 1), 'reported_year+capture_date')
    """
    exact = next((e for kind in EXACT_BASES for e in evidence if e.kind == kind and e.start and e.end), None)
    cap = next((e for e in evidence if e.kind == "capture_date" and e.end is not None), None)
    if exact is not None:
        start, end, basis, note = exact.start, exact.end, exact.kind, ""
        if cap is not None and cap.end < end:
            if cap.end < start:
                note = f"the {exact.kind.replace('_', ' ')} ({start}) is after the capture date ({cap.end}); kept"
            else:
                end = cap.end
        return Window(start, end, basis, note)
    lower = max((e for e in evidence if e.start is not None and e.kind not in EXACT_BASES),
                key=lambda e: e.start, default=None)
    # the capture date, or a tighter upper bound the text sets ("this year ... the same period of 2022")
    upper = min((e for e in evidence if e.end is not None and e.kind not in EXACT_BASES),
                key=lambda e: (e.end, e.kind != "capture_date"), default=None)
    start = lower.start if lower else None
    end = upper.end if upper else None
    if start is not None and end is not None and start > end:
        if upper is not cap and cap is not None and start <= cap.end:
            upper, end = cap, cap.end  # the text's own upper bound contradicts its lower one: the capture date stays
        else:
            note = f"the text reports {start:%Y-%m-%d} or later, after the capture date {end}; lower bound dropped"
            return Window(None, end, "capture_date", note)
    kinds = [k for k in ((lower.kind if lower else None), (upper.kind if upper else None)) if k]
    if not kinds:
        return Window(None, None, "none", "the page gives no date, and no capture date is known")
    return Window(start, end, "+".join(dict.fromkeys(kinds)))
