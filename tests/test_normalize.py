"""Scraping-damage repair keeps words, numbers and names intact."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.normalize import clean_text, cjk_share, normalize_whitespace, repair_glued_words, strip_markup


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("Take PM2.5With control as the main line", "Take PM2.5 With control as the main line"),
        ("CO2Emissions will peak", "CO2 Emissions will peak"),
        ("Guizhou ProvinceNotification", "Guizhou Province Notification"),
        ("the plan.It starts", "the plan. It starts"),
        ('the "Opinions"(hereinafter "Opinions")', 'the "Opinions" (hereinafter "Opinions")'),
        # left alone
        ("PM2.5 and PM10 and CO2", "PM2.5 and PM10 and CO2"),
        ("WeChat and iPhone users", "WeChat and iPhone users"),
        ("gxt.shaanxi.gov.cn", "gxt.shaanxi.gov.cn"),
        ("3.5% in No. 1", "3.5% in No. 1"),
        ("the 14th Five-Year Plan", "the 14th Five-Year Plan"),
    ],
)
def test_repair_glued_words(raw, clean):
    assert repair_glued_words(raw) == clean


def test_clean_text_chain():
    raw = "\u3000\u3000p>Build \u201cBeautiful China\u201d\u00a0and  Shanxi\u2019s plan.</p>"
    assert clean_text(raw) == "Build \"Beautiful China\" and Shanxi's plan."


def test_strip_markup_entities_and_tags():
    assert normalize_whitespace(strip_markup("<p class='x'>A &amp; B</p><br/>C")) == "A & B C"


def test_cjk_share():
    assert cjk_share("中共四川省委") == 1.0
    assert cjk_share("Beautiful China") == 0.0
    assert cjk_share("") == 0.0


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_clean_text_is_idempotent_and_keeps_letters(text):
    once = clean_text(text)
    assert clean_text(once) == once
    letters = [ch for ch in text if ch.isascii() and ch.isalpha()]
    # Repair inserts spaces and drops tags; it never invents letters.
    assert len([ch for ch in once if ch.isascii() and ch.isalpha()]) <= len(letters)


# --------------------------------------------------------------------------- fast paths
# The loader's fast paths must give exactly what the plain steps give.

_PIECES = list("aAzZ09 .,;:!?)]([\"'-_\t<>/&p") + [
    "\u00a0", "\u3000", "\u200b", "\u201c", "\u201d", "中", "é", "\x0b", "\x85", "PM2.5", "With", "  ", "&amp;", "</p",
]
_SCRAPED = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


@given(_SCRAPED)
def test_normalize_lines_is_normalize_whitespace_per_line(text):
    from helpers.normalize import normalize_lines

    text = text.replace("p", "\n")  # some line breaks
    assert normalize_lines(text) == [normalize_whitespace(line) for line in text.split("\n")]


@given(st.lists(_SCRAPED, min_size=1, max_size=4))
def test_clean_normalized_is_clean_text_on_normalised_lines(lines):
    from helpers.normalize import clean_normalized

    text = " ".join(line for line in map(normalize_whitespace, lines) if line)
    assert clean_normalized(text) == clean_text(text)


@given(_SCRAPED)
def test_glue_repair_matches_the_zero_width_patterns(text):
    """The glue patterns anchored on their rare character insert the same spaces as the
    zero-width lookaround patterns they replace."""
    import re

    from helpers import normalize

    old = text
    if re.search(r"\d[A-Z]|[a-z][A-Z]|[.!?;,)\]][A-Za-z]", old):
        old = re.sub(r"(?<=\d)(?=[A-Z][a-z]{2})", " ", old)
        old = re.sub(r"(?<=[a-z]{2})(?=[A-Z][a-z])", " ", old)
        old = re.sub(r"(?<=[a-z0-9][.!?;,])(?=[A-Z][a-z])|(?<=[a-z][)\]])(?=[A-Za-z])", " ", old)
    assert repair_glued_words(text) == normalize._space_closing_quotes(old)


@given(st.one_of(_SCRAPED, st.text(alphabet=st.sampled_from(list("aZq09 .!?;,)](\"'-\x7f\t") + ["é", "٣"]), max_size=12)))
def test_glue_scan_on_bit_flags_is_the_regex_scan(text):
    """The ASCII fast path of the cheap glue scan finds a place exactly where the regex does."""
    from helpers import normalize

    assert normalize._maybe_glued(text) == (normalize._MAYBE_GLUED_ANY.search(text) is not None)
