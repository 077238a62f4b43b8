"""Tests for helpers.horizons: horizons, status, goal clauses and quantities on real and generated text."""

from __future__ import annotations

import shutil

import matplotlib
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.corpus import parse_article
from helpers.horizons import (
    HORIZON_COLUMNS,
    extract_horizons,
    find_horizons,
    horizon_summary,
    load_horizon_lexicon,
    plan_period_years,
    split_goal_clauses,
    staged_comparison,
    theme_horizon_matrix,
)
from helpers.lexicons import LexiconError
from helpers.targets import quantitative_targets
from helpers.paths import LEXICON_DIR
from helpers.themes import text_themes

from .conftest import SHANGHAI, SHANXI, make_page

matplotlib.use("Agg")

# A release time of "3 months ago" captured on 2025-01-15 gives the window 2024-09-16..2024-10-15.
WINDOW_2024 = "Release Time3 months ago"
# "2 weeks ago" gives 2024-12-26..2025-01-01: a window that spans two years.
WINDOW_SPANS = "Release Time2 weeks ago"


def corpus_of(*paragraphs: str, release: str | None = WINDOW_2024, region: str | None = "RegionHainan"):
    page = make_page(body=list(paragraphs), release=release, region=region)
    return parse_article(page, article_id="gen", captured_on="2025-01-15")


def horizons_of(*paragraphs: str, **kw) -> pd.DataFrame:
    return extract_horizons(corpus_of(*paragraphs, **kw))


def one_horizon(sentence: str, **kw) -> pd.Series:
    h = horizons_of(sentence, **kw)
    assert h["horizon_no"].nunique() == 1, h[["phrase", "horizon"]]
    return h.iloc[0]


# --------------------------------------------------------------------------- seeds


@pytest.fixture(scope="module")
def seed_horizons(seeds):
    return extract_horizons(seeds)


def test_seed_table_shape(seed_horizons):
    h = seed_horizons
    assert list(h.columns) == HORIZON_COLUMNS
    assert set(h["article_id"]) == {SHANXI, SHANGHAI}
    keys = h[["article_id", "para_no", "sent_no", "horizon_no", "clause_no"]]
    assert keys.equals(keys.sort_values(list(keys.columns), kind="stable"))
    assert str(h["target_year"].dtype) == "Int64" and str(h["value"].dtype) == "Float64"
    assert set(h["status"]) <= {"past", "current", "future"}
    assert set(h["kind"]) <= {"year", "range", "plan_period", "mid_century", "relative"}


def test_shanxi_three_future_stages(seed_horizons):
    h = seed_horizons[seed_horizons["article_id"] == SHANXI]
    s = horizon_summary(h)
    assert s["target_year"].tolist() == [2027, 2035, 2050]
    assert s["kind"].tolist() == ["year", "year", "mid_century"]
    assert s["status"].tolist() == ["future", "future", "future"]
    assert s["qualifier"].tolist() == ["by", "by", "by"]
    assert s["phrase"].tolist() == ["By 2027", "By 2035", "Looking forward to the middle of this century"]
    assert s["goals"].tolist() == [7, 8, 6]
    assert h["status_basis"].str.startswith("years after publication window 2024-09-16..2024-10-15").all()


def test_shanxi_2027_goal_clauses(seed_horizons):
    h = seed_horizons[(seed_horizons["article_id"] == SHANXI) & (seed_horizons["target_year"] == 2027)]
    assert h["goal_text"].tolist() == [
        "the level of green and low-carbon development will continue to improve",
        "the land space development and protection pattern will be optimized",
        "the ecological environment quality of key areas and river basins such as the Fenwei Plain and the "
        "Fenhe River Basin will have achieved remarkable results",
        "the total discharge of major pollutants will continue to decrease",
        "The quality and stability of the ecosystem continue to improve",
        "the ecological environment management system will be more complete",
        "positive progress has been made in the construction of beautiful Shanxi",
    ]
    # the goals run on into the next sentence of the paragraph, which has no horizon of its own
    assert h["goal_sent_no"].tolist() == [h["sent_no"].iloc[0]] * 4 + [h["sent_no"].iloc[0] + 1] * 3
    assert h["direction"].tolist()[:5] == ["increase", "increase", "achieve", "decrease", "increase"]
    # machine-translated past tense ("has been made") does not make a 2027 goal history
    assert (h["status"] == "future").all()


def test_shanxi_2035_and_mid_century_clauses(seed_horizons):
    h = seed_horizons[seed_horizons["article_id"] == SHANXI]
    y35 = h[h["target_year"] == 2035]
    assert y35["goal_text"].iloc[1] == "carbon emissions will peak and decrease"
    assert y35["direction"].iloc[1] == "peak"
    assert y35["goal_text"].iloc[5].endswith("the Yellow River and Beijing, Tianjin and Hebei")
    assert y35["goal_text"].iloc[-1] == "Beautiful Shanxi has been basically completed"
    # the text states no force: "will" and "basically" are how translation writes every goal
    assert (y35["force"] == "unstated").all()
    assert y35["national_anchor"].iloc[-1] == "Beautiful China basically achieved by 2035"
    mid = h[h["kind"] == "mid_century"]
    assert mid["goal_text"].iloc[0] == "ecological civilization will be comprehensively improved"
    assert mid["goal_text"].iloc[-1] == "beautiful Shanxi will be fully built"
    assert mid["national_anchor"].iloc[-1] == "Beautiful China fully built by mid-century"
    assert mid["horizon"].iloc[0] == "2050 (mid-century)"


def test_shanghai_current_year_programme(seed_horizons):
    h = seed_horizons[seed_horizons["article_id"] == SHANGHAI]
    s = horizon_summary(h)
    assert len(s) == 1
    row = s.iloc[0]
    assert (row["phrase"], row["target_year"], row["kind"], row["status"], row["qualifier"]) == (
        "In 2024", 2024, "year", "current", "in"
    )
    # the work programme's goals in the following paragraphs are attached to 2024 (issue 14)
    assert row["goals"] == len(h) > 80
    assert h["goal_text"].iloc[0].startswith("Shanghai's ecological environment system will thoroughly study")
    assert h["goal_text"].iloc[5] == (
        "accelerate the construction of a modern international metropolis where man and nature coexist in harmony"
    )
    assert h["goal_text"].iloc[-1].startswith("provide a strong political and organizational guarantee")
    assert (h["region"] == "Shanghai").all()


def test_seed_themes_come_from_the_theme_lexicon(seed_horizons):
    h = seed_horizons.dropna(subset=["goal_text"])
    assert h["theme"].tolist() == text_themes(h["goal_text"].tolist())
    assert h["theme"].notna().any()


# --------------------------------------------------------------------------- status


@pytest.mark.parametrize(
    "sentence, years, status",
    [
        ("By 2027, the city will cut coal use.", (2027, 2027), "future"),
        ("In 2024, Hainan will plant more trees.", (2024, 2024), "current"),
        ("In 2023, the procuratorates will file and handle 500 cases.", (2023, 2023), "past"),
        ("From 2021 to 2023, Beijing's air quality reached the standard.", (2021, 2023), "past"),
        ("From 2023 to 2025, the city will retrofit boilers.", (2023, 2025), "current"),
        ("Between 2026 and 2030, the city will retrofit boilers.", (2026, 2030), "future"),
        ("By the end of 2025, all boilers will be retrofitted.", (2025, 2025), "future"),
        ("Since 2019, the province has closed 300 mines.", (2019, 2019), "past"),
        ("As of the end of 2023, 40 parks had been built.", (2023, 2023), "past"),
        ("Starting from 2026, new cars must meet the standard.", (2026, 2026), "future"),
        ("Carbon emissions will peak before 2030.", (2030, 2030), "future"),
        ("Around 2030, coal use will plateau.", (2030, 2030), "future"),
        ("During the 14th Five-Year Plan period, the city will build parks.", (2021, 2025), "current"),
        ("During the 13th Five-Year Plan period, the city built parks.", (2016, 2020), "past"),
        ("The Fifteenth Five-Year Plan will raise the share of clean power.", (2026, 2030), "future"),
        ("By the middle of this century, a beautiful Hainan will be fully built.", (2050, 2050), "future"),
        ("This year, the city will plant trees.", (2024, 2024), "current"),
        ("Next year, the city will plant trees.", (2025, 2025), "future"),
        ("Last year, the city planted trees.", (2023, 2023), "past"),
        ("Over the past five years, the city planted trees.", (2019, 2023), "past"),
        ("According to the Action Plan (2024-2026), the city will retrofit boilers.", (2024, 2026), "current"),
    ],
)
def test_status_against_publication_window(sentence, years, status):
    row = one_horizon(sentence)
    assert (row["year_start"], row["year_end"]) == years
    assert row["target_year"] == years[1]
    assert row["status"] == status


def test_status_window_spanning_two_years_uses_grammar_second():
    h = horizons_of(
        "In 2024, the city cut coal use by 5%.",
        "In 2024, the city will build 10 parks.",
        "This year, the city will plant trees.",
        release=WINDOW_SPANS,
    )
    s = horizon_summary(h)
    assert s["status"].tolist() == ["past", "current", "current"]
    assert "past tense" in h["status_basis"].iloc[0]
    assert s["target_year"].tolist()[2] == 2025  # the later year of the window
    assert "spans two years" in h["status_basis"].iloc[-1]


def test_status_without_release_time_uses_the_capture_date_and_grammar():
    h = horizons_of(
        "By 2030, the city will close all coal boilers.",
        "In 2021, the city reached its air quality target.",
        "Next year, the city will plant trees.",
        release=None,
    )
    # the capture date (2025-01-15) bounds the page from above; "reached" in 2021 from below
    assert h["published_max"].eq(pd.Timestamp("2025-01-15")).all()
    assert h["published_min"].eq(pd.Timestamp("2021-01-01")).all()
    s = horizon_summary(h)
    assert s["status"].tolist() == ["future", "past", "future"]
    assert s["target_year"].tolist()[2] == 2026  # a reported year is a weak clue: counted from the capture year


def test_status_without_any_date_falls_back_to_grammar():
    page = make_page(body=["By 2030, the city will close all coal boilers.",
                           "In 2021, the city reached its air quality target.",
                           "Next year, the city will plant trees."], release=None)
    h = extract_horizons(parse_article(page, captured_on=None))
    s = horizon_summary(h)
    assert s["status"].tolist() == ["future", "past", "future"]
    assert "future tense" in h["status_basis"].iloc[0]


# --------------------------------------------------------------------------- horizon arithmetic


@pytest.mark.parametrize(
    "number, years",
    [(1, (1953, 1957)), (2, (1958, 1962)), (3, (1966, 1970)), (10, (2001, 2005)), (11, (2006, 2010)),
     (13, (2016, 2020)), (14, (2021, 2025)), (15, (2026, 2030)), (16, (2031, 2035))],
)
def test_plan_period_years(number, years):
    assert plan_period_years(number) == years


@pytest.mark.parametrize(
    "written, number",
    [("14th", 14), ("Fourteenth", 14), ("fifteenth", 15), ("15th", 15), ("13th", 13), ("thirteenth", 13),
     ("11th", 11), ("sixteenth", 16), ('"14th', 14)],
)
@pytest.mark.parametrize(
    "template", ["during the {} Five-Year Plan period", "the {} Five-Year Plan", "in the {} Five Year Plan",
                 "the {} five-year planning period"],
)
def test_plan_periods_by_number_or_ordinal_word(written, number, template):
    h = find_horizons(f"The city will act {template.format(written)}, officials said.")
    assert h[["kind", "year_start", "year_end"]].values.tolist() == [["plan_period", *plan_period_years(number)]]


@pytest.mark.parametrize(
    "phrase, years",
    [
        ("by the end of the 14th Five-Year Plan", (2025, 2025)),
        ("at the beginning of the 15th Five-Year Plan", (2026, 2026)),
        ("by the end of the 13th Five-Year Plan period", (2020, 2020)),
    ],
)
def test_plan_period_end_and_start(phrase, years):
    h = find_horizons(f"Coverage will rise {phrase}.")
    assert tuple(h[["year_start", "year_end"]].iloc[0]) == years


@pytest.mark.parametrize(
    "phrase, window, years",
    [
        ("this year", ("2024-05-01", "2024-06-01"), (2024, 2024)),
        ("next year", ("2024-05-01", "2024-06-01"), (2025, 2025)),
        ("last year", ("2024-05-01", "2024-06-01"), (2023, 2023)),
        ("the year before last", ("2024-05-01", "2024-06-01"), (2022, 2022)),
        ("in the next three years", ("2024-05-01", "2024-06-01"), (2024, 2026)),
        ("in the next 3 years", ("2024-05-01", "2024-06-01"), (2024, 2026)),
        ("within five years", ("2022-05-01", "2022-06-01"), (2022, 2026)),
        ("in the coming two years", ("2024-05-01", "2024-06-01"), (2024, 2025)),
        ("over the past five years", ("2024-05-01", "2024-06-01"), (2019, 2023)),
        ("in the last ten years", ("2020-05-01", "2020-06-01"), (2010, 2019)),
        ("next year", ("2023-12-20", "2024-01-10"), (2025, 2025)),  # window spans two years: the later one
        ("by the end of this year", ("2024-05-01", "2024-06-01"), (2024, 2024)),
    ],
)
def test_relative_years(phrase, window, years):
    h = find_horizons(f"The city will plant trees {phrase}.", published=window)
    assert h["kind"].tolist() == ["relative"]
    assert tuple(h[["year_start", "year_end"]].iloc[0]) == years


@pytest.mark.parametrize(
    "text, expected",
    [
        ("By 2025, X.", [("by", "year", 2025, 2025)]),
        ("before 2030", [("before", "year", 2030, 2030)]),
        ("no later than 2030", [("before", "year", 2030, 2030)]),
        ("until 2027", [("until", "year", 2027, 2027)]),
        ("by the end of 2025", [("by the end of", "year", 2025, 2025)]),
        ("at the end of 2023", [("at the end of", "year", 2023, 2023)]),
        ("around 2030", [("around", "year", 2030, 2030)]),
        ("in early 2024", [("in", "year", 2024, 2024)]),
        ("in the first half of 2024", [("in", "year", 2024, 2024)]),
        ("by mid-2025", [("by", "year", 2025, 2025)]),
        ("by June 2025", [("by", "year", 2025, 2025)]),
        ("before June 30, 2025", [("before", "year", 2025, 2025)]),
        ("during 2021-2025", [("during", "range", 2021, 2025)]),
        ("in 2021–2025", [("in", "range", 2021, 2025)]),
        ("the 2024-26 plan", [("from-to", "range", 2024, 2026)]),
        ("from 2021 to 2023", [("from-to", "range", 2021, 2023)]),
        ("between 2021 and 2025", [("from-to", "range", 2021, 2025)]),
        ("the 2030 target", [("by", "year", 2030, 2030)]),
        ("by 2050", [("by", "mid_century", 2050, 2050)]),
        ("mid-century", [("by", "mid_century", 2050, 2050)]),
        ("Looking forward to 2035, X.", [("by", "year", 2035, 2035)]),
        ("by 2025 and 2030", [("by", "year", 2025, 2025), ("by", "year", 2030, 2030)]),
        ("The year 2025 will see change", [("in", "year", 2025, 2025)]),
        ("2024 is a key year", [("in", "year", 2024, 2024)]),
        ("from January to November 2023", [("from-to", "year", 2023, 2023)]),
        ("in January-October 2024", [("in", "year", 2024, 2024)]),
        ("January-October 2024 saw gains", [("in", "year", 2024, 2024)]),
        ("in the first three quarters of 2024", [("in", "year", 2024, 2024)]),
        ("at the beginning of 2025", [("starting from", "year", 2025, 2025)]),
        ('the "14th Five-Year Plan" period', [("during", "plan_period", 2021, 2025)]),
    ],
)
def test_horizon_patterns(text, expected):
    h = find_horizons(text)
    assert list(h[["qualifier", "kind", "year_start", "year_end"]].itertuples(index=False, name=None)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The plant produced 2,000 tons of coal.",
        "The plant produced 2030 tons of coal in a year.",
        "It cut emissions by 2030 tons.",
        "According to Document No. 2035, PM2.5 fell to 30 micrograms per cubic metre.",
        "The standard GB 3095-2012 applies to PM2.5 and CO2.",
        "In the 1990s, forests shrank.",
        "The city invested 2025 yuan per household.",
        "In 1800, the river was clean.",
        "By 2200, who knows.",
        "Room 2024 of the bureau handled the case.",
        "Guo Fa [2024] No. 12 was issued.",
    ],
)
def test_numbers_that_are_not_horizons(text):
    assert find_horizons(text).empty


# --------------------------------------------------------------------------- base years


@pytest.mark.parametrize(
    "goal, base",
    [
        ("energy intensity will drop by 13.5% compared with 2020", 2020),
        ("energy intensity will drop by 13.5% compared to 2020", 2020),
        ("emissions will be 18% lower than in 2020", 2020),
        ("emissions will fall 18% from the 2020 level", 2020),
        ("water use will fall by 10% over 2019", 2019),
        ("with 2015 as the base year, emissions will fall by 20%", 2015),
        ("emissions will fall by 5% compared with the end of the 13th Five-Year Plan", 2020),
        ("emissions will fall by 5% compared with last year", 2023),
        ("emissions will fall by 5% compared with the same period last year", 2023),
    ],
)
def test_baseline_year_is_never_a_horizon(goal, base):
    h = horizons_of(f"By 2027, {goal}.")
    assert h["target_year"].tolist() == [2027]
    assert h["baseline_year"].tolist() == [base]
    assert h["status"].tolist() == ["future"]


def test_baseline_before_the_horizon_in_the_sentence():
    h = horizons_of("Compared with 2020, by 2025 energy consumption per unit of GDP will drop by 13.5%.")
    assert h["target_year"].tolist() == [2025]


# --------------------------------------------------------------------------- goals


@pytest.mark.parametrize(
    "clause, direction, comparator, value, unit, change",
    [
        ("the city will reduce carbon intensity by 18%", "decrease", "change", 18.0, "%", -18.0),
        ("the share of good days will stay above 90%", "maintain", ">", 90.0, "%", None),
        ("PM2.5 will fall to 30 micrograms per cubic metre", "decrease", "=", 30.0, "μg/m³", None),
        ("PM2.5 concentration below 30 μg/m3", None, "<", 30.0, "μg/m³", None),
        ("the forest coverage rate reaches 25.5%", "achieve", "=", 25.5, "%", None),
        ("the share of clean energy will increase by 5 percentage points", "increase", "change", 5.0,
         "percentage points", None),
        ("installed solar capacity will reach 10 million kilowatts", "achieve", "=", 10.0, "million kW", None),
        ("the city will plant 1,000 hectares of forest", None, None, 1000.0, "ha", None),
        ("coal use will see a 10% reduction", None, "change", 10.0, "%", -10.0),
        ("the city will build more parks", "build", None, None, None, None),
    ],
)
def test_goal_quantities_and_direction(clause, direction, comparator, value, unit, change):
    row = one_horizon(f"By 2027, {clause}.")
    assert row["goal_text"] == clause
    assert row["direction"] == direction
    assert row["comparator"] == comparator
    assert (None if pd.isna(row["value"]) else row["value"]) == value
    assert row["unit"] == unit
    assert (None if pd.isna(row["percent_change"]) else row["percent_change"]) == change


@pytest.mark.parametrize(
    "text, clauses",
    [
        ("the city will cut coal, steel output will fall, and water will be cleaner",
         ["the city will cut coal", "steel output will fall", "water will be cleaner"]),
        ("air quality in Beijing, Tianjin and Hebei will improve",
         ["air quality in Beijing, Tianjin and Hebei will improve"]),
        ("air will be cleaner and rivers will be clearer", ["air will be cleaner", "rivers will be clearer"]),
        ("carbon emissions will peak and decline steadily", ["carbon emissions will peak and decline steadily"]),
        ("promote clean energy; build 10,000 charging piles; protect wetlands",
         ["promote clean energy", "build 10,000 charging piles", "protect wetlands"]),
        ('build "zero-waste cities, green ports, and low-carbon parks", and restore rivers',
         ['build "zero-waste cities, green ports, and low-carbon parks"', "restore rivers"]),
    ],
)
def test_split_goal_clauses(text, clauses):
    assert split_goal_clauses(text) == clauses


@pytest.mark.parametrize(
    "sentence, force, basis",
    [
        ("By 2025, the city will cut coal use.", "unstated", None),
        ("By 2025, the city must cut coal use.", "unstated", None),
        ("By 2025, coal use will be capped as a binding target.", "binding", "binding target"),
        ("By 2025, the city will strive to cut coal use.", "indicative", "strive to"),
        ("By 2035, a beautiful city will be basically built.", "unstated", None),
        ("By 2025, the share is expected to reach 20%.", "indicative", "is expected"),
        ("The city strives to, by 2025, cut coal use.", "indicative", "strives"),
        ("By 2025, coal use down 5%.", "unstated", None),
    ],
)
def test_force(sentence, force, basis):
    row = one_horizon(sentence)
    assert (row["force"], row["force_basis"]) == (force, basis)


def test_goals_of_several_horizons_in_one_sentence():
    h = horizons_of("Carbon emissions will peak before 2030, and carbon neutrality will be achieved before 2060.")
    assert h[["target_year", "goal_text"]].values.tolist() == [
        [2030, "Carbon emissions will peak"],
        [2060, "carbon neutrality will be achieved"],
    ]
    assert h["national_anchor"].tolist() == ["carbon peak before 2030", "carbon neutrality before 2060"]


def test_goals_stop_at_the_next_horizon_and_the_paragraph_end():
    h = horizons_of(
        "By 2025, air quality will improve. Rivers will be cleaner. By 2030, emissions will peak. Soil will be safe.",
        "Parks will be built.",
    )
    assert h.groupby("target_year")["goal_text"].apply(list).to_dict() == {
        2025: ["air quality will improve", "Rivers will be cleaner"],
        2030: ["emissions will peak", "Soil will be safe"],
    }


def test_listed_horizons_share_their_goals():
    h = horizons_of("By 2025 and 2030, the share of clean power will reach 40% and 50% respectively.")
    assert h["target_year"].tolist() == [2025, 2030]
    assert h["goal_text"].nunique() == 1


def test_horizon_without_goal_words_keeps_one_row():
    h = horizons_of("During the 14th Five-Year Plan period.")
    assert len(h) == 1
    assert h["goal_text"].isna().all() and h["n_clauses"].tolist() == [0]
    assert h["status"].tolist() == ["current"]


@pytest.mark.parametrize("sentence", [
    "In the next three years, the city will plant trees.",
    "Within three years, we will build a monitoring network.",
    "The plan sets out the work of the coming two years.",
])
def test_a_span_counted_from_publication_names_no_target_year(sentence):
    # writers of the genre pages agree: "within three years" has years, but no deadline year
    row = one_horizon(sentence)
    assert row["kind"] == "relative" and row["year_start"] == 2024
    assert pd.isna(row["target_year"])


@pytest.mark.parametrize("paragraphs, status, goal", [
    (["The Action Plan (2024-2026) sets out tasks."], None, None),
    (['The "Ecological Civilization Plan (2021-2035)" lists eco-product value as a key reform.'], None, None),
    (['In January, the ministry released the "Strategy and Action Plan (2023-2030)", one of the first '
      'national strategies submitted.'], None, None),
    (['According to the "Implementation Plan (2021-2025)", the water quality of the river will remain at Class II.'],
     "current", "the water quality of the river will remain at Class II"),
    (["The county lies in the sixth phase of the Shelterbelt Program (2021-2030). Under that phase, the county "
      "is to plant 60 million mu of forest."], "current", "Under that phase, the county is to plant 60 million mu of forest"),
])
def test_a_plans_title_dates_set_goals_only_where_goals_follow(paragraphs, status, goal):
    h = horizons_of(*paragraphs)
    ranges = h[h["kind"] == "range"]
    assert len(ranges) == 1
    row = ranges.iloc[0]
    assert (row["status"] if pd.notna(row["status"]) else None) == status
    assert (row["goal_text"] if pd.notna(row["goal_text"]) else None) == goal
    if status is None:
        assert "a plan named" in row["status_basis"]


def test_a_plan_period_quoted_from_the_plan_is_a_goal_in_any_tense():
    # machine translation writes the plan's goals for the running period in the past tense
    quoted = horizons_of("According to the province's carbon peaking implementation plan, during the 14th "
                         "Five-Year Plan period, the province made significant progress in building a clean "
                         "energy base, and the installed capacity reaches about 130 million kilowatts.")
    reported = horizons_of("During the 14th Five-Year Plan period, the province made significant progress.")
    assert set(quoted["status"]) == {"current"} and set(quoted["target_year"]) == {2025}
    assert reported["status"].tolist() == ["past"]


@pytest.mark.parametrize("sentence, comparator", [
    ("By 2027, the forest coverage shall not be lower than 35%.", ">="),
    ("By 2025, the share of good water in the north shall be not lower than 85%.", ">="),
])
def test_a_floor_or_ceiling_written_with_a_negated_word_keeps_a_level(sentence, comparator):
    row = one_horizon(sentence)
    assert (row["comparator"], row["direction"]) == (comparator, "maintain")


@pytest.mark.parametrize("sentence", [
    "The emitters will complete their first compliance for 2024 emissions by the end of 2025.",
    "The 2024 allowances will be allocated free of charge by the end of 2025.",
])
def test_a_data_year_before_emissions_or_allowances_is_no_horizon(sentence):
    assert horizons_of(sentence)["horizon"].tolist() == ["2025"]


def test_looking_to_a_year_sets_a_goal_for_it():
    row = one_horizon("Looking to 2035, a beautiful Hainan shall be basically completed.")
    assert (row["target_year"], row["status"]) == (2035, "future")


def test_what_a_ministry_required_is_a_goal():
    row = one_horizon("The ministry required that by the end of this year, all cities complete the survey.")
    assert (row["target_year"], row["status"]) == (2024, "current")


def test_a_part_of_the_year_over_before_publication_is_past():
    # the page is of September-October 2024 (WINDOW_2024)
    done = one_horizon("The sludge now goes to a brick maker: about 180,000 tonnes in the first half of this year.")
    assert (done["status"], done["status_basis"]) == ("past", "a part of the year that ended before publication "
                                                               "(2024-09-16..2024-10-15)")
    ahead = one_horizon("In the second half of this year, the city will retrofit 30 boilers.")
    assert ahead["status"] == "current"
    # machine translation reports the months a December page looks back on with "will"
    months = one_horizon("In the first eleven months of this year, good water sections will be 95.6%.",
                         release="Release Time: 2024-12-20")
    assert months["status"] == "past"



def test_than_before_a_year_compares_with_it():
    h = horizons_of('"Summer visitor numbers this year were higher than before 2020," said the director.')
    assert h["phrase"].tolist() == ["this year"]
    assert h["status"].tolist() == ["past"]


def test_a_plan_named_sets_no_goal():
    h = horizons_of("The 14th Five-Year Plan.", "The drafting of the 15th Five-Year Plan has begun.")
    assert h["status"].isna().all()
    assert h["status_basis"].str.contains("a plan named").all()


def test_national_anchor_needs_the_anchor_year():
    h = horizons_of("By 2025, carbon emissions will peak.", "By 2030, carbon emissions will peak.")
    assert h["national_anchor"].tolist() == [None, "carbon peak before 2030"]


def test_region_and_window_come_from_articles():
    h = horizons_of("By 2027, forests will grow.", region="RegionHainan")
    assert h["region"].tolist() == ["Hainan"]
    assert h["published_min"].iloc[0] == pd.Timestamp("2024-09-16")


def test_empty_and_year_free_corpora():
    none = horizons_of("The city will plant trees and clean rivers.")
    assert none.empty and list(none.columns) == HORIZON_COLUMNS
    empty = extract_horizons(parse_article("", captured_on="2025-01-15"))
    assert empty.empty and list(empty.columns) == HORIZON_COLUMNS


@settings(max_examples=60, deadline=None)
@given(
    year=st.integers(1949, 2100),
    qualifier=st.sampled_from(["By", "Before", "In", "Until", "By the end of", "Around"]),
)
def test_any_plausible_year_after_a_qualifier_is_found(year, qualifier):
    h = find_horizons(f"{qualifier} {year}, the city will plant trees.")
    assert h["year_end"].tolist() == [year]


@settings(max_examples=60, deadline=None)
@given(
    number=st.integers(1949, 2100),
    unit=st.sampled_from(["tons", "tonnes", "yuan", "hectares", "mu", "kilowatts", "%", "micrograms per cubic metre"]),
    lead=st.sampled_from(["by", "in", "to", "of", "about"]),
)
def test_quantities_never_become_years(number, unit, lead):
    assert find_horizons(f"Output rose {lead} {number} {unit} this spring.").empty


# --------------------------------------------------------------------------- notebook tables


def test_staged_comparison_on_seeds(seed_horizons):
    table = staged_comparison(seed_horizons)
    assert table.index.tolist() == ["2024", "2027", "2035", "2050 (mid-century)"]
    assert table.columns.tolist() == ["Shanghai", "Shanxi"]
    assert table.loc["2027", "Shanghai"] == ""
    assert table.loc["2027", "Shanxi"].split("; ")[3] == "the total discharge of major pollutants will continue to decrease"
    capped = staged_comparison(seed_horizons, max_clauses=2)
    assert capped.loc["2035", "Shanxi"].endswith("(+6 more)")
    assert staged_comparison(seed_horizons, statuses=["past"]).empty


def test_theme_horizon_matrix_counts_every_clause(seed_horizons):
    tidy = theme_horizon_matrix(seed_horizons)
    assert tidy["goals"].sum() == seed_horizons["goal_text"].notna().sum()
    wide = theme_horizon_matrix(seed_horizons, wide=True)
    assert wide.columns.tolist() == ["2024", "2027", "2035", "2050 (mid-century)"]
    assert int(wide.loc["Shanxi"].sum().sum()) == 21
    assert wide.loc["Shanghai", "2027"].sum() == 0


def test_quantitative_targets_table():
    h = horizons_of(
        "By 2025, compared with 2020, energy use per unit of GDP will drop by 13.5%, and forest cover will reach 25%.",
        "By 2030, the city will plant trees.",
    )
    q = quantitative_targets(h)
    assert q[["target_year", "value", "unit", "baseline_year", "percent_change"]].values.tolist() == [
        [2025, 13.5, "%", 2020, -13.5],
        [2025, 25.0, "%", pd.NA, pd.NA],
    ]


def test_horizon_summary_one_row_per_horizon(seed_horizons):
    s = horizon_summary(seed_horizons)
    assert len(s) == 4 and s["goals"].sum() == len(seed_horizons)  # one goal a row: 21 Shanxi, the rest Shanghai 2024
    assert s.loc[s["target_year"] == 2035, "national_anchors"].iloc[0] == (
        "Beautiful China basically achieved by 2035; ecological environment fundamentally improved by 2035"
    )


def test_plots_draw_from_the_tables(seeds, seed_horizons):
    from helpers.plots.horizons import horizon_timeline, theme_horizon_heatmap, timeline_points

    fig = horizon_timeline(horizon_summary(seed_horizons), articles=seeds.articles)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Shanghai", "Shanxi"]
    from matplotlib.collections import PathCollection

    markers = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert len(markers) == 1 and len(markers[0].get_offsets()) == 4  # one marker per horizon
    assert sorted(markers[0].get_offsets()[:, 0].tolist()) == sorted(timeline_points(horizon_summary(seed_horizons))["target_year"])
    fig2 = theme_horizon_heatmap(theme_horizon_matrix(seed_horizons))
    assert [a.get_title() for a in fig2.axes] == ["Shanghai", "Shanxi"]
    empty = theme_horizon_heatmap(theme_horizon_matrix(seed_horizons, statuses=["past"]))
    assert len(empty.axes) == 1


# --------------------------------------------------------------------------- lexicons


def test_lexicon_loads_and_is_cached():
    assert load_horizon_lexicon() is load_horizon_lexicon()
    lex = load_horizon_lexicon()
    assert {"by", "before", "in", "during", "around"} <= set(lex.qualifiers["qualifier"])


@pytest.fixture
def lexicon_copy(tmp_path):
    for path in LEXICON_DIR.glob("horizon_*.csv"):
        shutil.copy(path, tmp_path / path.name)
    shutil.copy(LEXICON_DIR / "national_anchors.csv", tmp_path / "national_anchors.csv")
    return tmp_path


@pytest.mark.parametrize(
    "name, line, message",
    [
        ("horizon_qualifiers.csv", "by the way,sometimes,by\n", "role 'sometimes'"),
        ("horizon_verbs.csv", "soar,skyrocket,\n", "direction 'skyrocket'"),
        ("horizon_periods.csv", "the next {n} decades,relative,publication,0,10n,during\n", "end '10n'"),
        ("national_anchors.csv", 'broken,2030,"carbon (peak",x\n', "not a valid regular expression"),
        ("horizon_force.csv", "binding,binding\n", "repeats row"),
    ],
)
def test_malformed_lexicon_names_file_and_row(lexicon_copy, name, line, message):
    path = lexicon_copy / name
    path.write_text(path.read_text(encoding="utf-8") + line, encoding="utf-8")
    with pytest.raises(LexiconError, match=message) as err:
        load_horizon_lexicon(lexicon_copy)
    assert name in str(err.value) and "row" in str(err.value)


def test_custom_lexicon_folder_extends_the_qualifiers(lexicon_copy):
    path = lexicon_copy / "horizon_qualifiers.csv"
    path.write_text(path.read_text(encoding="utf-8") + "ahead of,horizon,before\n", encoding="utf-8")
    lex = load_horizon_lexicon(lexicon_copy)
    assert find_horizons("ahead of 2030", lexicon=lex)["qualifier"].tolist() == ["before"]
    assert find_horizons("ahead of 2030").empty


# --------------------------------------------------------------------------- more real-world shapes


def test_circular_style_paragraph():
    """The shape of the 2021 pollution-control circular as English news reported it."""
    h = horizons_of(
        "The circular details major targets, with the total discharge of major pollutants continuously declining "
        "for 2025 and 2035, Xinhua reported. By 2025, carbon dioxide emissions per unit of GDP will be reduced by "
        "18 per cent from the level in 2020, and the proportion of days with good air quality will reach 87.5 per "
        "cent. The plan's objectives include reducing PM2.5 density by 10% by 2025, compared to 2020 levels; "
        "limiting the proportion of days with heavy air pollution to 1% or less.",
        release="Release Time3 years ago",
    )
    s = horizon_summary(h)
    assert s["target_year"].tolist() == [2025, 2035, 2025, 2025]
    assert (s["status"] == "future").all()
    first = h[h["horizon_no"] == 1]["goal_text"].tolist()
    assert first == h[h["horizon_no"] == 2]["goal_text"].tolist()  # listed horizons share their goal
    by25 = h[h["horizon_no"] == 3]
    assert by25["baseline_year"].tolist() == [2020, pd.NA]
    assert by25["percent_change"].tolist() == [-18.0, pd.NA]
    assert by25["value"].tolist() == [18.0, 87.5]
    last = h[h["horizon_no"] == 4]
    assert last["goal_text"].iloc[1] == "limiting the proportion of days with heavy air pollution to 1% or less"
    assert last[["baseline_year", "percent_change"]].iloc[0].tolist() == [2020, -10.0]


@pytest.mark.parametrize(
    "sentence, qualifier, year",
    [
        ("Carbon emissions will peak no later than 2030.", "before", 2030),
        ("Emissions will fall from the level in 2020 by 2025.", "by", 2025),
        ("The dual carbon goals of peaking emissions by 2030 and achieving neutrality by 2060 stand.", "by", 2030),
    ],
)
def test_deadline_words_next_to_base_year_words(sentence, qualifier, year):
    h = find_horizons(sentence)
    assert (h["qualifier"].iloc[0], h["year_end"].iloc[0]) == (qualifier, year)
    assert 2020 not in h["year_end"].tolist()


def test_dates_in_brackets_govern_no_goals():
    h = horizons_of("The Implementation Plan (2024-2027) proposes that by 2027, 100 cities will be zero-waste cities.")
    s = horizon_summary(h)
    assert s[["horizon", "goals"]].values.tolist() == [["2024-2027", 0], ["2027", 1]]


@pytest.mark.parametrize("years", ["2021-2030", "2021-2035", "2024-2050", "2030-2060"])
def test_goalless_horizon_in_an_anchor_year_beside_real_goals(years):
    """A bracketed plan title whose end year is a national anchor year governs no goal;
    next to a horizon with goals it once crashed the anchor check (NaN goal text)."""
    h = horizons_of(f"The Hubei Action Plan for Carbon Peaking ({years}) was issued.",
                    "By 2025, emissions will fall by 5%.")
    s = horizon_summary(h)
    assert s[["horizon", "goals"]].values.tolist() == [[years, 0], ["2025", 1]]
    assert h["national_anchor"].isna().all()


@settings(max_examples=40, deadline=None)
@given(year=st.integers(2000, 2060), months=st.integers(1, 40))
def test_status_follows_the_publication_window(year, months):
    h = horizons_of(f"By {year}, the city will plant trees.", release=f"Release Time{months} months ago")
    lo, hi = h["published_min"].iloc[0].year, h["published_max"].iloc[0].year
    expected = "past" if year < lo else ("future" if year > hi else "current")
    assert h["status"].tolist() == [expected]


@pytest.mark.parametrize(
    "sentence, years",
    [
        ("During the '15th Five-Year' period, the province will build 20 parks.", [(2026, 2030)]),
        ("In the “Fourteenth Five-Year” period, forest coverage will reach 30%.", [(2021, 2025)]),
        ("During the 14th 5-Year Plan period, the city will cut coal use by 10%.", [(2021, 2025)]),
        ("In the years 2021 to 2025, the city will plant 5,000 hectares of trees.", [(2021, 2025)]),
        ("The province will implement the 2030 carbon peak and 2060 carbon neutrality goals.",
         [(2030, 2030), (2060, 2060)]),
        ("The province has set its 2030 and 2035 targets for forest coverage.", [(2030, 2030), (2035, 2035)]),
        ("The 2030 carbon peaking goal will be met on time.", [(2030, 2030)]),
        # the publication window of horizons_of() pages lies in 2024
        ("By the end of the year, the city will renovate 300 old residential areas.", [(2024, 2024)]),
        ("The province will complete the task by year-end.", [(2024, 2024)]),
        ("In the second half of the year, Hubei will launch a campaign on river pollution.", [(2024, 2024)]),
    ],
)
def test_spellings_of_periods_ranges_and_target_years(sentence, years):
    h = horizons_of(sentence)
    found = h.drop_duplicates("horizon_no")[["year_start", "year_end"]].astype(int).values.tolist()
    assert [tuple(y) for y in found] == years, h[["phrase", "year_start", "year_end"]]


@pytest.mark.parametrize(
    "sentence",
    [
        "The share rose by 2.3 percentage points over last year.",
        "Output was up 4% against the same period last year.",
        "Emissions fell by 5% compared with last year.",
        "The city planted 2030 trees as the target of the campaign.",
        "The number of volunteers increased by 2016 people.",
    ],
)
def test_relative_base_years_and_counts_are_not_horizons(sentence):
    assert horizons_of(sentence).empty


@pytest.mark.parametrize(
    "sentence, phrases",
    [
        ("Carbon intensity fell by 3.5% in 2023 from 2022.", ["in 2023"]),
        ("Emissions will start to fall from 2025.", ["from 2025"]),
        ("From 2025, all new buses in the city will be electric.", ["From 2025"]),
        ("Emissions will be reduced by 2030 through structural adjustment.", ["by 2030"]),
    ],
)
def test_from_and_by_after_a_change_are_bases_or_amounts_only_with_an_amount(sentence, phrases):
    """A lone "from YYYY" after a change with its amount is the change's base; without an
    amount ("will start to fall from 2025") it is still a start."""
    assert horizons_of(sentence).drop_duplicates("horizon_no")["phrase"].tolist() == phrases


# --------------------------------------------------------------------------- fast paths
# ASCII texts take faster paths (lower-cased twins of the patterns, one pass over many texts,
# quick tests that rule a pattern out); these tests hold them to the general ones.


@pytest.fixture(scope="module")
def generated_corpus(tmp_path_factory):
    from benchmarks.generate import generate_corpus
    from helpers.corpus import load_corpus

    root = tmp_path_factory.mktemp("horizons_gen")
    generate_corpus(root, 40, seed=11)
    return load_corpus(root, workers=1)


def test_fast_paths_give_the_general_table(seeds, generated_corpus, monkeypatch):
    import helpers.horizons as hz

    for corpus in (seeds, generated_corpus):
        fast = extract_horizons(corpus)
        with monkeypatch.context() as m:
            m.setattr(hz, "_ASCII_FAST", False)
            general = extract_horizons(corpus)
        assert not fast.empty
        pd.testing.assert_frame_equal(fast, general, check_exact=True)


def _mixed_case_texts(corpus, n: int = 400) -> list[str]:
    import random

    rng = random.Random(0)
    texts = [t for t in corpus.sentences["text"].tolist() if isinstance(t, str) and t.isascii()][:n]
    texts += ["".join(c.upper() if rng.random() < 0.3 else c for c in t) for t in texts]
    return texts + [
        "BY THE END OF 2025, at LEAST 30% of Buses; no more than  5 Tons, the 14TH Five-Year PLAN period",
        "compared WITH 2020 levels, 2025 is a key year; from 2021-25 targets and the year before last",
        "It will and it shall: up to 10,000 yuan, 12 micrograms per cubic metre, 2030 target, FYP",
    ]


def test_ascii_twins_match_where_their_patterns_match(generated_corpus):
    import helpers.horizons as hz

    def read(matches):
        return [(m.span(), {k: v and v.lower() for k, v in m.groupdict().items()}) for m in matches]

    g = load_horizon_lexicon().grammar
    texts = _mixed_case_texts(generated_corpus)
    for name, twin in g.twins.items():
        if twin is not None and hasattr(g, name):
            pattern = getattr(g, name)
            for text in texts:
                assert read(twin.finditer(text.lower())) == read(pattern.finditer(text)), (name, text)
    for text in texts:
        periods = hz._rematched(g.twins["horizon_period"], g.twins["period_starts"], text.lower())
        assert read(periods) == read(g.horizon_period.finditer(text)), text
    for pattern in (hz._AUX, hz._FINITE_AUX, hz._AND_SPLIT):
        twin = hz._ascii_twin(pattern)
        for text in texts:
            assert [m.span() for m in twin.finditer(text.lower())] == [m.span() for m in pattern.finditer(text)]


def test_token_hits_read_longest_phrases_left_to_right(generated_corpus):
    import helpers.horizons as hz

    def reference(text, mapping, starts):  # one text at a time, longest phrase first
        words = [w.lower() for w in hz._TOKEN.findall(text)]
        out, k = [], 0
        while k < len(words):
            size = min(starts.get(words[k], 1), len(words) - k)
            while size > 1 and " ".join(words[k:k + size]) not in mapping:
                size -= 1
            phrase = " ".join(words[k:k + size])
            if mapping.get(phrase) is not None:
                out.append((k, phrase, mapping[phrase]))
                k += size
            else:
                k += 1
        return out

    g = load_horizon_lexicon().grammar
    texts = _mixed_case_texts(generated_corpus) + ["", "strive\x00to", "étude will strive to 5"]
    toks = hz._Tokens(texts)
    for mapping, starts, cands in ((g.verb_map, g.verb_starts, g.verb_cands),
                                   (g.force_map, g.force_starts, g.force_cands)):
        hits = [[] for _ in texts]
        for tid, k, _, phrase, value in hz._token_hits(toks, mapping, starts, cands):
            hits[tid].append((k, phrase, value))
        assert hits == [reference(t, mapping, starts) for t in texts]


def test_dated_many_is_maybe_dated_of_each_text():
    import helpers.horizons as hz

    texts = ["", "By 2030.", "this YEAR", "mid-Century", "the 14th FYP", "12 34", "x2O25", None,
             float("nan"), "in\x002025", "٢٠٢٥ goals", "İ year", "no date here", "20251"]
    assert hz._dated_many(texts) == [isinstance(t, str) and hz._maybe_dated(t) for t in texts]


# --------------------------------------------------------------------------- undated pages (the real genre)


def undated(*paragraphs: str, captured_on: str | None = "2025-03-01") -> pd.DataFrame:
    """Horizons of a headerless page: no site line, no release time, no trailer."""
    return extract_horizons(parse_article("\n\n".join(paragraphs), captured_on=captured_on))


@pytest.mark.parametrize(
    "sentence, status",
    [
        ("In 2016 the city closed 40 illegal wharves along the river.", "past"),
        ("In May 2019 the governor said the province would open further.", "past"),
        ("Since 2023, the city has planted 3,000 hectares of forest.", "past"),
        ("From 2012 to 2016 the province spent 20 billion yuan on clean air.", "past"),
        ("In 2022 the bureau put forward 12 measures and held 30 training sessions.", "past"),
        ("In 2021 the monitoring platform was set up.", "past"),
        # machine translation's "will" for a year's results: not a goal, whatever the tense says
        ("In 2023, courts across the province will conclude 1,535 environmental cases.", None),
        ("In 2023, the bureau will collect fines of 83 million yuan.", None),
        ("In 2015, GDP: 24.6 billion yuan; growth: 6.4%; forest coverage: 21%.", None),
        # goals stay goals
        ("By 2025, the non-fossil energy share will reach 20%.", "future"),
        ("By 2035, a beautiful province has been basically built.", "future"),
        ("By 2030, carbon intensity will fall by more than 60% compared with the level of 2005.", "future"),
    ],
)
def test_status_on_an_undated_page(sentence, status):
    h = undated("A headerless page starts mid-story.", sentence)
    assert h["status"].iloc[0] == status, h[["phrase", "status", "status_basis"]]


def test_no_horizon_in_since_phrases_and_base_years():
    h = undated("Output saw the fastest growth since 2012, and by 2030 carbon intensity will fall by more "
                "than 60% compared with the level of 2005.")
    years = h["target_year"].fillna(0).astype(int)
    assert 2005 not in years.tolist()
    assert h.loc[years == 2030, "baseline_year"].tolist() == [2005]
    assert set(h.loc[years == 2012, "status"]) <= {"past"}


def test_past_years_in_the_text_date_a_results_page():
    # the page reports 2023 as done, so "In 2023 ... will" reads as 2023's results
    h = undated("In 2023 the province closed 12 illegal landfills.",
                "In 2023, procuratorates will file 600 public interest cases.",
                "By 2027, all landfills will be restored.")
    s = horizon_summary(h)
    assert s["status"].tolist() == ["past", "past", "future"]
    assert h["published_min"].iloc[0] == pd.Timestamp("2023-01-01")


def test_a_roundup_row_takes_the_province_its_clause_names():
    h = undated("Provinces have set their targets. Guizhou will raise the non-fossil share to 20% by 2025, "
                "while Hainan will stop selling fuel cars by 2030.")
    assert dict(zip(h["target_year"], h["region"])) == {2025: "Guizhou", 2030: "Hainan"}


def test_timeline_scales_to_busy_lanes():
    from helpers.plots.horizons import horizon_timeline, timeline_points

    summary = pd.DataFrame({
        "region": ["Hainan"] * 5 + [None],
        "horizon": ["2025", "2025", "2026", "2027", "2028", "2030"],
        "year_start": [2025, 2025, 2026, 2027, 2028, 2030], "target_year": [2025, 2025, 2026, 2027, 2028, 2030],
        "status": ["future", "future", "future", None, "future", "future"], "goals": [3, 2, 1, 4, 0, 1],
    })
    pts = timeline_points(summary)
    # two 2025 horizons of a lane are one point; a horizon without goals is not drawn
    assert pts[["region", "target_year", "goals"]].values.tolist() == [
        ["Hainan", 2025, 5], ["Hainan", 2026, 1], ["Hainan", 2027, 4], ["unknown", 2030, 1]]
    wide = pd.concat([summary, summary.iloc[[2]].assign(horizon="1980", year_start=1980, target_year=1980,
                                                         status="past")])
    ax = horizon_timeline(wide).axes[0]
    # on a 55-year axis, 2026 and 2027 would overprint the larger 2025 target: they keep no label
    assert sorted(t.get_text() for t in ax.texts) == ["1980 (1)", "2025 (5)", "2030 (1)"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["past", "future", "unknown", "publication window"]
    compact = horizon_timeline(summary).axes[0]  # on a short axis every label has room
    assert len(compact.texts) == 4


def test_staged_comparison_goes_long_for_many_regions():
    paras = [f"By 2030, {r} will raise its forest cover to 30%." for r in
             ("Hainan", "Yunnan", "Guizhou", "Sichuan", "Fujian", "Jiangxi", "Hunan")]
    h = extract_horizons(parse_article("\n\n".join(paras), captured_on="2025-01-15"))
    long = staged_comparison(h)
    assert list(long.columns) == ["horizon", "region", "goals", "goal_text"]
    assert long["region"].tolist() == sorted(long["region"]) and len(long) == 7
    assert staged_comparison(h, wide=True).shape == (1, 7)


def test_results_of_the_earlier_year_of_a_window_over_two_years():
    # "1 years ago" captured 2025-01-15: the page is from 2023-01-16..2024-01-15
    h = horizons_of("The following are the main data of the province's energy in 2023: wind power: 41 GW; "
                    "solar power: 30 GW.", "In 2024, the province will add 10 GW of solar power.",
                    release="Release Time1 years ago")
    s = horizon_summary(h)
    assert s["status"].tolist() == ["past", "current"]
