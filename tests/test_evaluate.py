"""Tests for helpers.evaluate: the labels file, the metrics, the disagreements, the CLI.

The articles are short pages in the platform's format whose answers are unambiguous (a
``Region...`` trailer, "By 2030, ... will ..." in the future of a release two weeks before
capture, "In 2019 the city closed ..." in the past), so the exact metrics below hold however
the extraction improves. Where a value depends on the lexicons' finer choices (which themes
fill the top three), the tests check structure only.
"""

from __future__ import annotations

import dataclasses
import math
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from helpers.corpus import load_corpus
from helpers.evaluate import (
    CHECKS,
    METRICS,
    Evaluation,
    LabelError,
    disagreements_text,
    evaluate,
    load_for_evaluation,
    load_labels,
)

AS_OF = "2025-03-01"
HEADER = "file,region,target_years,themes,published\n"


def page(title: str, body: list[str], region: str) -> str:
    """A platform page: site line, title, release time, body paragraphs, trailer."""
    parts = ["China Carbon Credit Platform", title, "Release Time2 weeks ago", *body,
             f"Region{region}\nLike(0)\nCollect(0)"]
    return "\n\n".join(parts) + "\n"


TAIYUAN = page(
    "Taiyuan releases a plan for cleaner rivers",
    ["By 2030, the water quality of the Fen River will reach Class III, and sewage treatment "
     "will cover every county.",
     "In 2019 the city closed 40 coal-fired boilers along the river."],
    "Shanxi",
)
HAINAN_2035 = "By 2035, the province will build a clean energy island with new energy vehicles everywhere."
HAINAN = page(
    "Hainan sets out its clean air goals",
    ["By 2027, PM2.5 concentration will fall to 12 micrograms per cubic metre and air quality "
     "will stay excellent.",
     HAINAN_2035],
    "Hainan",
)
BEIJING = page(
    "Beijing tightens its air pollution targets",
    ["By 2030, Beijing will keep the average PM2.5 concentration below 30 micrograms per cubic metre."],
    "Beijing",
)
SANYA = page(
    "Sanya opens a coral reef reserve",
    ["By 2028, the city will restore 50 hectares of coral reefs around its islands."],
    "Hainan",
)

FILES = {
    "a01_taiyuan_rivers.txt": TAIYUAN,
    "a02_hainan_air.txt": HAINAN,
    "a03_beijing_air.txt": BEIJING,
    "a04_empty.txt": "",
    "a05_sanya_reefs.txt": SANYA,  # read, not labelled
}
# Chosen to disagree on purpose: a02's region and its 2035 goal and soil_waste theme, a03's
# 2025 target and publication year, a04 is empty, a06 is not in the folder.
LABELS = (
    HEADER
    + "a01_taiyuan_rivers.txt,Shanxi,2030,water,2025\n"
    + "a02_hainan_air.txt,Guangdong,2027,air|soil_waste,\n"
    + "a03_beijing_air.txt,beijing,2025|2030,air,2023\n"
    + "a04_empty.txt,Shanxi,2025,water,2024\n"
    + "a06_missing.txt,national,2030,,\n"
)


def write_folder(root: Path, files: dict[str, str], labels: str | None = LABELS, name: str = "labels.csv") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if labels is not None:
        (root / name).write_text(labels, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return write_folder(tmp_path_factory.mktemp("labelled") / "corpus", FILES)


@pytest.fixture(scope="module")
def corpus(folder):
    return load_corpus(folder, as_of=AS_OF)


@pytest.fixture(scope="module")
def result(corpus, folder) -> Evaluation:
    return evaluate(corpus, load_labels(folder / "labels.csv"))


def metric_rows(result: Evaluation) -> dict[str, tuple[float, int]]:
    return {m: (v, n) for m, v, n in result.metrics.itertuples(index=False)}


# --------------------------------------------------------------------------- the metrics


def test_metrics_computed_by_hand(result):
    m = metric_rows(result)
    assert list(result.metrics["metric"]) == list(METRICS)
    assert list(result.metrics.columns) == ["metric", "value", "n"]
    # region: a01 and a03 ("beijing", canonicalised) right; a02 wrong; a04, a06 unread
    assert m["region_accuracy"] == (pytest.approx(2 / 5), 5)
    # predicted: a01 {2030}, a02 {2027, 2035}, a03 {2030}; 2019 is past and not a target
    assert m["target_year_precision"] == (pytest.approx(3 / 4), 4)
    assert m["target_year_precision_strict"] == (pytest.approx(3 / 4), 4)
    # labelled: a01 2030, a02 2027, a03 2025 2030, a04 2025, a06 2030: 3 of 6 found
    assert m["target_year_recall"] == (pytest.approx(3 / 6), 6)
    # themes: water (a01), air (a02), air (a03) found; soil_waste (a02), water (a04) not
    assert m["themes_top3_recall"] == (pytest.approx(3 / 5), 5)
    # published: a01 2025 inside its February 2025 window; a03 2023 outside; a04 unread
    assert m["published_agreement"] == (pytest.approx(1 / 3), 3)
    assert m["files_labelled"] == (5, 5)
    assert m["files_read"] == (3, 5)
    undecided, horizon_rows = m["undecided_rows"]
    assert undecided == 0 and horizon_rows >= 5  # 2019, 2027, 2030, 2030, 2035 at least


def test_disagreements_computed_by_hand(result):
    d = result.disagreements
    assert list(d.columns) == ["file", "article_id", "check", "ours", "label", "sentence"]
    assert not d.isna().any().any()
    core = d[d["check"] != "theme"][["file", "check", "ours", "label"]]
    published = d.loc[d["check"] == "published", "ours"].iloc[0]
    assert published.startswith("2025-02-") and "..2025-02-" in published  # "2 weeks ago"
    assert core.values.tolist() == [
        ["a02_hainan_air.txt", "region", "Hainan", "Guangdong"],
        ["a02_hainan_air.txt", "target_year", "2035", ""],
        ["a03_beijing_air.txt", "target_year", "", "2025"],
        ["a03_beijing_air.txt", "published", published, "2023"],
        ["a04_empty.txt", "unread", "not read (empty): the file is empty",
         "Shanxi; years 2025; themes water; published 2024"],
        ["a05_sanya_reefs.txt", "unlabelled", "Hainan", ""],
        ["a06_missing.txt", "unread", "not in the corpus folder", "national; years 2030; themes -"],
    ]
    by_check = d.set_index(["file", "check"])
    assert by_check.loc[("a02_hainan_air.txt", "target_year"), "sentence"] == HAINAN_2035
    assert by_check.loc[("a03_beijing_air.txt", "target_year"), "sentence"] == ""
    assert by_check.loc[("a02_hainan_air.txt", "target_year"), "article_id"] == "a02_hainan_air"
    assert by_check.loc[("a06_missing.txt", "unread"), "article_id"] == ""
    # the theme rows: the labelled themes outside our top three, with our top three
    themes = d[d["check"] == "theme"]
    assert themes[["file", "label"]].values.tolist() == [
        ["a02_hainan_air.txt", "soil_waste"]]
    top = themes["ours"].iloc[0].split("|")
    assert "air" in top and "soil_waste" not in top and 1 <= len(top) <= 3


def test_disagreements_sorted_by_file_then_check(result):
    d = result.disagreements
    order = d["check"].map(CHECKS.index)
    keys = list(zip(d["file"], order))
    assert keys == sorted(keys)


def test_summary_prints_every_metric_with_n(result):
    lines = result.summary().splitlines()
    assert len(lines) == len(METRICS) + 1
    assert lines[0].split() == ["region_accuracy", "0.400", "n=5"]
    assert lines[3].split() == ["target_year_recall", "0.500", "n=6"]
    assert lines[7].split() == ["files_read", "3", "of", "5"]
    assert lines[-1].startswith("disagreements")
    assert "unread 2" in lines[-1] and "1 unlabelled file listed" in lines[-1]
    assert lines[-1].split()[1] == str(len(result.disagreements) - 1)
    ends = {line.index(line.split()[1]) + len(line.split()[1]) for line in lines}
    assert len(ends) == 1  # values right-aligned in one column


def test_labels_file_is_not_read_as_an_article(corpus):
    assert "labels.csv" not in set(corpus.articles["path"]) | set(corpus.problems["path"])
    assert sorted(corpus.articles["path"]) == ["a01_taiyuan_rivers.txt", "a02_hainan_air.txt",
                                               "a03_beijing_air.txt", "a05_sanya_reefs.txt"]


def test_a_labels_file_under_another_name_in_the_folder_is_left_out(tmp_path):
    root = write_folder(tmp_path / "c", {"a01_taiyuan_rivers.txt": TAIYUAN},
                        labels=HEADER + "a01_taiyuan_rivers.txt,Shanxi,2030,water,\n", name="my_labels.csv")
    corpus = load_for_evaluation(root, root / "my_labels.csv", as_of=AS_OF, cache=False)
    assert list(corpus.articles["path"]) == ["a01_taiyuan_rivers.txt"]
    assert "my_labels.csv" not in set(corpus.problems["path"])
    result = evaluate(corpus, root / "my_labels.csv")
    assert result.disagreements.empty
    assert result.metric("region_accuracy") == 1.0 and result.metric("target_year_recall") == 1.0


def test_precomputed_tables_and_a_path_give_the_same_result(corpus, folder, result):
    from helpers.horizons import extract_horizons
    from helpers.themes import theme_scores

    again = evaluate(corpus, folder / "labels.csv", horizons=extract_horizons(corpus),
                     themes=theme_scores(corpus, level="paragraph"))
    pd.testing.assert_frame_equal(again.metrics, result.metrics)
    pd.testing.assert_frame_equal(again.disagreements, result.disagreements)


def test_a_bare_file_name_matches_a_file_in_a_subfolder(tmp_path):
    root = write_folder(tmp_path / "c", {"shanxi/a01_taiyuan_rivers.txt": TAIYUAN},
                        labels=HEADER + "a01_taiyuan_rivers.txt,Shanxi,2030,water,\n")
    result = evaluate(load_corpus(root, as_of=AS_OF), root / "labels.csv")
    assert result.disagreements.empty
    assert result.metric("files_read") == 1


# --------------------------------------------------------------------------- counting rules


@pytest.fixture(scope="module")
def one_article(tmp_path_factory):
    root = write_folder(tmp_path_factory.mktemp("one") / "c", {"a.txt": TAIYUAN}, labels=None)
    return load_corpus(root, as_of=AS_OF)


def labels_of(tmp_path: Path, rows: str) -> pd.DataFrame:
    path = tmp_path / "labels.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return load_labels(path)


def horizon_rows(rows: list[tuple[int, int, str | None]]) -> pd.DataFrame:
    return pd.DataFrame({
        "article_id": "a", "sent_no": [r[0] for r in rows],
        "target_year": pd.array([r[1] for r in rows], dtype="Int64"),
        "status": pd.Series([r[2] for r in rows], dtype=object),
    })


def test_undecided_rows_count_only_in_the_strict_precision(one_article, tmp_path):
    horizons = horizon_rows([(1, 2030, "future"), (1, 2030, "future"), (1, 2027, None),
                             (2, 2019, "past"), (2, 2025, "current"), (2, 2040, None)])
    result = evaluate(one_article, labels_of(tmp_path, "a.txt,Shanxi,2030|2027,water,\n"),
                      horizons=horizons)
    m = metric_rows(result)
    assert m["target_year_precision"] == (0.5, 2)  # {2030, 2025}: 2030 right
    assert m["target_year_precision_strict"] == (0.5, 4)  # {2030, 2027, 2025, 2040}
    assert m["target_year_recall"] == (0.5, 2)  # 2027 was undecided: missed
    assert m["undecided_rows"] == (2, 6)
    years = result.disagreements[result.disagreements["check"] == "target_year"]
    assert years[["ours", "label"]].values.tolist() == [["2025", ""], ["", "2027"]]
    assert years["sentence"].tolist() == [
        "In 2019 the city closed 40 coal-fired boilers along the river.", ""]


def test_top_three_themes_break_ties_by_theme_order(one_article, tmp_path):
    scores = pd.DataFrame({"article_id": "a", "theme": ["air", "water", "soil_waste", "transport", "urban_rural"],
                           "score": [1.0, 2.0, 1.0, 1.0, 0.0]})
    labels = labels_of(tmp_path, "a.txt,Shanxi,,transport|soil_waste|urban_rural,\n")
    result = evaluate(one_article, labels, themes=scores, horizons=horizon_rows([]))
    assert metric_rows(result)["themes_top3_recall"] == (pytest.approx(1 / 3), 3)
    misses = result.disagreements[result.disagreements["check"] == "theme"]
    assert misses[["ours", "label"]].values.tolist() == [
        ["water|air|soil_waste", "transport"], ["water|air|soil_waste", "urban_rural"]]


@pytest.mark.parametrize(
    "low, high, agrees, ours",
    [
        ("2024-11-01", "2025-01-31", True, "2024-11-01..2025-01-31"),
        (None, "2025-01-31", True, "..2025-01-31"),
        ("2025-02-01", None, False, "2025-02-01.."),
        (None, None, False, "undated"),
    ],
)
def test_published_window_with_open_sides(one_article, tmp_path, low, high, agrees, ours):
    articles = one_article.articles.assign(
        published_min=pd.Series([pd.Timestamp(low) if low else pd.NaT], dtype="datetime64[ns]"),
        published_max=pd.Series([pd.Timestamp(high) if high else pd.NaT], dtype="datetime64[ns]"),
    ).drop(columns=["published_basis"], errors="ignore")
    corpus = dataclasses.replace(one_article, articles=articles)
    result = evaluate(corpus, labels_of(tmp_path, "a.txt,Shanxi,,,2024\n"), horizons=horizon_rows([]))
    assert result.metric("published_agreement") == (1.0 if agrees else 0.0)
    rows = result.disagreements[result.disagreements["check"] == "published"]
    assert rows[["ours", "label"]].values.tolist() == ([] if agrees else [[ours, "2024"]])


def test_shares_with_nothing_to_count_are_nan(one_article, tmp_path):
    result = evaluate(one_article, labels_of(tmp_path, "a.txt,Shanxi,,,\n"), horizons=horizon_rows([]))
    m = metric_rows(result)
    assert m["region_accuracy"] == (1.0, 1)
    for name in ("target_year_precision", "target_year_recall", "themes_top3_recall", "published_agreement"):
        assert math.isnan(m[name][0]) and m[name][1] == 0
    line = next(x for x in result.summary().splitlines() if x.startswith("target_year_recall"))
    assert line.split() == ["target_year_recall", "-", "n=0"]
    assert disagreements_text(result.disagreements) == "no disagreements"


# --------------------------------------------------------------------------- the labels file


def test_load_labels_canonicalises_and_keeps_row_numbers(tmp_path):
    path = tmp_path / "labels.csv"
    path.write_text(
        "\ufeffFile, Region ,target_years,THEMES,note\n"
        "./sub/a.txt, xizang ,2030|2025|2030,Water|air|water,first\n"
        "\n"
        ",,,,\n"
        "b.txt,NATIONAL,,,\n",
        encoding="utf-8",
    )
    labels = load_labels(path)
    assert list(labels.columns) == ["file", "region", "target_years", "themes", "published", "row"]
    assert labels[["file", "region", "target_years", "themes", "row"]].values.tolist() == [
        ["sub/a.txt", "Tibet", (2025, 2030), ("water", "air"), 2],
        ["b.txt", "national", (), (), 5],
    ]
    assert labels["published"].isna().all() and str(labels["published"].dtype) == "Int64"


def test_an_empty_labels_table_is_fine(tmp_path):
    path = tmp_path / "labels.csv"
    path.write_text(HEADER, encoding="utf-8")
    assert load_labels(path).empty


@pytest.mark.parametrize(
    "content, expected",
    [
        ("file,region,themes\na.txt,Shanxi,water\n",
         "row 1: the header lacks column(s) target_years"),
        (HEADER + "a.txt,Shanxi,2030,water,\nb.txt,Shanxi,2030|20300,water,\n",
         "row 3, column 'target_years': '20300' is not a year"),
        (HEADER + "a.txt,Shanxi,2030;2035,water,\n",
         "row 2, column 'target_years': '2030;2035' is not a year"),
        (HEADER + "a.txt,Shanxi,1900,water,\n",
         "row 2, column 'target_years': '1900' is not a year"),
        (HEADER + "a.txt,Shanxi,2030,watr,\n",
         "row 2, column 'themes': 'watr' is not a theme id; did you mean 'water'?"),
        (HEADER + "a.txt,Shanxi,2030,ignore,\n",
         "row 2, column 'themes': 'ignore' is not a theme id"),
        (HEADER + "\na.txt,Atlantis,2030,water,\n",
         "row 3, column 'region': 'Atlantis' is not a known region"),
        (HEADER + "a.txt,,2030,water,\n",
         "row 2, column 'region': the cell is empty"),
        (HEADER + "a.txt,Shanxi,2030,water,\nb.txt,Shanxi,,,\na.txt,Hainan,2027,air,\n",
         "row 4, column 'file': 'a.txt' repeats row 2; merge the two rows or delete one"),
        (HEADER + "a.txt,Shanxi,2030,water,May 2024\n",
         "row 2, column 'published': 'May 2024' is not a year"),
        (HEADER + ",Shanxi,2030,water,\n",
         "row 2, column 'file': the cell is empty"),
        (HEADER + "a.txt,Shanxi,2030,water,2024,extra\n",
         "row 2: 6 cells for 5 columns"),
        (HEADER + '"a.txt,Shanxi,2030,water,2024\n',
         "row 2: the row is not valid CSV"),
        ("", "the file is empty"),
    ],
)
def test_broken_labels_name_file_row_and_fix_in_one_line(tmp_path, content, expected):
    path = tmp_path / "labels.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LabelError) as info:
        load_labels(path)
    message = str(info.value)
    assert message.startswith(f"{path}")
    assert expected in message
    assert "\n" not in message and message.endswith(".")
    assert isinstance(info.value, ValueError)


def test_missing_and_non_utf8_labels_files(tmp_path):
    with pytest.raises(LabelError, match="labels file not found"):
        load_labels(tmp_path / "nope.csv")
    path = tmp_path / "labels.csv"
    path.write_bytes((HEADER + "a.txt,Shanxi,2030,water,\nb\xe9.txt,Shanxi,,,\n").encode("cp1252"))
    with pytest.raises(LabelError, match=r"row 3: the file is not UTF-8"):
        load_labels(path)


# --------------------------------------------------------------------------- command line


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "helpers.evaluate", *args],
        capture_output=True, text=True, cwd=cwd, timeout=300,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


def test_command_line_prints_metrics_and_disagreements(folder, tmp_path):
    out = tmp_path / "out" / "disagreements.csv"
    proc = run_cli("--corpus", str(folder), "--as-of", AS_OF, "--no-cache", "--out", str(out), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].split() == ["region_accuracy", "0.400", "n=5"]
    assert lines[2].split() == ["target_year_precision_strict", "0.750", "n=4"]
    assert lines[4].split() == ["themes_top3_recall", "0.600", "n=5"]
    assert any(line.startswith("disagreements") for line in lines)
    table_header = next(i for i, line in enumerate(lines) if line.startswith("file "))
    assert lines[table_header].split() == ["file", "article_id", "check", "ours", "label", "sentence"]
    assert any(line.startswith("a02_hainan_air.txt") and line.endswith(HAINAN_2035) for line in lines)
    expected = evaluate(load_corpus(folder, as_of=AS_OF), folder / "labels.csv").disagreements
    pd.testing.assert_frame_equal(pd.read_csv(out, keep_default_na=False, dtype=str), expected)


def test_command_line_exits_2_on_a_broken_labels_file(folder, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "a01_taiyuan_rivers.txt,Shanxi,2030,water,\n"
                   "a02_hainan_air.txt,Hainan,twenty30,air,\n", encoding="utf-8")
    proc = run_cli("--corpus", str(folder), "--labels", str(bad), "--no-cache", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith(f"error: {bad}, row 3, column 'target_years': 'twenty30' is not a year")


def test_command_line_exits_2_without_a_labels_file(tmp_path):
    root = write_folder(tmp_path / "c", {"a.txt": TAIYUAN}, labels=None)
    proc = run_cli("--corpus", str(root), "--no-cache", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"error: {root / 'labels.csv'}: labels file not found")
    assert proc.stderr.count("\n") == 1
