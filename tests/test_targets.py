"""Tests for helpers.targets and the goal rules of issue 14: one row per value, metrics,
honest force, goals attached the way a reader attaches them, results left out."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.corpus import parse_article
from helpers.horizons import extract_horizons
from helpers.lexicons import LexiconError
from helpers.targets import TARGET_COLUMNS, load_target_metrics, quantitative_targets

from .conftest import SHANGHAI


def page(*paragraphs: str, captured_on: str = "2024-03-01") -> tuple[pd.DataFrame, pd.DataFrame]:
    corpus = parse_article("\n\n".join(paragraphs), captured_on=captured_on)
    return extract_horizons(corpus), corpus.articles


def targets(*paragraphs: str, **kw) -> pd.DataFrame:
    h, a = page(*paragraphs)
    return quantitative_targets(h, articles=a, **kw)


def test_every_value_is_a_row_with_its_metric():
    q = targets("By 2025, energy consumption and carbon dioxide emissions per unit of GDP will decrease by 14.5% "
                "and 20.5% respectively compared to its 2020 statistics.")
    assert q[["metric", "value", "percent_change", "baseline_year"]].values.tolist() == [
        ["energy_intensity", 14.5, -14.5, 2020], ["co2_intensity", 20.5, -20.5, 2020]]
    assert list(q.columns) == TARGET_COLUMNS


def test_two_quantities_of_different_units_in_one_clause():
    q = targets("By 2025, installed capacity of wind and solar will reach 98 million kilowatts, and power "
                "generation will reach 600 billion kWh.")
    assert q[["metric", "value", "unit"]].values.tolist() == [
        ["installed_capacity", 98.0, "million kW"], ["power_generation", 600.0, "billion kWh"]]


def test_percent_words_and_a_change_with_a_bound():
    q = targets("By 2030, the province will be lowering CO2 emissions per unit of GDP by more than 65% and raise "
                "forest coverage to 26 percent.")
    rows = q[["metric", "direction", "comparator", "value", "percent_change"]].values.tolist()
    assert rows[0] == ["co2_intensity", "decrease", "more than", 65.0, -65.0]
    assert [r[0] for r in rows] == ["co2_intensity", "forest_coverage"]


@pytest.mark.parametrize(
    "sentence",
    [
        "In 2023, courts across the province will conclude 1,535 environmental cases.",
        "In 2023, the bureau will impose fines of 83.25 million yuan on polluters.",
        "In 2023, procuratorates will prosecute 312 people for environmental crimes, 44.2% of all cases.",
        "In 2023, the carbon market will see trading volumes of 212 million tons, up 18% year-on-year.",
    ],
)
def test_reported_statistics_are_not_targets(sentence):
    # a results page in the past: none of its numbers is a target, whatever the tense says
    assert targets("In 2023 the province closed 12 landfills.", sentence).empty


def test_results_can_be_asked_for():
    q = targets("In 2023 the province closed 12 landfills.",
                "In 2023, the bureau will impose fines of 83.25 million yuan on polluters.", include_results=True)
    assert q[["value", "unit", "status"]].values.tolist() == [[83.25, "million yuan", "past"]]


def test_goal_text_without_dateline_and_attribution():
    h, _ = page("JINAN, Nov. 20 (Xinhua) -- By 2027, forest coverage will reach 20%, the official said.")
    assert h["goal_text"].tolist() == ["forest coverage will reach 20%"]


@pytest.mark.parametrize(
    "sentence, force",
    [
        ("By 2027, the quality of the ecosystem will continue to improve.", "unstated"),
        ("By 2027, forest coverage will reach 25% as a binding target.", "binding"),
        ("By 2027, the province strives to raise forest coverage to 25%.", "indicative"),
        ("By 2027, the non-fossil share is expected to reach 30%.", "indicative"),
        ("By 2027, emissions must not exceed the cap.", "unstated"),
    ],
)
def test_force_only_where_the_text_says_so(sentence, force):
    h, _ = page(sentence)
    assert h["force"].tolist() == [force]


def test_a_work_plan_attaches_the_goals_of_the_following_paragraphs():
    h, _ = page(
        "In 2024, the city will fully implement its plan for a beautiful city.",
        "Fight the battle for blue skies. Cut PM2.5 to 28 micrograms per cubic metre.",
        "We will control volatile organic compounds and scrap China IV diesel trucks.",
        "In 2023 the city closed 40 small boilers.",
        "Build zero-waste cells in every district.",
        captured_on="2024-06-01",
    )
    goals = " | ".join(h.loc[h["horizon"] == "2024", "goal_text"])
    assert "PM2.5" in goals and "volatile organic compounds" in goals and "diesel trucks" in goals
    assert "zero-waste" not in goals  # attachment stops at the paragraph about the past


def test_future_stages_keep_their_own_paragraph():
    h, _ = page("By 2035, a beautiful province will be basically built.",
                "Promote six key tasks: clean air, clear water and clean soil.", captured_on="2024-06-01")
    assert "six key tasks" not in " ".join(h["goal_text"])


def test_the_shanghai_work_programme_goals_are_attached_to_2024(seeds):
    h = extract_horizons(seeds)
    goals = " | ".join(h.loc[(h["article_id"] == SHANGHAI) & (h["horizon"] == "2024"), "goal_text"])
    for goal in ("PM2.5", "volatile organic compounds", "diesel vehicles in China IV", "zero-waste",
                 "Yangtze River Estuary", "coal consumption"):
        assert goal in goals, goal


def test_metrics_lexicon_errors_name_the_row(tmp_path):
    bad = tmp_path / "target_metrics.csv"
    bad.write_text("metric,label,phrase\nforest,forest,forest cover\nwoods,woods,forest cover\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="row 3"):
        load_target_metrics(bad)


def test_review_findings_on_targets_and_rows():
    q = targets("By 2025, a total of 500 charging stations will be built in the province.")
    assert q["value"].tolist() == [500.0] and q["comparator"].tolist() == ["reach"]
    h, _ = page("Yunnan releases its energy plan", "By 2025, the province will send 150 billion kWh of "
                "hydropower to Guangdong each year. Yunnan will build more dams.")
    assert set(h["region"]) == {"Yunnan"}
    h, _ = page("In 2024, Hainan will plant 1 million trees.",
                "Hainan is home to 49 nature reserves covering 2.7 million hectares.", captured_on="2024-06-01")
    assert "nature reserves" not in " ".join(h["goal_text"])  # a paragraph of facts ends the work plan


def test_metrics_of_listed_values_and_shares_of_something():
    q = targets("By 2025, PM2.5, ozone and nitrogen oxides will fall by 10%, 5% and 8% respectively.")
    assert q["metric"].tolist() == ["pm25", "ozone", "pollutant_emissions"]
    q = targets("By 2025, the sewage treatment rate will be no less than 95% and 100% of drinking water sources "
                "will meet the standard.")
    assert q["metric"].tolist() == ["sewage_treatment", "drinking_water"]


def test_market_prices_are_never_targets():
    assert targets("By the end of 2025, the closing price will be about 79 yuan per ton.").empty
