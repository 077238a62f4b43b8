"""Exports: Parquet and CSV round trips, the generated README and schema, bad input."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.corpus import load_corpus
from helpers.export import CORPUS_TABLES, analysis_tables, export_all, export_tables, read_table
from tests.conftest import make_page


@pytest.fixture
def mixed_table() -> pd.DataFrame:
    """Every dtype the analysis tables use, with missing values in each."""
    return pd.DataFrame(
        {
            "article_id": ["a", "b", "c"],
            "text": pd.Series(["plain", None, "None"], dtype=object),  # "None" stays a string
            "score": [0.1, np.nan, 1 / 3],
            "count": pd.array([1, None, 3], dtype="Int64"),
            "n": np.array([1, 2, 3], dtype="int64"),
            "flag": [True, False, True],
            "label": pd.Series(["x", None, "y"], dtype="str"),
            "kind": pd.Categorical(["year", "plan_period", "year"], categories=["plan_period", "year"]),
            "day": pd.to_datetime(["2024-01-01", None, "2027-12-31"]).astype("datetime64[s]"),
            "stamp": pd.to_datetime(["2024-01-01 10:00:01", None, "2024-03-03 00:00:00"], utc=True),
        }
    )


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_seed_corpus_round_trips_exactly(seeds, tmp_path, fmt):
    export_all(seeds, tmp_path)
    for name in CORPUS_TABLES:
        pd.testing.assert_frame_equal(read_table(name, tmp_path, format=fmt), getattr(seeds, name))


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_analysis_tables_round_trip(seeds, tmp_path, fmt):
    tables = analysis_tables(seeds)
    assert set(tables) == {"ngram_counts", "theme_scores", "key_tasks", "horizons"}
    assert all(len(t) for t in tables.values())  # the seeds have n-grams, themes, tasks, horizons
    assert "article_id" in tables["ngram_counts"].columns
    export_all(seeds, tmp_path, **tables)
    for name, table in tables.items():
        pd.testing.assert_frame_equal(read_table(name, tmp_path, format=fmt), table.reset_index(drop=True))
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "| `goal_text` | object | the goal clause the horizon governs |" in readme


def test_plain_readers_get_the_same_values(seeds, tmp_path):
    """Without our reader, pandas' defaults differ in dtype only (str, datetime64[ms])."""
    export_all(seeds, tmp_path)
    for name in CORPUS_TABLES:
        table = getattr(seeds, name)
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / f"{name}.parquet"), table, check_dtype=False)
        csv = pd.read_csv(tmp_path / f"{name}.csv", encoding="utf-8-sig")
        assert list(csv.columns) == list(table.columns)
        assert len(csv) == len(table)
    sentences = pd.read_csv(tmp_path / "sentences.csv", encoding="utf-8-sig")
    assert sentences["text"].tolist() == seeds.sentences["text"].tolist()


def test_mixed_dtypes_parquet_exact(mixed_table, tmp_path):
    export_tables({"mixed": mixed_table}, tmp_path)
    pd.testing.assert_frame_equal(read_table("mixed", tmp_path), mixed_table)


def test_mixed_dtypes_csv_as_close_as_documented(mixed_table, tmp_path):
    export_tables({"mixed": mixed_table}, tmp_path)
    back = read_table("mixed", tmp_path, format="csv")
    # Documented caveat: categories come back sorted, and only the categories in use.
    expected = mixed_table.assign(kind=mixed_table["kind"].astype(str).astype("category"))
    pd.testing.assert_frame_equal(back, expected)
    assert back.loc[2, "text"] == "None"
    assert back.loc[1, "text"] is None


def test_csv_is_excel_friendly_utf8_with_bom(tmp_path):
    table = pd.DataFrame({"article_id": ["zh"], "text": ["建设美丽中国, \"quoted\"\nsecond line"]})
    export_tables({"chinese": table}, tmp_path, formats=("csv",))
    raw = (tmp_path / "chinese.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfarticle_id,text\r\n")
    assert "建设美丽中国".encode() in raw
    pd.testing.assert_frame_equal(read_table("chinese", tmp_path, format="csv"), table)
    assert not (tmp_path / "chinese.parquet").exists()


text_cells = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=40
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(text_cells, min_size=1, max_size=5))
def test_any_nonempty_text_survives_csv_and_parquet(tmp_path, values):
    table = pd.DataFrame({"article_id": [f"a{i}" for i in range(len(values))], "text": values})
    export_tables({"t": table}, tmp_path)
    for fmt in ("parquet", "csv"):
        pd.testing.assert_frame_equal(read_table("t", tmp_path, format=fmt), table)


def test_generated_corpus_with_problems_round_trips(write_files, tmp_path):
    folder = write_files({
        "hainan.txt": make_page(),
        "empty.txt": "",
        "picture.txt": b"\x89PNG\r\n\x1a\n\x00\x00binary",
    })
    corpus = load_corpus(folder, as_of="2025-01-15")
    out = tmp_path / "out"
    export_all(corpus, out)
    problems = read_table("problems", out)
    pd.testing.assert_frame_equal(problems, corpus.problems)
    assert {"empty.txt", "picture.txt"} <= set(problems.loc[problems["severity"] == "error", "path"])
    pd.testing.assert_frame_equal(read_table("articles", out, format="csv"), corpus.articles)


def test_listing_readme_and_schema(seeds, tmp_path):
    counts = pd.DataFrame({"article_id": ["a", "a"], "term": ["air", "water"], "n": [3, 1]})
    listing = export_all(seeds, tmp_path, ngram_counts=counts)
    assert list(listing.columns) == ["table", "format", "path", "rows", "columns"]
    data = listing.dropna(subset=["table"])
    assert sorted(set(data["table"])) == sorted([*CORPUS_TABLES, "ngram_counts"])
    assert set(data["format"]) == {"parquet", "csv"}
    assert all((tmp_path / p).exists() for p in listing["path"])
    row = data[(data["table"] == "ngram_counts") & (data["format"] == "csv")].iloc[0]
    assert (row["rows"], row["columns"]) == (2, 3)
    assert listing["format"].tolist()[-2:] == ["json", "md"]

    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "## articles" in readme and "## ngram_counts" in readme
    assert "| `published_min` | datetime64[s] | earliest publication date" in readme
    assert "| `severity` | object | error (file not read) or warning" in readme
    assert "| `article_id` | object | stable article identifier" in readme  # common column
    assert "| `term` | str |  |" in readme  # unknown: dtype only
    schema = json.loads((tmp_path / "schema.json").read_text(encoding="utf-8"))["tables"]
    assert schema["ngram_counts"]["columns"] == {"article_id": "str", "term": "str", "n": "int64"}


def test_later_exports_keep_earlier_tables_documented(seeds, tmp_path):
    export_all(seeds, tmp_path)
    export_tables({"horizons": pd.DataFrame({"article_id": ["a"], "year_end": [2035]})}, tmp_path,
                  descriptions={"horizons": {"year_end": "last year of the horizon"}})
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "## articles" in readme and "## horizons" in readme
    assert "| `year_end` | int64 | last year of the horizon |" in readme
    (tmp_path / "horizons.parquet").unlink()
    (tmp_path / "horizons.csv").unlink()
    export_all(seeds, tmp_path)
    assert "## horizons" not in (tmp_path / "README.md").read_text(encoding="utf-8")


def test_index_handling(tmp_path):
    grouped = pd.DataFrame({"region": ["Shanxi", "Shanghai"], "n": [2, 1]}).set_index("region")
    filtered = pd.DataFrame({"article_id": ["a", "b", "c"]}).iloc[[0, 2]]
    export_tables({"grouped": grouped, "filtered": filtered}, tmp_path)
    pd.testing.assert_frame_equal(read_table("grouped", tmp_path), grouped.reset_index())
    pd.testing.assert_frame_equal(read_table("filtered", tmp_path), filtered.reset_index(drop=True))


@pytest.mark.parametrize(
    "tables, kwargs, match",
    [
        ({"../escape": pd.DataFrame({"a": [1]})}, {}, "table name"),
        ({"ok": pd.DataFrame({"a": [1]})}, {"formats": ("xlsx",)}, "formats"),
        ({"ok": pd.DataFrame([[1, 2]], columns=["a", "a"])}, {}, "unique strings"),
        ({"ok": pd.DataFrame({0: [1]})}, {}, "unique strings"),
        ({"ok": pd.Series([1])}, {}, "not a DataFrame"),
    ],
)
def test_bad_input_is_refused(tmp_path, tables, kwargs, match):
    with pytest.raises(ValueError, match=match):
        export_tables(tables, tmp_path, **kwargs)
    assert not any(tmp_path.iterdir())


def test_computed_table_may_not_shadow_corpus_table(seeds, tmp_path):
    with pytest.raises(ValueError, match="articles"):
        export_all(seeds, tmp_path, articles=pd.DataFrame({"a": [1]}))


def test_read_table_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="missing"):
        read_table("missing", tmp_path)
    with pytest.raises(ValueError, match="format"):
        read_table("missing", tmp_path, format="xlsx")


def test_exporting_in_one_format_removes_the_stale_other(tmp_path):
    """Re-exporting a table as CSV only must not leave last run's Parquet behind for
    read_table() (Parquet by default) to return."""
    export_tables({"scores": pd.DataFrame({"x": [1, 2]})}, tmp_path)
    export_tables({"scores": pd.DataFrame({"x": [7]})}, tmp_path, formats=("csv",))
    assert not (tmp_path / "scores.parquet").exists()
    assert read_table("scores", tmp_path, format="csv")["x"].tolist() == [7]
    with pytest.raises(FileNotFoundError):
        read_table("scores", tmp_path)


def test_empty_analysis_tables_have_the_full_tables_column_types(seeds):
    """An analysis with nothing to report returns the same columns and numeric types as a
    full result, so exports and concatenations of empty and full runs agree."""
    from helpers import keywords, themes

    empty = seeds.subset([])
    calls = {
        "key_tasks": themes.key_tasks,
        "distinctive_terms": lambda c: keywords.distinctive_terms(c, group="region"),
        "collocations": keywords.collocations,
        "kwic": lambda c: keywords.kwic(c, "carbon"),
    }
    for name, fn in calls.items():
        full, none = fn(seeds), fn(empty)
        assert len(full) and none.empty, name
        assert list(full.columns) == list(none.columns), name
        for col in full.columns:
            f, e = full[col].dtype, none[col].dtype
            assert pd.api.types.is_numeric_dtype(f) == pd.api.types.is_numeric_dtype(e), (name, col, f, e)
            if pd.api.types.is_numeric_dtype(f):
                assert f == e, (name, col, f, e)
