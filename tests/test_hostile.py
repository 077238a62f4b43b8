"""No single file, cache entry or sentence can stop, hang or subvert a run (issue 18).

Each test builds its hostile input in ``tmp_path``: numbers out of any range, crafted and
corrupt cache entries, odd folder entries (symlinks, pipes, NUL bytes, footers), and
sentences long enough to show quadratic work. The last tests put every case in one
folder and check that every file is accounted for.
"""

from __future__ import annotations

import json
import os
import pickle
import time
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import corpus as corpus_mod
from helpers.corpus import CorpusError, EmptyCorpusError, load_corpus, parse_article
from helpers.dates import publication_window, text_evidence, to_date
from helpers.horizons import extract_horizons, find_horizons
from tests.conftest import SEED_PAGES, make_page

AS_OF = "2025-01-15"


def problems_of(c, path: str) -> dict[str, str]:
    """``{code: severity}`` of a file's problem rows."""
    rows = c.problems[c.problems["path"] == path]
    return dict(zip(rows["code"], rows["severity"]))


def accounted(c) -> set[str]:
    """The paths that ended in articles, or as errors in problems (checked disjoint)."""
    in_articles = set(c.articles["path"])
    in_errors = set(c.problems.loc[c.problems["severity"] == "error", "path"])
    assert in_articles.isdisjoint(in_errors), in_articles & in_errors
    return in_articles | in_errors


# --------------------------------------------------------------------------- 1. numbers from a page


def test_a_huge_like_count_is_a_warning_and_the_article_is_kept(write_files):
    page = make_page().replace("Like(0)", "Like(100000000000000000000)").replace("Collect(0)", "Collect(7)")
    c = load_corpus(write_files({"a.txt": page}), as_of=AS_OF)  # raised OverflowError building the table
    a = c.articles.set_index("path")
    assert pd.isna(a.loc["a.txt", "likes"]) and a.loc["a.txt", "collects"] == 7
    assert problems_of(c, "a.txt") == {"out_of_range": "warning"}
    assert "100000000000000000000" in c.problems["message"].iloc[0]


def test_an_absurd_release_time_leaves_the_date_unknown_and_keeps_the_article(write_files):
    pages = {
        "years.txt": make_page(release="Release Time210604 years ago"),
        "days.txt": make_page(title="Hubei plan", region="RegionHubei", body=["Hubei will act."],
                              release="Release Time99999999999999999999 days ago"),
        "absolute.txt": make_page(title="Hunan plan", region="RegionHunan", body=["Hunan will act."],
                                  release="Release Time9999-12-31"),
    }
    c = load_corpus(write_files(pages), as_of=AS_OF)  # "years.txt" was lost as a parse_error
    a = c.articles.set_index("path")
    assert set(a.index) == set(pages)
    for path in pages:
        assert pd.isna(a.loc[path, "published_min"]), path  # the absurd date is not used
        assert a.loc[path, "published_max"] == pd.Timestamp(AS_OF)  # the capture date still bounds it
        assert problems_of(c, path).get("out_of_range") == "warning", path
        assert "parse_error" not in problems_of(c, path)


@pytest.mark.parametrize("release", ["210604 years ago", "99999999999 months ago", "10**9 weeks ago",
                                     "999999999999999999999999999999 days ago", "2024-13-45", "0000-01-01",
                                     "9999-12-31", "31 December 9999", "300 years ago", "9" * 5000 + " years ago"])
def test_publication_window_never_overflows(release):
    window = publication_window(release, date(2025, 1, 15))
    assert window.start is None and window.end is None and window.note


def test_capture_dates_out_of_range_are_refused(write_files):
    with pytest.raises(ValueError, match="out of range"):
        to_date("0001-01-01")
    root = write_files({"a.txt": make_page(), "manifest.csv": "file,url,captured_on\na.txt,,9999-12-31\n"})
    c = load_corpus(root)  # a manifest's absurd capture date is a warning, not a crash
    assert "manifest" in problems_of(c, "manifest.csv")
    assert pd.isna(c.articles.loc[0, "captured_on"])
    with pytest.raises(ValueError, match="out of range"):
        load_corpus(root, as_of="1066-10-14")


# --------------------------------------------------------------------------- 2. the parse cache


def _entries(cache: Path, suffix: str = ".json") -> list[Path]:
    return sorted(p for p in cache.iterdir() if p.name.endswith(suffix))


def test_cache_entries_are_json_with_hash_and_parser_version(write_files, tmp_path):
    root = write_files({"a.txt": make_page()})
    cache = tmp_path / "cache"
    load_corpus(root, as_of=AS_OF, cache=cache)
    (entry,) = _entries(cache)  # was a pickle
    data = json.loads(entry.read_text(encoding="ascii"))
    assert data["sha256"] == corpus_mod.hashlib.sha256((root / "a.txt").read_bytes()).hexdigest()
    assert data["parser"].startswith(corpus_mod.PARSER_VERSION + ":")
    assert data["key"] == entry.name.removesuffix(".json")


def test_a_crafted_pickle_in_the_cache_runs_no_code(write_files, tmp_path):
    """The old cache loaded ``<key>.pkl`` with pickle: a file dropped there ran code."""
    root = write_files({"a.txt": make_page()})
    cache = tmp_path / "cache"
    cache.mkdir()
    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self):
            return (Path.touch, (marker,))

    data = (root / "a.txt").read_bytes()
    task = corpus_mod.plan_inputs(root, as_of=AS_OF)[0][0]
    (cache / f"{corpus_mod._cache_key(task, data)}.pkl").write_bytes(pickle.dumps(Payload()))
    c = load_corpus(root, as_of=AS_OF, cache=cache)
    assert not marker.exists()
    assert c.articles["path"].tolist() == ["a.txt"]
    assert not _entries(cache, ".pkl")  # entries of the old format are removed


def _corrupt(kind: str, entry: Path, other: Path) -> None:
    data = json.loads(entry.read_text())
    if kind == "garbage":
        entry.write_bytes(b"\x80\x04\x95 not json at all \xff")
    elif kind == "wrong_type":
        entry.write_text("[1, 2, 3]")
    elif kind == "swapped":  # another file's entry under this file's name
        entry.write_bytes(other.read_bytes())
    elif kind == "wrong_hash":
        data["sha256"] = "0" * 64
        entry.write_text(json.dumps(data))
    elif kind == "bad_rows":
        data["sentences"]["text"] = [1] * len(data["sentences"]["para_no"])
        entry.write_text(json.dumps(data))
    elif kind == "no_article":  # the article silently gone
        data.update(article=None, paragraphs={k: [] for k in data["paragraphs"]},
                    sentences={k: [] for k in data["sentences"]}, problems=[])
        entry.write_text(json.dumps(data))
    elif kind == "absurd_numbers":
        data["article"][corpus_mod.ARTICLE_COLUMNS.index("likes")] = 10**30
        entry.write_text(json.dumps(data))
    elif kind == "deep":
        entry.write_text("[" * 100_000 + "]" * 100_000)
    elif kind == "truncated":
        entry.write_bytes(entry.read_bytes()[:40])


@pytest.mark.parametrize("kind", ["garbage", "wrong_type", "swapped", "wrong_hash", "bad_rows", "no_article",
                                  "absurd_numbers", "deep", "truncated"])
def test_a_bad_cache_entry_is_parsed_again_and_reported(write_files, tmp_path, kind):
    root = write_files({"a.txt": make_page(), "b.txt": make_page(title="Hubei plan", region="RegionHubei",
                                                                 body=["Hubei will protect the Yangtze River."])})
    cache = tmp_path / "cache"
    fresh = load_corpus(root, as_of=AS_OF, cache=cache)
    tasks, _ = corpus_mod.plan_inputs(root, as_of=AS_OF)
    names = {t.rel: cache / f"{corpus_mod._cache_key(t, Path(t.path).read_bytes())}.json" for t in tasks}
    _corrupt(kind, names["a.txt"], names["b.txt"])
    again = load_corpus(root, as_of=AS_OF, cache=cache)
    pd.testing.assert_frame_equal(fresh.articles, again.articles)
    pd.testing.assert_frame_equal(fresh.sentences, again.sentences)
    assert problems_of(again, "a.txt") == {"cache_entry_replaced": "warning"}
    assert problems_of(again, "b.txt") == {}
    third = load_corpus(root, as_of=AS_OF, cache=cache)  # the entry was replaced
    assert third.problems.empty


def test_orphan_temporary_files_are_removed_and_live_ones_kept(write_files, tmp_path):
    root = write_files({"a.txt": make_page()})
    cache = tmp_path / "cache"
    cache.mkdir()
    key = "ab" * 32
    dead = cache / f"{key}.json.{2**22 + 12345}.0badc0de.tmp"  # no such process
    old = cache / f"{key}.{os.getpid()}.tmp"  # the old naming, written an hour and more ago
    live = cache / f"{key}.json.{os.getpid()}.feedf00d.tmp"  # being written right now
    mine = cache / "notes.tmp"  # not a name the cache writes
    for path in (dead, old, live, mine):
        path.write_bytes(b"partial")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    load_corpus(root, as_of=AS_OF, cache=cache)
    assert not dead.exists() and not old.exists()
    assert live.exists() and mine.exists()


def test_a_cache_that_cannot_be_written_costs_only_the_reuse(write_files, tmp_path, monkeypatch):
    root = write_files({"a.txt": make_page()})

    def full_disk(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(corpus_mod.os, "replace", full_disk)
    c = load_corpus(root, as_of=AS_OF, cache=tmp_path / "cache")
    assert c.articles["path"].tolist() == ["a.txt"] and c.problems.empty
    assert not list((tmp_path / "cache").iterdir())  # no temporary file left behind


# --------------------------------------------------------------------------- 3. accounting


@pytest.mark.parametrize("files", [{}, {"manifest.csv": "file,url,captured_on\n", "README.md": "notes", ".hidden.txt": "x"}])
def test_an_empty_folder_is_one_clear_error(write_files, files):
    root = write_files(files)
    with pytest.raises(EmptyCorpusError, match="holds no article files") as err:
        load_corpus(root, as_of=AS_OF)
    assert isinstance(err.value, ValueError) and isinstance(err.value, FileNotFoundError)
    assert "\n" not in str(err.value)
    with pytest.raises(ValueError, match="no corpus files"):
        load_corpus([], as_of=AS_OF)


def test_dangling_and_outside_links_are_problems_and_not_followed(write_files, tmp_path):
    root = write_files({"a.txt": make_page()})
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text(make_page(title="A secret plan", body=["The secret plan will be followed by 2030."]))
    os.symlink(secret, root / "outside.txt")
    os.symlink(tmp_path / "missing.txt", root / "dangling.txt")
    os.symlink(root / "dangling.txt", root / "chain.txt")
    os.symlink(root / "loop.txt", root / "loop.txt")
    os.symlink(secret.parent, root / "outside_dir")
    c = load_corpus(root, as_of=AS_OF)
    assert accounted(c) == {"a.txt", "outside.txt", "dangling.txt", "chain.txt", "loop.txt"}
    assert problems_of(c, "outside.txt") == {"outside_link": "error"}
    assert problems_of(c, "dangling.txt") == problems_of(c, "chain.txt") == problems_of(c, "loop.txt") == {
        "dangling_link": "error"}
    assert problems_of(c, "outside_dir") == {"outside_link": "warning"}
    assert not c.paragraphs["text"].str.contains("secret").any()
    followed = load_corpus(root, as_of=AS_OF, follow_links=True)
    assert "outside.txt" in set(followed.articles["path"])
    with pytest.raises(CorpusError, match="chain.txt"):
        load_corpus(root, as_of=AS_OF, errors="raise")


def test_a_duplicate_keeps_the_real_file_and_names_it(write_files):
    page = make_page()
    root = write_files({"b_real.txt": page, "c_copy.txt": page})
    os.symlink(root / "b_real.txt", root / "a_link.txt")  # sorts first, but is a link
    c = load_corpus(root, as_of=AS_OF)
    assert c.articles["path"].tolist() == ["b_real.txt"]
    dups = c.problems.set_index("path")
    for path in ("a_link.txt", "c_copy.txt"):
        assert dups.loc[path, "code"] == "duplicate"
        assert "'b_real.txt', which was kept" in dups.loc[path, "message"]


def test_nul_bytes_in_text_are_removed_with_a_warning_and_binary_is_still_binary(write_files):
    page = make_page().encode("utf-8")
    files = {
        "nul.txt": page[:40] + b"\x00" + page[40:120] + b"\x00\x00" + page[120:],
        "binary.dat": bytes(range(256)) * 40,
        "mostly_nul.txt": b"\x00" * 3000 + page,
        "nul_latin1.txt": b"caf\xe9 \x00" + page,  # not UTF-8: its NUL says binary
        "png.txt": b"\x89PNG\r\n\x1a\n" + page,
    }
    c = load_corpus(write_files(files), as_of=AS_OF)
    assert c.articles["path"].tolist() == ["nul.txt"]
    assert problems_of(c, "nul.txt") == {"nul_bytes": "warning"}
    assert not c.paragraphs["text"].str.contains("\x00").any()
    for path in ("binary.dat", "mostly_nul.txt", "nul_latin1.txt", "png.txt"):
        assert problems_of(c, path) == {"binary": "error"}, path


def test_a_footer_is_no_caption(write_files):
    body = ["Hainan will plant trees by 2027.", "Beautiful Hainan in the morning light", "【Print】【Close】",
            "Print | Close window", "Copyright © 2003-2024 China Environment News Network. All Rights Reserved. "
            "Beijing ICP No. 12345678-1, Public Network Security No. 11010502030143",
            "© 2024 Xinhua", "Copyright protection of ecological patents was strengthened."]
    c = load_corpus(write_files({"a.txt": make_page(body=body)}), as_of=AS_OF)
    paragraphs = c.paragraphs[["kind", "text"]].values.tolist()
    assert paragraphs == [
        ["body", "Hainan will plant trees by 2027."],
        ["caption", "Beautiful Hainan in the morning light"],
        ["body", "Copyright protection of ecological patents was strengthened."],
    ]


def test_a_pipe_in_the_folder_is_a_problem_and_does_not_hang(write_files):
    root = write_files({"a.txt": make_page()})
    os.mkfifo(root / "pipe.txt")
    c = load_corpus(root, as_of=AS_OF)
    assert accounted(c) == {"a.txt", "pipe.txt"}
    assert problems_of(c, "pipe.txt") == {"not_a_file": "error"}


def test_a_pipe_given_as_the_source_is_a_problem_and_does_not_hang(tmp_path):
    """Reading a named pipe waits for a writer: the old loader hung on one for ever."""
    import threading

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    result: dict = {}
    worker = threading.Thread(target=lambda: result.update(c=load_corpus(fifo, as_of=AS_OF)), daemon=True)
    worker.start()
    worker.join(timeout=30)
    hung = worker.is_alive()
    if hung:  # release the reader, so that the test run goes on
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(timeout=30)
    assert not hung
    assert problems_of(result["c"], "pipe.txt") == {"not_a_file": "error"}


# --------------------------------------------------------------------------- 4. linear work


def _best_time(fn, rounds: int = 3) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


#: A clause with two horizons, a change, a base year and a comma, and no full stop.
_UNIT = "by 2027 the city will reduce coal use by 10% and improve air quality compared with 2020, "


def _one_sentence_page(n_bytes: int) -> str:
    return make_page(release=None, body=["Hainan will act " + _UNIT * (n_bytes // len(_UNIT) + 1)])


@pytest.mark.slow
def test_horizon_extraction_is_linear_in_sentence_length():
    """A page without full stops is one sentence: 0.08 s at 10 KB grew to 3.9 s at 80 KB
    (quadratic), and a 1.9 MB page ran past 300 s. Now 20 times the text takes about 20
    times the time (allowed: 60)."""
    small = parse_article(_one_sentence_page(10_000), captured_on=AS_OF)
    large = parse_article(_one_sentence_page(200_000), captured_on=AS_OF)
    assert len(small.sentences) == len(large.sentences) == 1
    extract_horizons(small)  # lexicons loaded
    ratio = _best_time(lambda: extract_horizons(large), 1) / _best_time(lambda: extract_horizons(small))
    assert ratio < 60, ratio


@pytest.mark.slow
def test_dating_a_page_is_linear_in_sentence_length():
    """text_evidence read the rest of the sentence after every year, and looked back for a
    space from the start of the text: quadratic in a sentence without stops or spaces."""
    n = 5_000
    for unit in ("in 2021 the city planted trees ", "2025,"):
        small, large = [unit * (n // len(unit))], [unit * (20 * n // len(unit))]
        text_evidence(small)
        ratio = _best_time(lambda: text_evidence(large), 1) / _best_time(lambda: text_evidence(small))
        assert ratio < 60, (unit, ratio)


def test_a_long_sentence_keeps_its_offsets():
    """A sentence longer than the grammar reads at once is read in pieces: the horizons'
    offsets still point into the whole sentence."""
    filler = "the city will improve the environment and protect the rivers, " * 100  # 6,300 characters
    sentence = f"By 2025 the city will act, {filler}and by 2035 the air will be clean, {filler}by 2050 it ends"
    h = find_horizons(sentence)
    assert h["phrase"].str.lower().tolist() == ["by 2025", "by 2035", "by 2050"]
    for phrase, start, end in h[["phrase", "char_start", "char_end"]].itertuples(index=False):
        assert sentence[start:end].strip() == phrase.strip()
    rows = extract_horizons(parse_article(make_page(body=[sentence]), captured_on=AS_OF))
    text = parse_article(make_page(body=[sentence]), captured_on=AS_OF).sentences["text"].iloc[0]
    for phrase, start, end in rows[["phrase", "char_start", "char_end"]].drop_duplicates().itertuples(index=False):
        assert text[start:end].strip() == phrase
    assert set(rows["target_year"]) == {2025, 2035, 2050}


# --------------------------------------------------------------------------- 5. hostile numbers, generated


_huge = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**80).map(str),
    st.integers(min_value=1, max_value=75).map(lambda n: "9" * n),
    st.sampled_from(["0", "-1", "1e9", "00000000000000000000001", "18446744073709551616", "NaN", ""]),
)
_unit = st.sampled_from(["second", "minute", "hour", "day", "week", "month", "year", "years", "months", "days"])
_ymd = st.tuples(st.integers(0, 99999), st.integers(0, 99), st.integers(0, 99)).map(
    lambda t: f"{t[0]:04d}-{t[1]:02d}-{t[2]:02d}")
_release = st.one_of(
    st.builds(lambda n, u: f"Release Time{n} {u} ago", _huge, _unit),
    _ymd.map(lambda d: f"Release Time{d}"),
    st.just(None),
)
_body_sentence = st.one_of(
    _ymd.map(lambda d: f"On {d} the province held a meeting."),
    st.builds(lambda n: f"In {n} the city planted {n} trees.", _huge),
    st.builds(lambda n: f"By {n}, emissions will fall by {n}% compared with {n}.", _huge),
    st.just("Hainan will build a national ecological civilization pilot zone."),
)
_hostile_page = st.builds(
    lambda release, like, collect, body, date_line: make_page(
        body=[date_line, *body] if date_line else body, release=release,
    ).replace("Like(0)", f"Like({like})").replace("Collect(0)", f"Collect({collect})"),
    _release, _huge, _huge, st.lists(_body_sentence, min_size=1, max_size=3),
    st.one_of(st.none(), _ymd.map(lambda d: f"Date: {d}")),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pages=st.lists(_hostile_page, min_size=1, max_size=4), captured=st.one_of(st.none(), _ymd))
def test_hostile_numbers_never_stop_a_run(tmp_path_factory, pages, captured):
    root = tmp_path_factory.mktemp("hostile")
    names = [f"p{i}.txt" for i in range(len(pages))]
    for name, page in zip(names, pages):
        (root / name).write_text(page, encoding="utf-8")
    if captured is not None:
        (root / "manifest.csv").write_text("file,url,captured_on\n" + "".join(f"{n},,{captured}\n" for n in names))
    c = load_corpus(root, as_of=AS_OF)
    assert accounted(c) == set(names)
    assert c.articles["likes"].dropna().between(0, corpus_mod.MAX_COUNT).all()
    for col in ("published_min", "published_max", "captured_on"):
        days = c.articles[col].dropna()
        assert days.between(pd.Timestamp("1900-01-01"), pd.Timestamp("2199-12-31")).all(), col


# --------------------------------------------------------------------------- 6. a reliability folder


@pytest.fixture
def reliability_folder(tmp_path: Path) -> tuple[Path, dict[str, str | None]]:
    """Every hostile case of this file in one folder: ``(folder, {path: the error code it
    must end with, or None: it must end in articles})``."""
    root = tmp_path / "reliability"
    root.mkdir()
    good = make_page(title="Guizhou plan", region="RegionGuizhou", body=["Guizhou will protect the Chishui River."])
    files: dict[str, str | bytes] = {
        **SEED_PAGES,
        "huge_like.txt": make_page().replace("Like(0)", "Like(100000000000000000000)"),
        "absurd_release.txt": make_page(title="Hubei plan", region="RegionHubei", body=["Hubei will act."],
                                        release="Release Time210604 years ago"),
        "absurd_date.txt": make_page(title="Hunan plan", region="RegionHunan", body=["Hunan will act."],
                                     release="Release Time2024-13-45"),
        "nul.txt": make_page(title="Jilin plan", region="RegionJilin", body=["Jilin will act\x00 by 2030."]).encode(),
        "footer.txt": make_page(title="Gansu plan", region="RegionGansu",
                                body=["Gansu will act.", "【Print】【Close】", "Copyright © 2024 Gansu Daily"]),
        "long_sentence.txt": _one_sentence_page(50_000),
        "real.txt": good,
        "copy.txt": good,
        "binary.dat": bytes(range(256)) * 40,
        "empty.txt": b"",
        "huge.txt": b"Words and more words. " * 100_000,
        "sub/deep.txt": make_page(title="Anhui plan", region="RegionAnhui", body=["Anhui will act."]),
        "manifest.csv": "file,url,captured_on\nhuge_like.txt,,0001-01-01\nnot_here.txt,,2025-01-01\n",
        ".hidden.txt": "not an input",
    }
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    outside = tmp_path / "outside.txt"
    outside.write_text(make_page(title="Outside plan"))
    os.symlink(outside, root / "outside_link.txt")
    os.symlink(tmp_path / "gone.txt", root / "dangling_link.txt")
    os.symlink(root / "real.txt", root / "a_link_to_real.txt")
    os.mkfifo(root / "pipe.txt")
    expected: dict[str, str | None] = {name: None for name in files if name.endswith(".txt") and not name.startswith(".")}
    # of the three copies, "copy.txt" is kept: the first by path that is no link
    expected.update({"real.txt": "duplicate", "a_link_to_real.txt": "duplicate", "binary.dat": "binary",
                     "empty.txt": "empty", "huge.txt": "too_large", "outside_link.txt": "outside_link",
                     "dangling_link.txt": "dangling_link", "pipe.txt": "not_a_file"})
    return root, expected


def _check_accounting(c, expected: dict[str, str | None]) -> None:
    assert accounted(c) == set(expected)
    errors = c.problems[c.problems["severity"] == "error"].set_index("path")["code"].to_dict()
    assert errors == {path: code for path, code in expected.items() if code is not None}
    assert set(c.articles["path"]) == {path for path, code in expected.items() if code is None}


def test_every_file_of_the_reliability_folder_is_accounted_for(reliability_folder, tmp_path):
    root, expected = reliability_folder
    c = load_corpus(root, as_of=AS_OF, max_bytes=1_000_000)
    _check_accounting(c, expected)
    warnings = c.problems[c.problems["severity"] == "warning"].groupby("path")["code"].agg(set).to_dict()
    assert "out_of_range" in warnings["huge_like.txt"] and "out_of_range" in warnings["absurd_release.txt"]
    assert "nul_bytes" in warnings["nul.txt"]
    assert "manifest" in warnings["manifest.csv"]  # the absurd capture date and the missing file
    assert not c.paragraphs["text"].str.contains("Copyright|Print|Outside plan").any()
    # with a cache, then with every entry corrupted: the same tables, each entry reported once
    cache = tmp_path / "cache"
    first = load_corpus(root, as_of=AS_OF, max_bytes=1_000_000, cache=cache)
    for entry in cache.glob("*.json"):
        entry.write_bytes(entry.read_bytes()[: len(entry.read_bytes()) // 2])
    again = load_corpus(root, as_of=AS_OF, max_bytes=1_000_000, cache=cache)
    _check_accounting(again, expected)
    pd.testing.assert_frame_equal(first.articles, again.articles)
    # (a duplicate's row replaces whatever its parse said)
    replaced = set(again.problems.loc[again.problems["code"] == "cache_entry_replaced", "path"])
    assert replaced == {p for p, code in expected.items() if code in (None, "binary", "empty")}
    # the horizons of the long one-sentence page come out, in proportional time
    start = time.perf_counter()
    h = extract_horizons(c)
    assert time.perf_counter() - start < 60
    assert (h["article_id"] == "long_sentence").sum() > 500


def test_the_pipeline_accounts_for_the_reliability_folder_as_load_corpus_does(reliability_folder):
    from helpers.pipeline import run_pipeline

    root, expected = reliability_folder
    tables = run_pipeline(root, as_of=AS_OF, analyses=["theme_scores"], workers=1)
    loaded = load_corpus(root, as_of=AS_OF)
    pd.testing.assert_frame_equal(tables["problems"], loaded.problems)
    pd.testing.assert_frame_equal(tables["articles"], loaded.articles)


@pytest.mark.slow
def test_make_report_on_the_reliability_folder_exits_0_with_every_file_accounted(reliability_folder, tmp_path):
    """The whole report on the hostile folder: every notebook runs, and the problems table
    of the overview names every file that is not an article."""
    from helpers.report import main

    root, expected = reliability_folder
    out = tmp_path / "site"
    assert main(["--corpus", str(root), "--as-of", AS_OF, "--output", str(out), "--no-export"]) == 0
    overview = (out / "01_corpus_overview.html").read_text(encoding="utf-8")
    for path, code in expected.items():
        if code is not None and code != "too_large":  # (the report reads files up to the default size)
            assert path in overview, path
    assert (out / "05_region_comparison.html").is_file()
