"""The tokenizer, clause boundaries, token offsets and the stop lists."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from helpers.lexicons import LexiconError, lexicon_path, read_lexicon
from helpers.text import (
    BOUNDARY_MARKS,
    clauses,
    phrase_key,
    stop_lists_summary,
    stopword_sets,
    token_spans,
    split_codes,
    token_stream,
    tokenize,
)

# --------------------------------------------------------------------------- tokenizer


@pytest.mark.parametrize(
    "text, tokens",
    [
        # pollutant codes and numbers stay whole
        ("PM2.5 and PM10 fell", ["pm2.5", "and", "pm10", "fell"]),
        ("CO2, SO2 and NOx", ["co2", "so2", "and", "nox"]),
        ("Take PM2.5 With control.", ["take", "pm2.5", "with", "control"]),
        ("By 2027, 2035 and 2060.", ["by", "2027", "2035", "and", "2060"]),
        ("It fell 3.5 points to 1,000 tonnes", ["it", "fell", "3.5", "points", "to", "1,000", "tonnes"]),
        # percentages: every spelling is one token N%
        ("10% 10 % 10 percent 10 per cent 10 Percent", ["10%"] * 5),
        ("3.5% of GDP; 62% forest", ["3.5%", "of", "gdp", "62%", "forest"]),
        ("the percentage of days", ["the", "percentage", "of", "days"]),
        # numbers glued to a unit stay whole, a spaced unit is a word of its own
        ("30mg and 30 micrograms, the 14th plan, 1.5°C", ["30mg", "and", "30", "micrograms", "the", "14th", "plan", "1.5°c"]),
        # hyphenated compounds: the same tokens as the spaced form
        ("low-carbon", ["low", "carbon"]),
        ("Low Carbon", ["low", "carbon"]),
        ("zero-waste cities, high-quality development", ["zero", "waste", "cities", "high", "quality", "development"]),
        ("the 2021-2025 period", ["the", "2021", "2025", "period"]),
        # ... except after a bound prefix
        ("co-governance and non-road machinery", ["co-governance", "and", "non-road", "machinery"]),
        ("ultra-low emission, e-commerce, eco-environment", ["ultra-low", "emission", "e-commerce", "eco-environment"]),
        # possessives and apostrophes
        ("Shanxi's six key tasks", ["shanxi", "six", "key", "tasks"]),
        ("Shanxi\u2019s plan", ["shanxi", "plan"]),
        ("SHANXI'S PLAN", ["shanxi", "plan"]),
        ("Xi'an and Yan'an", ["xi'an", "and", "yan'an"]),
        ("the enterprises' rights", ["the", "enterprises", "rights"]),
        ("R&D platforms", ["r&d", "platforms"]),
        # quotes and other punctuation are not tokens
        ('the "two establishments" and \u201cfive centers\u201d', ["the", "two", "establishments", "and", "five", "centers"]),
        ("'key little things'", ["key", "little", "things"]),
        ('the "EIA +" project', ["the", "eia", "project"]),
        ("", []),
        ("... ,;: --", []),
    ],
)
def test_tokenize_edge_cases(text, tokens):
    assert tokenize(text) == tokens


def test_low_carbon_spellings_are_one_term():
    assert phrase_key("low-carbon") == phrase_key("low carbon") == phrase_key("Low-Carbon") == "low carbon"
    assert tokenize("green and low-carbon transformation") == tokenize("green and low carbon transformation")


def test_tokenize_real_sentences(seeds):
    text = " ".join(seeds.sentences["text"])
    toks = tokenize(text)
    assert "pm2.5" in toks and "2027" in toks and "2035" in toks and "2024" in toks
    assert "shanxi" in toks and not any(t.endswith("'s") for t in toks)
    assert not any(ch in t for t in toks for ch in ' ",;:()')
    assert all(t == t.lower() for t in toks)
    # "Shanxi's" in the title of the Shanxi article and in Shanghai's "Shanghai's local carbon market"
    assert toks.count("shanghai") == sum(s.lower().count("shanghai") for s in seeds.sentences["text"])


# --------------------------------------------------------------------------- clauses


@pytest.mark.parametrize(
    "text, expected",
    [
        ("cut coal, grow trees", [["cut", "coal"], ["grow", "trees"]]),
        ("cut coal; grow trees: now", [["cut", "coal"], ["grow", "trees"], ["now"]]),
        ("cut coal (by 2027) now", [["cut", "coal"], ["by", "2027"], ["now"]]),
        ('build "zero-waste cities" now', [["build"], ["zero", "waste", "cities"], ["now"]]),
        ("build \u201czero-waste cities\u201d now", [["build"], ["zero", "waste", "cities"], ["now"]]),
        ("coal - and gas \u2014 and oil", [["coal"], ["and", "gas"], ["and", "oil"]]),
        ("urban and rural construction., promote", [["urban", "and", "rural", "construction"], ["promote"]]),
        ("one sentence.\nAnother", [["one", "sentence"], ["another"]]),
        ("A | B / C", [["a"], ["b"], ["c"]]),
        ("PM2.5 fell 3.5% in 2024.", [["pm2.5", "fell", "3.5%", "in", "2024"]]),
        ("R & D + more", [["r", "d", "more"]]),
    ],
)
def test_clauses(text, expected):
    assert clauses(text) == expected


def test_token_stream_marks_are_boundaries():
    stream = token_stream('Cut coal, "grow" trees.')
    assert stream == ["cut", "coal", ",", '"', "grow", '"', "trees", "."]
    assert {t for t in stream if t in BOUNDARY_MARKS} == {",", '"', "."}


# --------------------------------------------------------------------------- offsets


def test_token_spans_offsets_point_at_the_written_token():
    text = "Shanxi\u2019s low-carbon plan: cut PM2.5 by 10 percent (\"zero-waste\")."
    spans = token_spans(text)
    assert [s.token for s in spans] == tokenize(text)
    assert [text[s.start:s.end] for s in spans] == [
        "Shanxi", "low", "carbon", "plan", "cut", "PM2.5", "by", "10 percent", "zero", "waste"]
    assert [s.clause for s in spans] == [0, 0, 0, 0, 1, 1, 1, 1, 2, 2]


def test_token_spans_on_seeds(seeds):
    for text in seeds.sentences["text"]:
        spans = token_spans(text)
        assert [s.token for s in spans] == tokenize(text)
        for s in spans:
            written = text[s.start:s.end]
            assert tokenize(written) == [s.token] or (
                # a bound-prefix compound or a hyphenated word reads the same either way
                phrase_key(written) == phrase_key(s.token)
            )
        clause_of = [s.clause for s in spans]
        assert clause_of == sorted(clause_of)
        assert len(set(clause_of)) == len(clauses(text))


_FRAGMENTS = st.sampled_from([
    "low-carbon", "Low Carbon", "PM2.5", "pm10", "CO2", "Shanxi's", "Shanxi\u2019s", "Xi'an", "10 percent",
    "10 per cent", "10 %", "3.5%", "1,000", "2027", "14th", "co-governance", "non-road", "R&D", "e-commerce",
    "enterprises'", '"', "'", "\u201c", "\u201d", ",", ";", ":", "(", ")", ".", "-", " - ", "\u2014", "+", "&",
    "the", "of", "and", "promote", "green", "Beautiful", "China", "carbon", "peak", "x", "9", "%", "cent",
    "per", "percentage", "\u00b0C", "'s", "s'", "Caf\u00e9", "\u0130stanbul", "a.b", "2.", ".5",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_FRAGMENTS, st.sampled_from(["", " ", " ", "  "])), max_size=25))
def test_offsets_path_agrees_with_counting_path(parts):
    text = "".join(a + b for a, b in parts)
    spans = token_spans(text)
    assert [s.token for s in spans] == tokenize(text)
    for s in spans:
        assert 0 <= s.start < s.end <= len(text)
    # clause numbers rise by one at each run of boundary marks between tokens
    assert len({s.clause for s in spans}) == len(clauses(text))
    assert [t for c in clauses(text) for t in c] == tokenize(text)



@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_FRAGMENTS, st.sampled_from(["", " ", " ", "  ", "\n", "\t"])), max_size=30))
def test_chunked_tokenizer_equals_the_pattern_on_the_whole_text(parts):
    """The fast path (plain words taken as they are, the pattern run chunk by chunk) gives
    exactly what the pattern gives on the whole text."""
    from helpers.text import _PERCENT_RE, _TOKEN_RE, _findall_tokens, _prepare

    low = _prepare("".join(a + b for a, b in parts)).lower()
    low = _PERCENT_RE.sub(r"\1%", low)
    assert _findall_tokens(low) == _TOKEN_RE.findall(low)

# --------------------------------------------------------------------------- stop lists


def test_stop_lists_combine_sklearn_site_and_fillers():
    s = stopword_sets()
    assert set(ENGLISH_STOP_WORDS) - {"system", "bottom", "fire", "interest"} <= s.words
    assert {"system", "bottom"}.isdisjoint(s.words)  # 'keep' rows in stopwords.csv
    assert {"like", "collect", "promote", "strengthen", "comprehensively", "will"} <= s.words
    assert ("china", "carbon", "credit", "platform") in s.phrases and ("release", "time") in s.phrases
    off = stopword_sets(fillers=False)
    assert "promote" not in off.words and "like" in off.words
    assert set(off.table["list"]) == {"scikit-learn", "stopwords.csv"}
    assert set(s.table["list"]) == {"scikit-learn", "stopwords.csv", "policy_fillers.csv"}


def test_lexicon_terms_are_written_as_the_tokenizer_sees_them():
    for name, cols in (("stopwords", ["term", "action"]), ("policy_fillers", ["term"])):
        table = read_lexicon(lexicon_path(name), required=cols, optional=["note", "kind"], unique=["term"])
        for term in table["term"]:
            assert phrase_key(term) == term, f"{name}.csv: '{term}' tokenizes to '{phrase_key(term)}'"


def test_policy_fillers_are_substantial_and_noted():
    table = read_lexicon(lexicon_path("policy_fillers"), required=["term"], optional=["kind", "note"], unique=["term"])
    assert len(table) >= 60
    assert {"will", "promote", "strengthen", "improve", "accelerate", "deepen", "comprehensively"} <= set(table["term"])
    assert (table["kind"] != "").all()


def test_stop_lists_summary_says_what_is_in_force():
    on = stop_lists_summary(fillers=True).set_index("list")
    off = stop_lists_summary(fillers=False).set_index("list")
    assert on.loc["policy_fillers.csv", "in_force"] and not off.loc["policy_fillers.csv", "in_force"]
    assert on.loc["policy_fillers.csv", "entries"] == off.loc["policy_fillers.csv", "entries"] >= 60
    assert on.loc["scikit-learn", "entries"] == len(ENGLISH_STOP_WORDS) - 4
    assert on.loc["stopwords.csv", "phrases"] == 2


def test_bad_stop_list_names_file_and_row(tmp_path):
    bad = tmp_path / "stopwords.csv"
    bad.write_text("term,action,note\nlike,add,\nfoo,drop,\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"stopwords.csv, row 3: action 'drop'"):
        stopword_sets(stopwords_path=bad)
    bad.write_text("term,action,note\nriver chief,keep,\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="row 2: a 'keep' row takes one word"):
        stopword_sets(stopwords_path=bad)
    bad.write_text("term,action,note\n\"...\",add,\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="holds no word"):
        stopword_sets(stopwords_path=bad)


def test_custom_filler_list(tmp_path):
    fill = tmp_path / "fillers.csv"
    fill.write_text("term,kind,note\nconstruction,noun,test\ndo a good job,phrase,test\n", encoding="utf-8")
    s = stopword_sets(fillers_path=fill)
    assert "construction" in s.words and "promote" not in s.words
    assert ("do", "a", "good", "job") in s.phrases


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "ab", "", "é", "北京", "x\udc80", "\x00", "\n"]), max_size=30),
       st.sampled_from([" ", "\n"]))
def test_split_codes_equals_factorize_of_split(pieces, sep):
    """split_codes numbers the pieces as pd.factorize(text.split(sep)) does, for any text,
    including empty pieces, non-ASCII text and lone surrogates (which pyarrow cannot take)."""
    import numpy as np
    import pandas as pd

    text = sep.join(pieces)
    codes, distinct = split_codes(text, sep)
    want_codes, want = pd.factorize(np.array(text.split(sep), dtype=object))
    assert codes.dtype == np.int64
    assert codes.tolist() == want_codes.tolist()
    assert distinct == want.tolist()


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["5", "10", " ", "  ", "%", "per", "cent", "percent", "per cent", "a", "s",
                                 "x", "\u0665", ".", "\n", "recent"]), max_size=40))
def test_percent_signs_equals_the_regex_on_the_whole_text(pieces):
    """The windowed rewrite gives what the regex gives on the whole text, wherever the
    digits, spaces, "%" and "cent" fall (including matches that touch or chain)."""
    from helpers.text import _PERCENT_RE, _percent_signs

    text = "".join(pieces)
    assert _percent_signs(text) == _PERCENT_RE.sub(r"\1%", text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["", "a", "bc", "é", "北京", "\x00", "x\udc80"]), min_size=1, max_size=8),
       st.lists(st.integers(min_value=0, max_value=7), max_size=40))
def test_join_codes_equals_a_python_join(pieces, picks):
    """join_codes reads the joined text out of Arrow's buffer: the same text as a Python
    join, for empty pieces, non-ASCII pieces and lone surrogates alike."""
    import numpy as np

    from helpers.text import join_codes

    codes = np.array([p % len(pieces) for p in picks], dtype=np.int64)
    assert join_codes(pieces, codes) == "".join(pieces[c] for c in codes)
