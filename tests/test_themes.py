"""Themes: the lexicon and its loader, the matching rules, scores, key tasks and topics,
on the real seeds and on generated text."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure

from helpers.corpus import parse_article
from helpers.lexicons import LexiconError
from helpers.plots import themes as theme_plots
from helpers.themes import (
    EVIDENCE_COLUMNS,
    IGNORE,
    TASK_COLUMNS,
    THEMES,
    cell_evidence,
    dominant_theme,
    fold_phrase,
    fold_token,
    key_tasks,
    load_theme_lexicon,
    text_themes,
    theme_evidence,
    theme_order,
    theme_scores,
    topic_model,
)
from tests.conftest import SHANGHAI, SHANXI, make_page


def lexicon(rows: list[tuple[str, str]] | list[tuple[str, str, float]]) -> pd.DataFrame:
    """A small lexicon table built in code."""
    rows = [r if len(r) == 3 else (*r, 1.0) for r in rows]
    return pd.DataFrame(
        {"theme": [r[0] for r in rows], "phrase": [r[1] for r in rows], "weight": [float(r[2]) for r in rows],
         "note": [""] * len(rows)}
    )


def corpus_of(*paragraphs: str, article_id: str = "gen"):
    return parse_article(make_page(body=list(paragraphs)), article_id=article_id, captured_on="2025-01-15")


@pytest.fixture(scope="module")
def lex() -> pd.DataFrame:
    return load_theme_lexicon()


@pytest.fixture(scope="module")
def seed_scores(seeds):
    return theme_scores(seeds, level="article")


@pytest.fixture(scope="module")
def seed_tasks(seeds):
    return key_tasks(seeds)


# --------------------------------------------------------------------------- the lexicon file


def test_bundled_lexicon_covers_every_theme_richly(lex):
    assert list(lex.columns) == ["theme", "phrase", "weight", "note"]
    assert lex["weight"].dtype == float and (lex["weight"] > 0).all()
    counts = lex[lex["theme"] != IGNORE]["theme"].value_counts()
    assert set(counts.index) == set(THEMES)
    assert counts.min() >= 15, counts.sort_values().head()
    assert theme_order() == list(THEMES)


@pytest.mark.parametrize(
    "phrase, theme",
    [
        ("carbon peak and carbon neutrality", "carbon_climate"),
        ("dual carbon", "carbon_climate"),
        ("national carbon market", "carbon_climate"),
        ("clean energy", "energy_transition"),
        ("blue sky", "air"),
        ("PM2.5", "air"),
        ("clear water", "water"),
        ("river chief", "water"),
        ("pure land", "soil_waste"),
        ("zero-waste city", "soil_waste"),
        ("new pollutants", "soil_waste"),
        ("ecological red line", "ecosystem_biodiversity"),
        ("biodiversity", "ecosystem_biodiversity"),
        ("hidden dangers", "risk_safety"),
        ("green finance", "green_industry_finance"),
        ("green ports", "transport"),
        ("sponge city", "urban_rural"),
        ("law enforcement", "governance_law"),
        ("digital transformation", "science_digital"),
        ("green lifestyle", "public_participation"),
        ("Party committee", "party_leadership"),
        ("Xi Jinping Thought on Ecological Civilization", "party_leadership"),
        ("Yangtze River Delta", "regional_cooperation"),
        ("Belt and Road", "international_cooperation"),
    ],
)
def test_policy_phrases_land_in_their_theme(phrase, theme):
    text = f"We will act on {phrase} this year."
    ev = theme_evidence(corpus_of(text))
    start = text.index(phrase)
    inside = ev[(ev["start"] >= start) & (ev["end"] <= start + len(phrase))]
    assert len(inside) >= 1 and set(inside["theme"]) == {theme}, ev[["phrase", "theme"]]


# --------------------------------------------------------------------------- loader errors


def write_lexicon(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "themes.csv"
    path.write_text("# a comment line\ntheme,phrase,weight,note\n" + body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "body, row, words",
    [
        ("air,air quality,,\ncarbon_climte,carbon market,,\n", 4, ["unknown theme 'carbon_climte'", "carbon_climate"]),
        ("air,air quality,,\n,carbon market,,\n", 4, ["'theme' is empty"]),
        ("air,,,\n", 3, ["'phrase' is empty"]),
        ("air,air quality,,\nwater,Air Quality,,\n", 4, ["row 3", "one theme only"]),
        ("air,air quality,,\nair,air-qualities,,\n", 4, ["row 3", "folded", "Delete one"]),
        ("air,air quality,heavy,\n", 3, ["weight 'heavy'", "positive number"]),
        ("air,air quality,0,\n", 3, ["weight '0'"]),
        ("air,air quality,-1,\n", 3, ["weight '-1'"]),
        ("air,the,,\n", 3, ["no words left"]),
    ],
)
def test_loader_rejects_malformed_rows(tmp_path, body, row, words):
    path = write_lexicon(tmp_path, body)
    with pytest.raises(LexiconError) as err:
        load_theme_lexicon(path)
    msg = str(err.value)
    assert str(path) in msg and f"row {row}" in msg
    for w in words:
        assert w in msg


def test_loader_missing_file_and_column(tmp_path):
    with pytest.raises(LexiconError, match="not found"):
        load_theme_lexicon(tmp_path / "nope.csv")
    path = tmp_path / "bad.csv"
    path.write_text("theme,words\nair,air quality\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="lacks column"):
        load_theme_lexicon(path)


def test_loader_defaults_and_in_code_tables_are_checked_too(tmp_path):
    path = write_lexicon(tmp_path, 'air,air quality,,\nwater,"rivers, lakes",0.5,a note\n')
    lex = load_theme_lexicon(path)
    assert lex["weight"].tolist() == [1.0, 0.5]
    assert lex["phrase"].tolist() == ["air quality", "rivers, lakes"]
    with pytest.raises(LexiconError, match="unknown theme"):
        text_themes(["x"], lexicon=lexicon([("airr", "air")]))
    with pytest.raises(LexiconError, match="one theme only"):
        text_themes(["x"], lexicon=lexicon([("air", "emission"), ("carbon_climate", "emissions")]))


# --------------------------------------------------------------------------- normalisation


@pytest.mark.parametrize(
    "variants",
    [
        ["emission", "emissions", "Emissions"],
        ["city", "cities"],
        ["policy", "policies"],
        ["control", "controls", "controlled", "controlling"],
        ["reduce", "reduces", "reduced", "reducing"],
        ["plan", "plans", "planned", "planning"],
        ["unify", "unified", "unifies"],
        ["approach", "approaches"],
        ["gas", "gases"],
        ["process", "processes"],
        ["recycle", "recycled", "recycling"],
        ["organization", "organisation"],
    ],
)
def test_fold_token_merges_inflections(variants):
    assert len({fold_token(v) for v in variants}) == 1, {v: fold_token(v) for v in variants}


@pytest.mark.parametrize("a, b", [("status", "statu"), ("basis", "basi"), ("air", "airs"), ("water", "wafer")])
def test_fold_token_keeps_words_apart(a, b):
    assert fold_token(a) != fold_token(b) or a == "air"  # "airs" is a plural of "air"


def test_fold_phrase_hyphens_case_articles():
    assert fold_phrase("Low-Carbon Transformation") == fold_phrase("low carbon transformations")
    assert fold_phrase("protection of the ecological environment") == fold_phrase("protection of ecological environment")
    assert fold_phrase("Xi Jinping's important instructions") == fold_phrase("Xi Jinping important instruction")


# --------------------------------------------------------------------------- matching rules


def test_longest_match_wins_and_counts_once():
    lex = lexicon([
        ("carbon_climate", "carbon"),
        ("carbon_climate", "low-carbon"),
        ("carbon_climate", "green and low carbon"),
        ("public_participation", "green and low-carbon lifestyle"),
    ])
    c = corpus_of("Practise a green and low-carbon lifestyle. Build green and low-carbon cities. Cut carbon.")
    ev = theme_evidence(c, lex)
    assert ev["phrase"].tolist() == ["green and low-carbon lifestyle", "green and low carbon", "carbon"]
    assert ev["theme"].tolist() == ["public_participation", "carbon_climate", "carbon_climate"]


def test_partial_overlaps_go_to_the_longest_then_the_leftmost():
    lex = lexicon([("air", "a b"), ("water", "b c d"), ("soil_waste", "d e"), ("transport", "x y"), ("urban_rural", "y z")])
    c = corpus_of("Here a b c d e come. Then x y z go.")
    ev = theme_evidence(c, lex)
    # "b c d" is longest and hides both neighbours; "x y" and "y z" tie, the leftmost wins.
    assert ev["phrase"].tolist() == ["b c d", "x y"]


def test_a_shorter_phrase_outside_the_winner_still_counts():
    # "a b c d" beats "d e f"; "e f" is inside the loser but clear of the winner, so it counts.
    lex = lexicon([("air", "a b c d"), ("water", "d e f"), ("soil_waste", "e f")])
    ev = theme_evidence(corpus_of("So a b c d e f end."), lex)
    assert ev["phrase"].tolist() == ["a b c d", "e f"]


def test_word_boundaries_case_and_sentences():
    lex = lexicon([("air", "air"), ("water", "sea water")])
    c = corpus_of("The AIR over the airport. Repair the chair. Fair air. By the sea. Water is clear.")
    ev = theme_evidence(c, lex)
    assert ev["matched"].tolist() == ["AIR", "air"]  # not "airport", "Repair", "chair", "Fair"
    assert "sea water" not in ev["phrase"].tolist()  # "sea. Water" spans two sentences


def test_ignore_phrases_block_without_counting():
    lex = lexicon([("transport", "road"), (IGNORE, "road map")])
    c = corpus_of("The road map is clear. Build a new road.")
    ev = theme_evidence(c, lex)
    assert ev["matched"].tolist() == ["road"] and ev["sent_no"].tolist() == [2]
    assert theme_order(lex) == ["transport"]


def test_evidence_offsets_point_at_the_text(seeds):
    ev = theme_evidence(seeds)
    assert list(ev.columns) == EVIDENCE_COLUMNS
    text = seeds.sentences.set_index(["article_id", "sent_no"])["text"]
    for row in ev.itertuples():
        assert text.loc[(row.article_id, row.sent_no)][row.start : row.end] == row.matched
    assert ev.equals(theme_evidence(seeds))  # deterministic
    para = theme_evidence(seeds, level="paragraph")
    ptext = seeds.paragraphs.set_index(["article_id", "para_no"])["text"]
    assert all(ptext.loc[(r.article_id, r.para_no)][r.start : r.end] == r.matched for r in para.itertuples())
    assert para["sent_no"].isna().all()


# --------------------------------------------------------------------------- what the seeds must show


def test_shanxi_enumerates_six_key_tasks(seed_tasks):
    t = seed_tasks[seed_tasks["article_id"] == SHANXI]
    assert list(t.columns) == TASK_COLUMNS
    assert t["ordinal"].tolist() == [1, 2, 3, 4, 5, 6]
    assert t["list_no"].nunique() == 1
    assert t["marker"].tolist()[0] == "The first is to" and t["marker"].tolist()[-1] == "Sixth,"
    first = t.iloc[0]
    assert first["lead_clause"] == "accelerate the green and low-carbon transformation of development methods"
    assert first["text"].startswith("The first is to") and "urban and rural construction" in first["text"]
    assert "The second is to" not in first["text"]
    assert t.iloc[-1]["text"].endswith("serve and support the construction of beautiful Shanxi.")


def test_shanxi_task_themes_read_like_the_plan(seed_tasks):
    themes = seed_tasks[seed_tasks["article_id"] == SHANXI]["theme"].tolist()
    # 1 green and low-carbon transformation; 2 the battle against pollution; 3 the bottom line
    # of safety; 4 ecosystem stability; 5 joint construction, green living, participation;
    # 6 the guarantee system (institutions and mechanisms).
    assert themes[0] == "carbon_climate"
    assert themes[1] in {"air", "water", "soil_waste", "governance_law"}
    assert themes[2:] == ["risk_safety", "ecosystem_biodiversity", "public_participation", "governance_law"]


def test_shanghai_enumerates_slogan_tasks(seed_tasks):
    t = seed_tasks[seed_tasks["article_id"] == SHANGHAI]
    assert t["marker"].tolist() == ["Stick to", "Focusing on", "Serve", "Strengthen", "Pay attention to"]
    assert t["ordinal"].tolist() == [1, 2, 3, 4, 5] and set(t["style"]) == {"slogan"}
    assert t.iloc[0]["lead_clause"].startswith('Stick to the "bottom line red line"')
    assert t["theme"].tolist()[0] == "risk_safety"
    assert t["theme"].tolist()[1] in {"air", "water", "soil_waste", "governance_law"}
    assert t["theme"].tolist()[3] == "regional_cooperation"


def test_shanghai_leans_on_pollution_and_governance(seed_scores):
    sh = seed_scores[seed_scores["article_id"] == SHANGHAI].set_index("theme")
    sx = seed_scores[seed_scores["article_id"] == SHANXI].set_index("theme")
    top = sh.sort_values("score", ascending=False, kind="stable").index[:5].tolist()
    assert top[0] == "governance_law"
    assert {"air", "water", "soil_waste"} & set(top)
    for medium in ("air", "water", "soil_waste"):
        assert sh.loc[medium, "per_1k_words"] > sx.loc[medium, "per_1k_words"]
    assert sx.sort_values("score", ascending=False, kind="stable").index[0] == "carbon_climate"


# --------------------------------------------------------------------------- scores


@pytest.mark.parametrize("level, keys", [("paragraph", ["article_id", "para_no"]), ("article", ["article_id"]), ("region", ["region"])])
def test_scores_are_complete_and_consistent(seeds, level, keys):
    s = theme_scores(seeds, level=level)
    assert list(s.columns) == keys + ["theme", "hits", "score", "words", "per_1k_words", "share"]
    n_units = len(s[keys].drop_duplicates())
    assert len(s) == n_units * len(THEMES)
    assert s.groupby(keys, sort=False)["theme"].apply(list).tolist() == [list(THEMES)] * n_units
    totals = s.groupby(keys)["share"].sum()
    assert np.allclose(totals[totals > 0], 1.0)
    assert np.allclose(s["per_1k_words"], s["score"] * 1000 / s["words"])
    assert s["hits"].sum() == len(theme_evidence(seeds))
    assert s.equals(theme_scores(seeds, level=level, evidence=theme_evidence(seeds)))
    assert s[keys].equals(s[keys].sort_values(keys, kind="stable"))


def test_scores_article_words_match_the_corpus(seeds, seed_scores):
    words = seed_scores.drop_duplicates("article_id").set_index("article_id")["words"]
    assert words.to_dict() == seeds.articles.set_index("article_id")["n_words"].to_dict()
    regions = theme_scores(seeds, level="region")
    assert set(regions["region"]) == {"Shanghai", "Shanxi"}


def test_scores_keep_units_without_hits_and_reject_bad_levels():
    c = corpus_of("Nothing here matches at all.", "Improve air quality.")
    s = theme_scores(c, level="paragraph")
    assert s.groupby("para_no")["hits"].sum().tolist() == [0, 1]
    assert (s[s["para_no"] == 1]["share"] == 0).all()
    with pytest.raises(ValueError, match="level"):
        theme_scores(c, level="sentence")


def test_dominant_theme_breaks_ties_by_lexicon_order():
    lex = lexicon([("water", "river"), ("air", "smog")])
    c = corpus_of("Smog and a river.", "A river.", "Nothing.")
    d = dominant_theme(theme_scores(c, lex, level="paragraph"))
    assert d["theme"].tolist() == ["water", "water", None]
    assert text_themes(["Smog and a river.", "smog", "", None], lexicon=lex) == ["water", "air", None, None]


def test_text_themes_weights_decide():
    lex = lexicon([("party_leadership", "party", 0.5), ("air", "smog", 1.0)])
    assert text_themes(["The party and smog."], lexicon=lex) == ["air"]
    assert text_themes(["The party, the party and smog."], lexicon=lex) == ["party_leadership"]  # a tie
    assert text_themes(["The party, the party, the party and smog."], lexicon=lex) == ["party_leadership"]


def test_cell_evidence_explains_top_cells(seeds):
    ev = theme_evidence(seeds)
    regions = theme_scores(seeds, level="region", evidence=ev)
    cells = cell_evidence(seeds, ev, regions, n_cells=4)
    assert list(cells.columns) == ["region", "theme", "hits", "per_1k_words", "phrases", "example"]
    assert cells["per_1k_words"].is_monotonic_decreasing and len(cells) == 4
    assert cells["example"].str.contains(r"\[.+\]").all()
    assert not cells["example"].str.contains("…").any()  # the whole sentence, never cut mid-word


# --------------------------------------------------------------------------- generated text


def test_key_tasks_on_generated_enumerations():
    cases = {
        "First, improve air quality. Second, protect rivers and lakes; third, build sponge cities.": (3, ["air", "water", "urban_rural"]),
        "Work on fronts: one is to build the carbon market; two is to expand wind power; three is to protect wetlands.": (
            3, ["carbon_climate", "energy_transition", "ecosystem_biodiversity"]),
        "The tasks are as follows, the first is to promote green finance, the second is to strengthen law enforcement, and the third is to improve monitoring.": (
            3, ["green_industry_finance", "governance_law", "governance_law"]),
        "Firstly, accelerate the energy transition. Secondly, build charging piles. Finally, carry out publicity for the whole society.": (
            3, ["energy_transition", "transport", "public_participation"]),
    }
    for text, (n, themes) in cases.items():
        t = key_tasks(corpus_of(text))
        assert t["ordinal"].tolist() == list(range(1, n + 1)), text
        assert t["theme"].tolist() == themes, text
        assert not t["lead_clause"].str.contains(r"(?:,|;|\band)$").any()


def test_key_tasks_numbered_paragraphs_and_headings():
    t = key_tasks(corpus_of("(1) Improve air quality.", "(2) Protect drinking water sources.", "(3) Control soil pollution."))
    assert t["marker"].tolist() == ["(1)", "(2)", "(3)"] and t["para_no"].tolist() == [1, 2, 3]
    assert t["theme"].tolist() == ["air", "water", "soil_waste"]
    t = key_tasks(corpus_of("1. Improve air quality", "Cut PM2.5 and ozone.", "2. Protect water", "Clean rivers."))
    assert t["lead_clause"].tolist() == ["Improve air quality", "Protect water"]
    assert t.iloc[1]["text"].endswith("Clean rivers.")


def test_key_tasks_ignore_stray_ordinals():
    c = corpus_of(
        "This is a first-class park. The second batch of pilots starts soon. Second, nothing came first.",
        "Two of the cities act. One city is greener.",
    )
    assert key_tasks(c).empty
    assert list(key_tasks(c).columns) == TASK_COLUMNS


def test_slogan_tasks_need_a_run_of_three():
    two = corpus_of('Stick to the "bottom line" and prevent risks.', 'Serve the "overall situation" and grow.', "We will do more.")
    assert key_tasks(two).empty
    three = corpus_of('Stick to the "bottom line" and prevent risks.', 'Serve the "overall situation" and grow.',
                      'Strengthen "co-protection" with neighbours.', 'The "plan" was released.')
    t = key_tasks(three)
    assert t["marker"].tolist() == ["Stick to", "Serve", "Strengthen"]


_LEX = load_theme_lexicon()
_PHRASES = _LEX[_LEX["theme"] != IGNORE].reset_index(drop=True)


def _variant(phrase: str, style: int) -> str:
    if style == 1:
        return phrase.upper()
    if style == 2:
        return phrase.title()
    if style == 3:
        return phrase.replace("-", " ")
    if style == 4:
        words = phrase.split(" ")
        last = words[-1]
        if last.isalpha() and len(last) > 3 and last[-1] not in "sxyzeh" and last.islower():
            words[-1] = last + "s"
        return " ".join(words)
    return phrase


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=len(_PHRASES) - 1), st.integers(min_value=0, max_value=4))
def test_every_phrase_is_found_in_its_variants(i, style):
    phrase, theme = _PHRASES.loc[i, "phrase"], _PHRASES.loc[i, "theme"]
    written = _variant(phrase, style)
    text = f"Zorblat quibbed {written} yesterday"
    ev = theme_evidence(corpus_of(text + "."), _LEX)
    start = text.index(written)
    hit = ev[(ev["start"] == start) & (ev["end"] == start + len(written))]
    assert hit["phrase"].tolist() == [phrase] and hit["theme"].tolist() == [theme], (written, ev)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(alphabet=st.sampled_from(list("abc -.,;'AirWater\n")), max_size=40), max_size=8))
def test_matching_never_breaks_on_odd_text(texts):
    lex = lexicon([("air", "air"), ("water", "water"), ("soil_waste", "a b c")])
    out = text_themes(texts, lexicon=lex)
    assert len(out) == len(texts)
    for text, theme in zip(texts, out):
        assert theme in {None, "air", "water", "soil_waste"}
        if theme is None:
            assert "air" not in text.lower().split() and "water" not in text.lower().split()


# Words and separators that exercise the token rule's edges: decimals, possessives (also
# before "_"), non-ASCII letters and digits, numerals that are not decimals, the skipped
# articles, lone surrogates, NUL (the matcher's own text separator) and odd whitespace.
_EDGE_WORDS = ["ad", "das", "sad", "d5", "d.5", "ad's", "dad", "a", "the", "An", "sa", "d\u0663", "d\u00e9",
               "\u4e2d", "ads", "add", "d\u00b2", "AD", "d.5.5", "ad\u2019s", "ad's_x", "5.5", "dads", "x.5s"]
_EDGE_SEPS = [" ", " ", "  ", ". ", ", ", "-", "'", ".", "_", "\n", "\x00", "\u3000", "\u2028", "\ud800",
              "\u00e9", ".5", "\u0663", "'s", "\x1c"]
_edge_text = st.lists(st.tuples(st.sampled_from(_EDGE_WORDS), st.sampled_from(_EDGE_SEPS)), max_size=12).map(
    lambda pairs: "".join(w + s for w, s in pairs)
)
_edge_lexicon = st.lists(
    st.tuples(st.sampled_from(["air", "water", IGNORE]), st.lists(st.sampled_from(_EDGE_WORDS), min_size=1, max_size=3)),
    min_size=1, max_size=10,
)


def _reference_matches(texts: list[str], rows: list[tuple[str, str]]) -> list[tuple[int, str, int, int]]:
    """The matching rule of the module docstring, spelled out the slow way: tokenise each
    text with the token pattern, find every phrase, keep the longest then leftmost."""
    from helpers.themes import _TOKEN_SPLIT

    phrases = {tuple(fold_phrase(phrase).split(" ")): (theme, phrase) for theme, phrase in rows}
    out = []
    for i, text in enumerate(texts):
        toks = [(t.start(), t.end(), k) for t in _TOKEN_SPLIT.finditer(text) if (k := fold_token(t.group()))]
        keys = [k for _, _, k in toks]
        found = [
            (a, a + len(p) - 1, p) for p in phrases for a in range(len(keys) - len(p) + 1)
            if tuple(keys[a : a + len(p)]) == p
        ]
        taken: list[tuple[int, int, tuple]] = []
        for a, b, p in sorted(found, key=lambda f: (f[0] - f[1], f[0])):
            if all(b < x or a > y for x, y, _ in taken):
                taken.append((a, b, p))
        for a, b, p in sorted(taken):
            theme, phrase = phrases[p]
            if theme != IGNORE:
                out.append((i, phrase, toks[a][0], toks[b][1]))
    return out


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_edge_text, max_size=8), _edge_lexicon, st.sampled_from([2_000_000, 40, 1]), st.booleans())
def test_matching_equals_the_rule_spelled_out(texts, rows, chunk_chars, narrow_codes):
    import helpers.themes as th

    seen, unique = set(), []
    for theme, words in rows:
        phrase = " ".join(words)
        key = fold_phrase(phrase)
        if key and key not in seen:
            seen.add(key)
            unique.append((theme, phrase))
    if not unique:
        return
    saved = th._CHUNK_CHARS, th._LEAD, th._TAIL
    try:
        th._CHUNK_CHARS = chunk_chars
        if narrow_codes:  # codes three or more characters wide
            th._LEAD, th._TAIL = "AB", "ab"
        th._compile.cache_clear()
        m = th._matcher(lexicon(unique))
        r = th._match(texts, m)
        got = list(zip(r["text"].tolist(), m.phrase[r["pid"]].tolist(), r["start"].tolist(), r["end"].tolist()))
        assert got == _reference_matches(texts, unique)
        fast = th._match(texts, m, offsets=False)
        assert np.array_equal(fast["text"], r["text"]) and np.array_equal(fast["pid"], r["pid"])
        assert all(v.dtype == np.int64 for v in [*r.values(), *fast.values()])
    finally:
        th._CHUNK_CHARS, th._LEAD, th._TAIL = saved
        th._compile.cache_clear()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("aZ09-'. \n_") + ["\u00e9", "\u0663", "\ud800", "\x00"]), max_size=30), max_size=8),
       st.sampled_from([2_000_000, 10]))
def test_sentence_words_count_like_the_corpus(texts, chunk_chars):
    import helpers.themes as th
    from helpers.corpus import Corpus

    saved = th._CHUNK_CHARS
    try:
        th._CHUNK_CHARS = chunk_chars
        got = th._sentence_words(Corpus(None, None, pd.DataFrame({"text": pd.Series(texts, dtype=object)}), None))
    finally:
        th._CHUNK_CHARS = saved
    assert got.dtype == np.int64
    assert got.tolist() == [len(th._WORD.findall(t)) for t in texts]


def test_matching_many_texts_in_chunks_equals_one_by_one(monkeypatch):
    import helpers.themes as th

    texts = [f"Cut PM2.5 in city {i}; protect rivers and new pollutants {i}." for i in range(300)] + ["", "air"]
    whole = text_themes(texts)
    monkeypatch.setattr(th, "_CHUNK_CHARS", 200)
    assert text_themes(texts) == whole
    assert [text_themes([t])[0] for t in texts[:5]] == whole[:5]


# --------------------------------------------------------------------------- topics


def test_topic_model_is_deterministic_and_maps_topics_to_themes(seeds):
    topics, mapping = topic_model(seeds, n_topics=5, random_state=0)
    again, mapping2 = topic_model(seeds, n_topics=5, random_state=0)
    assert topics.equals(again) and mapping.equals(mapping2)
    assert list(topics.columns) == ["topic", "rank", "term", "weight"]
    assert list(mapping.columns) == ["topic", "label", "theme", "overlap", "shared_terms"]
    assert sorted(topics["topic"].unique()) == [1, 2, 3, 4, 5] == mapping["topic"].tolist()
    assert set(mapping["theme"]) <= set(THEMES)
    assert mapping["overlap"].between(0, 1).all()
    assert not topics["term"].isin(["the", "will", "promote", "2027"]).any()
    # The leadership paragraphs form a topic that maps to party_leadership.
    assert "party_leadership" in set(mapping["theme"])


def test_topic_model_on_a_tiny_corpus_fits_fewer_topics():
    topics, mapping = topic_model(corpus_of("Improve air quality and cut smog.", "Protect rivers and lakes."), n_topics=8)
    assert mapping["topic"].tolist() == [1, 2]


# --------------------------------------------------------------------------- plots


def test_plots_return_figures(seeds):
    ev = theme_evidence(seeds)
    region = theme_scores(seeds, level="region", evidence=ev)
    article = theme_scores(seeds, level="article", evidence=ev)
    para = theme_scores(seeds, level="paragraph", evidence=ev)
    topics, mapping = topic_model(seeds)
    for fig in (
        theme_plots.theme_heatmap(region),
        theme_plots.theme_share_bars(article),
        theme_plots.theme_strip(dominant_theme(para)),
        theme_plots.topic_bars(topics, mapping),
    ):
        assert isinstance(fig, Figure)
    assert len(theme_plots.THEME_COLORS) == len(THEMES) == len(set(theme_plots.THEME_COLORS.values()))


def test_an_edited_lexicon_file_is_read_again(tmp_path):
    """The matcher of a lexicon file is kept per content: edit the file and the next call
    matches the new phrases, though the same texts were spelled before."""
    texts = ["Build sponge cities.", "Cut coal use."]
    path = write_lexicon(tmp_path, "urban_rural,sponge city,,\n")
    assert text_themes(texts, lexicon=path) == ["urban_rural", None]
    path.write_text("# edited\ntheme,phrase,weight,note\nenergy_transition,coal,,\n", encoding="utf-8")
    assert text_themes(texts, lexicon=path) == [None, "energy_transition"]
