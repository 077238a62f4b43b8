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
