"""The corpus parser on the real seeds, on generated pages and on broken input."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.corpus import (
    ARTICLE_COLUMNS,
    CorpusError,
    classify_paragraph,
    detect_region,
    load_corpus,
    parse_article,
    source_domain,
    split_sentences,
)
from helpers.paths import RAW_DIR
from tests.conftest import SHANGHAI, SHANXI, make_page

# --------------------------------------------------------------------------- the seeds


def test_seed_articles_metadata(seeds):
    a = seeds.articles.set_index("article_id")
    assert list(seeds.articles.columns) == ARTICLE_COLUMNS
    assert a.loc[SHANXI, "title"] == (
        "Shanxi's six key tasks comprehensively promote the construction of beautiful Shanxi"
    )
    assert a.loc[SHANGHAI, "title"] == (
        "The director of the department talks about the measures | "
        "Strive to write a new chapter in the construction of beautiful Shanghai"
    )
    assert pd.isna(a.loc[SHANXI, "source_raw"]) and pd.isna(a.loc[SHANXI, "source"])
    assert a.loc[SHANGHAI, "source_raw"] == "CenewsComCn"
    assert a.loc[SHANGHAI, "source"] == "cenews.com.cn"
    assert a.loc[SHANXI, "release_raw"] == "3 months ago"
    assert a.loc[SHANGHAI, "release_raw"] == "1 years ago"
    assert (a.loc[SHANXI, "region"], a.loc[SHANXI, "region_basis"], a.loc[SHANXI, "region_iso"]) == (
        "Shanxi", "title", "CN-SX")
    assert (a.loc[SHANGHAI, "region"], a.loc[SHANGHAI, "region_basis"]) == ("Shanghai", "trailer")
    assert (a.loc[SHANGHAI, "likes"], a.loc[SHANGHAI, "collects"]) == (0, 0)
    assert a["site"].eq("China Carbon Credit Platform").all()


def test_seed_publication_windows_from_manifest(seeds):
    a = seeds.articles.set_index("article_id")
    # manifest: captured 2025-01-15; "3 months ago" -> (3, 4] months back, "1 years ago" -> (1, 2] years.
    assert a.loc[SHANXI, "published_min"] == pd.Timestamp("2024-09-16")
    assert a.loc[SHANXI, "published_max"] == pd.Timestamp("2024-10-15")
    assert a.loc[SHANGHAI, "published_min"] == pd.Timestamp("2023-01-16")
    assert a.loc[SHANGHAI, "published_max"] == pd.Timestamp("2024-01-15")


def test_seed_paragraphs_and_captions(seeds):
    p = seeds.paragraphs
    shanghai = p[p.article_id == SHANGHAI]
    assert shanghai["kind"].tolist() == ["caption"] + ["body"] * 7
    assert shanghai.iloc[0]["text"] == "Beautiful Shanghai in the morning light"
    shanxi = p[p.article_id == SHANXI]
    assert shanxi["kind"].tolist() == ["body"] * 3
    assert (p["lang"] == "en").all()
    a = seeds.articles.set_index("article_id")
    assert a.loc[SHANGHAI, "n_paragraphs"] == 8 and a.loc[SHANXI, "n_paragraphs"] == 3


def test_seed_metadata_never_in_body(seeds):
    text = "\n".join(seeds.paragraphs["text"])
    for marker in ("China Carbon Credit Platform", "Release Time", "SourceCenews", "RegionShanghai", "Like(0)",
                   "Collect(0)"):
        assert marker not in text


def test_seed_sentence_counts(seeds):
    counts = seeds.sentences.groupby("article_id").size()
    assert counts[SHANXI] == 19
    assert counts[SHANGHAI] == 25
    a = seeds.articles.set_index("article_id")
    assert a.loc[SHANXI, "n_sentences"] == 19 and a.loc[SHANGHAI, "n_sentences"] == 25
    shanxi = seeds.sentences[seeds.sentences.article_id == SHANXI]["text"].tolist()
    # Ordinal lists are not broken, and each task opens a sentence.
    assert shanxi[7] == "The first is to accelerate the green and low-carbon transformation of development methods."
    assert shanxi[17] == "Sixth, improve the guarantee system for the construction of beautiful Shanxi."
    # Sentence numbers run 1..n within an article.
    for _, group in seeds.sentences.groupby("article_id"):
        assert group["sent_no"].tolist() == list(range(1, len(group) + 1))


def test_seed_scraping_damage_repaired_raw_kept(seeds):
    p = seeds.paragraphs
    para = p[(p.article_id == SHANGHAI) & p.text.str.contains("PM2.5 With control")]
    assert len(para) == 1
    assert "PM2.5With control" in para.iloc[0]["raw_text"]
    shanxi = p[(p.article_id == SHANXI) & (p.para_no == 1)].iloc[0]
    assert '"Implementation Opinions on Comprehensively Promoting the Construction of Beautiful Shanxi" (hereinafter' in (
        shanxi["text"])


def test_seed_corpus_has_no_problems(seeds):
    assert seeds.problems.empty


# --------------------------------------------------------------------------- page variants


def test_header_fields_in_another_order_and_missing_site_line():
    text = "\n".join([
        "Release Time3 weeks ago",
        "Sourcegxt.shaanxi.gov.cn",
        "",
        "Shaanxi issues a notice on ecological protection",
        "",
        "Shaanxi will protect the Qinling Mountains. Xi'an will monitor air quality.",
        "Like(12)",
        "RegionShaanxi",
        "Collect(3)",
    ])
    c = parse_article(text, captured_on="2024-12-31")
    a = c.articles.iloc[0]
    assert a["source"] == "gxt.shaanxi.gov.cn"
    assert a["release_raw"] == "3 weeks ago"
    assert a["region"] == "Shaanxi" and a["region_basis"] == "trailer"
    assert (a["likes"], a["collects"]) == (12, 3)
    assert pd.isna(a["site"])
    assert c.paragraphs["text"].tolist() == [
        "Shaanxi will protect the Qinling Mountains. Xi'an will monitor air quality."]
    assert a["title"] == "Shaanxi issues a notice on ecological protection"


def test_no_site_line_title_first():
    c = parse_article(make_page(site=False), captured_on="2025-01-15")
    assert c.articles.iloc[0]["title"] == "Hainan releases a plan for a beautiful Hainan"
    assert c.paragraphs["kind"].tolist() == ["body", "body"]


def test_text_straight_with_body_has_no_title_and_warns():
    body = ("Hebei will cut PM2.5 by 10% by 2025. Hebei steel mills will finish ultra-low emission retrofits. "
            "Shijiazhuang will lead the work.")
    c = parse_article(body + "\n", captured_on="2025-01-15", path="x.txt")
    assert pd.isna(c.articles.iloc[0]["title"])
    assert c.articles.iloc[0]["region"] == "Hebei"
    assert {"no_title", "no_header"} <= set(c.problems["code"])
    assert c.sentences["text"].tolist()[0] == "Hebei will cut PM2.5 by 10% by 2025."


def test_single_line_breaks_indentation_chinese_and_fragments():
    text = (
        "Sichuan issues plan\nSourceScGovCn\nRelease Time1 month ago\n"
        "\u3000\u3000Sichuan will build a beautiful Sichuan. It will cut carbon.\n"
        "    The Guizhou ProvinceNotification and Chengdu work together.\n"
        "p>Third paragraph keeps its words.</p>\n"
        "中共四川省委 四川省人民政府关于全面推进美丽四川建设的实施意见\n"
        "RegionSichuan\n"
    )
    c = parse_article(text, captured_on="2025-01-15")
    texts = c.paragraphs["text"].tolist()
    assert texts[:3] == [
        "Sichuan will build a beautiful Sichuan. It will cut carbon.",
        "The Guizhou Province Notification and Chengdu work together.",
        "Third paragraph keeps its words.",
    ]
    assert c.paragraphs["lang"].tolist() == ["en", "en", "en", "zh"]
    assert c.articles.iloc[0]["source"] == "sc.gov.cn"
    # The Chinese paragraph is kept but not split into English sentences.
    assert not c.sentences["text"].str.contains("四川").any()
    assert "untranslated" in set(c.problems["code"])


def test_hard_wrapped_lines_are_joined():
    text = make_page(body=[
        "Jiangxi will improve the water quality of Poyang Lake and the main stream of the\n"
        "Ganjiang River, and restore wetlands along the lake shore.",
    ], region="RegionJiangxi")
    c = parse_article(text, captured_on="2025-01-15")
    assert len(c.paragraphs) == 1
    assert "main stream of the Ganjiang River" in c.paragraphs.iloc[0]["text"]


def test_title_cut_off_mid_word_is_kept_and_flagged():
    text = make_page(title="Gansu releases implementation plan for ecologi",
                     body=["Gansu will improve its ecological environment. Lanzhou will lead."], region="RegionGansu")
    c = parse_article(text, captured_on="2025-01-15")
    assert c.articles.iloc[0]["title"] == "Gansu releases implementation plan for ecologi"
    assert "title_truncated" in set(c.problems["code"])


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Beautiful Shanghai in the morning light", "caption"),
        ("Wetlands of Poyang Lake in winter", "caption"),
        ("I. Overall Requirements", "heading"),
        ("(3) Strengthen ecological protection", "heading"),
        ("Main Tasks:", "heading"),
        ("KEY TASKS", "heading"),
        ("Improve the quality of the ecological environment.", "body"),
        ("In 2024, Shanghai will fight pollution with higher standards, and the city will keep going "
         "with many more words in this long paragraph without an end mark", "body"),
    ],
)
def test_classify_paragraph(text, kind):
    assert classify_paragraph(text) == kind


@pytest.mark.parametrize(
    "raw, domain",
    [
        ("CenewsComCn", "cenews.com.cn"),
        ("Sourcegxt.shaanxi.gov.cn"[6:], "gxt.shaanxi.gov.cn"),
        ("MeeGovCn", "mee.gov.cn"),
        ("ChinadailyComCn", "chinadaily.com.cn"),
        ("Xinhua", "Xinhua"),
        (None, None),
    ],
)
def test_source_domain(raw, domain):
    assert source_domain(raw) == domain


def test_body_lines_that_start_like_metadata_stay_body():
    body = [
        "Sources of pollution will be traced along every river. Hainan will act.",
        "Regional cooperation will deepen with Guangdong. Haikou will lead.",
    ]
    c = parse_article(make_page(body=body), captured_on="2025-01-15")
    assert c.paragraphs["text"].tolist() == body
    assert c.articles.iloc[0]["source"] == "cenews.com.cn"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Control PM2.5 and CO2 in No. 1 zone. Next.", ["Control PM2.5 and CO2 in No. 1 zone.", "Next."]),
        ("The rate rose 3.5% to 90.2%. It holds.", ["The rate rose 3.5% to 90.2%.", "It holds."]),
        ('He said "it is done." Then we left.', ['He said "it is done."', "Then we left."]),
        ("The first is to act. The second is to build. Sixth, improve.",
         ["The first is to act.", "The second is to build.", "Sixth, improve."]),
        ("Is it done? Yes! Go on.", ["Is it done?", "Yes!", "Go on."]),
    ],
)
def test_split_sentences(text, expected):
    assert split_sentences(text) == expected


# --------------------------------------------------------------------------- regions


@pytest.mark.parametrize(
    "title, body, trailer, expected",
    [
        (None, "", "Shanghai", ("Shanghai", "trailer")),
        (None, "", "Nei Mongol", ("Inner Mongolia", "trailer")),
        (None, "", "National", ("national", "trailer")),
        ("Shaanxi protects the Qinling", "", None, ("Shaanxi", "title")),
        ("Beautiful Shanxi in three stages", "", None, ("Shanxi", "title")),
        ("Xizang sets ecological red lines", "", None, ("Tibet", "title")),
        ("Guangxi Zhuang Autonomous Region plan", "", None, ("Guangxi", "title")),
        ("Macau and the Greater Bay Area", "", None, ("Macao", "title")),
        ("Shenzhen issues carbon rules", "", None, ("Guangdong", "title")),
        ("Opinions on building a Beautiful China", "Beijing hosted it.", None, ("national", "national")),
        ("A new plan", "Hubei will act. Wuhan will lead. Hubei will cut. Hunan helps.", None, ("Hubei", "body")),
        ("A new plan", "The Central Committee and the State Council issued opinions.", None, ("national", "national")),
        ("A new plan", "Nothing here names a place.", None, ("unknown", "none")),
    ],
)
def test_detect_region(title, body, trailer, expected):
    assert detect_region(title, body, trailer)[:2] == expected


def test_region_gazetteer_is_complete():
    from helpers.lexicons import load_regions

    regions = load_regions()
    assert len(regions) == 34
    assert regions["kind"].value_counts().to_dict() == {
        "province": 23, "autonomous region": 5, "municipality": 4, "special administrative region": 2}
    iso = regions.set_index("region")["iso_code"]
    assert (iso["Shanxi"], iso["Shaanxi"], iso["Tibet"], iso["Inner Mongolia"]) == ("CN-SX", "CN-SN", "CN-XZ", "CN-NM")


def test_region_lexicon_errors_name_file_and_row(tmp_path):
    from helpers.lexicons import LexiconError, load_regions

    bad = tmp_path / "regions.csv"
    bad.write_text("region,iso_code,kind,name_zh,aliases,cities\nShanxi,CN-SX,province,山西,,\n"
                   "Shaanxi,CN-SN,state,陕西,,\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"regions.csv, row 3: kind 'state'"):
        load_regions(bad)
    bad.write_text("region,iso_code,kind,name_zh,aliases,cities\nShanxi,CN-SX,province,山西,Jin,\n"
                   "Shaanxi,CN-SN,province,陕西,Jin,\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"row 3: name 'Jin' is also used by Shanxi"):
        load_regions(bad)


def test_an_edited_region_gazetteer_is_read_again(tmp_path):
    """The gazetteer is remembered, but an edit of its file is noticed at the next article."""
    regions = tmp_path / "regions.csv"
    header = "region,iso_code,kind,name_zh,aliases,cities\n"
    regions.write_text(header + "Shanxi,CN-SX,province,山西,,\n", encoding="utf-8")
    assert detect_region("Plan for Jinzhong", "", regions_path=regions)[:2] == ("unknown", "none")
    assert detect_region("Plan for Jinzhong", "", regions_path=str(regions))[:2] == ("unknown", "none")
    regions.write_text(header + "Shanxi,CN-SX,province,山西,,Jinzhong|Taiyuan\n", encoding="utf-8")
    assert detect_region("Plan for Jinzhong", "", regions_path=regions)[:2] == ("Shanxi", "title")


def test_lexicon_path_follows_the_lexicon_folder(monkeypatch, tmp_path):
    """``lexicon_path`` remembers the paths it built, but still reads the default folder at
    each call."""
    from helpers import lexicons

    default = lexicons.lexicon_path("regions")
    assert default == lexicons.LEXICON_DIR / "regions.csv" and lexicons.lexicon_path("regions.csv") == default
    monkeypatch.setattr(lexicons, "LEXICON_DIR", tmp_path)
    assert lexicons.lexicon_path("regions") == tmp_path / "regions.csv"
    assert lexicons.lexicon_path("regions", "elsewhere") == Path("elsewhere/regions.csv")


# --------------------------------------------------------------------------- broken input

SEED_TEXT = (RAW_DIR / f"{SHANGHAI}.txt").read_text(encoding="utf-8")


def _broken_inputs() -> dict[str, bytes]:
    return {
        "empty.txt": b"",
        "blank.txt": b"  \n\n \r\n",
        "binary.dat": bytes(range(256)) * 40,
        "scan.pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        "image.txt": b"\x89PNG\r\n\x1a\n" + b"\x00" * 50,
        "huge.txt": b"Words and more words. " * 120_000,
        "chinese.txt": "美丽中国建设\n\n到2035年，美丽中国目标基本实现。\n".encode("utf-8"),
        "dup_of_good.txt": SEED_TEXT.encode("utf-8"),
    }


def _good_inputs() -> dict[str, bytes]:
    return {
        "good.txt": SEED_TEXT.encode("utf-8"),
        "utf16.txt": SEED_TEXT.replace("Shanghai", "Guangdong").encode("utf-16"),
        "utf16_nobom.txt": SEED_TEXT.replace("Shanghai", "Hainan").encode("utf-16-le"),
        "bom.txt": b"\xef\xbb\xbf" + SEED_TEXT.replace("Shanghai", "Fujian").encode("utf-8"),
        "crlf.txt": SEED_TEXT.replace("Shanghai", "Jiangsu").replace("\n", "\r\n").encode("utf-8"),
        "cr.txt": SEED_TEXT.replace("Shanghai", "Zhejiang").replace("\n", "\r").encode("utf-8"),
        "gbk.txt": make_page("Hubei plans a beautiful Hubei", body=[
            "Hubei will protect the Yangtze River. Wuhan will lead the work.",
            "湖北省生态环境厅发布了新的规划。",
        ], region="RegionHubei").encode("gbk"),
        "page.html": (
            "<!DOCTYPE html><html><head><title>t</title><script>var x = 1;</script></head><body>"
            "<div>China Carbon Credit Platform</div><h1>Yunnan protects biodiversity</h1>"
            "<div>Release Time2 weeks ago</div><p>Yunnan will protect biodiversity by 2030.</p>"
            "<p>Kunming builds <b>national parks</b> &amp; corridors.</p><div>RegionYunnan</div></body></html>"
        ).encode("utf-8"),
        "noheader.txt": b"Hebei will cut coal use. Hebei steel mills will retrofit. Shijiazhuang leads.\n",
    }


def test_broken_folder_reports_each_broken_file_and_loads_the_good(write_files):
    files = {**_broken_inputs(), **_good_inputs()}
    root = write_files(files)
    c = load_corpus(root, as_of="2025-01-15", max_bytes=1_000_000)
    errors = c.problems[c.problems.severity == "error"]
    # One error row per broken file; the duplicate is whichever of the pair sorts second.
    assert sorted(errors["path"]) == sorted(set(_broken_inputs()) - {"dup_of_good.txt"} | {"good.txt"})
    assert errors.set_index("path").loc["good.txt", "code"] == "duplicate"
    assert "dup_of_good.txt" in errors.set_index("path").loc["good.txt", "message"]
    codes = errors.set_index("path")["code"].to_dict()
    assert codes["empty.txt"] == codes["blank.txt"] == "empty"
    assert codes["binary.dat"] == codes["scan.pdf"] == codes["image.txt"] == "binary"
    assert codes["huge.txt"] == "too_large"
    assert codes["chinese.txt"] == "no_text"
    a = c.articles.set_index("path")
    assert set(a.index) == set(_good_inputs()) - {"good.txt"} | {"dup_of_good.txt"}
    assert a.loc["utf16.txt", "region"] == "Guangdong" and a.loc["utf16.txt", "n_sentences"] == 25
    assert a.loc["utf16_nobom.txt", "region"] == "Hainan" and a.loc["utf16_nobom.txt", "n_sentences"] == 25
    assert a.loc["bom.txt", "title"].endswith("beautiful Fujian")
    assert a.loc["crlf.txt", "n_paragraphs"] == a.loc["cr.txt", "n_paragraphs"] == 8
    assert a.loc["gbk.txt", "encoding"] == "gb18030" and a.loc["gbk.txt", "region"] == "Hubei"
    assert a.loc["page.html", "title"] == "Yunnan protects biodiversity"
    assert a.loc["page.html", "region"] == "Yunnan"
    html_text = c.paragraphs[c.paragraphs.article_id == "page"]["text"].tolist()
    assert html_text == ["Yunnan will protect biodiversity by 2030.", "Kunming builds national parks & corridors."]
    assert a.loc["noheader.txt", "region"] == "Hebei"
    # Every message is plain language and names no Python internals.
    assert not c.problems["message"].str.contains("Traceback|Error\\(|object at").any()


def test_errors_raise_names_the_file(write_files):
    root = write_files({"a_good.txt": SEED_TEXT, "b_empty.txt": b""})
    with pytest.raises(CorpusError, match=r"b_empty.txt: the file is empty"):
        load_corpus(root, errors="raise")
    with pytest.raises(ValueError, match="errors must be"):
        load_corpus(root, errors="ignore")
    with pytest.raises(FileNotFoundError, match="does not exist"):
        load_corpus(root / "missing")


def test_single_file_and_list_of_paths(write_files):
    root = write_files({"a.txt": make_page(), "sub/b.txt": make_page(title="Hubei plan", region="RegionHubei",
                                                                      body=["Hubei will act on the Yangtze."])})
    one = load_corpus(root / "a.txt", as_of="2025-01-15")
    assert one.articles["article_id"].tolist() == ["a"]
    many = load_corpus([root / "a.txt", root / "sub" / "b.txt"], as_of="2025-01-15")
    assert many.articles["path"].tolist() == ["a.txt", "sub/b.txt"]
    folder = load_corpus(root, as_of="2025-01-15")
    assert folder.articles["article_id"].tolist() == ["a", "sub_b"]


def test_manifest_dates_and_missing_capture_date(write_files):
    root = write_files({
        "a.txt": make_page(release="Release Time1 month ago"),
        "b.txt": make_page(title="Hubei plan", release="Release Time2 days ago", region="RegionHubei",
                           body=["Hubei will protect the Yangtze River."]),
        "manifest.csv": "file,url,captured_on\na.txt,https://example.org/a,2024-03-31\nc.txt,,2024-01-01\n"
                        "b.txt,,not-a-date\n",
    })
    c = load_corpus(root)
    a = c.articles.set_index("path")
    assert a.loc["a.txt", "published_max"] == pd.Timestamp("2024-02-29")
    assert a.loc["a.txt", "published_min"] == pd.Timestamp("2024-02-01")
    assert a.loc["a.txt", "url"] == "https://example.org/a"
    assert pd.isna(a.loc["b.txt", "published_min"]) and pd.isna(a.loc["b.txt", "published_max"])
    messages = " ".join(c.problems["message"])
    assert "'c.txt', which is not in the folder" in messages
    assert "not-a-date" in messages
    assert "capture date is unknown" in messages
    # as_of fills in where the manifest does not date a file.
    dated = load_corpus(root, as_of="2025-01-15").articles.set_index("path")
    assert dated.loc["b.txt", "published_min"] == pd.Timestamp("2025-01-13")


def test_article_ids_are_unique_and_stable(write_files):
    root = write_files({"Plan A.txt": make_page(), "plan_a.html": make_page(title="Hubei", region="RegionHubei",
                                                                            body=["Hubei will act now."])})
    c = load_corpus(root, as_of="2025-01-15")
    assert c.articles["article_id"].tolist() == ["plan_a", "plan_a_2"]
    assert load_corpus(root, as_of="2025-01-15").articles.equals(c.articles)


# --------------------------------------------------------------------------- invariant

_page = st.builds(
    make_page,
    title=st.sampled_from(["Hainan plan", "Shanxi's tasks", "", "A plan for ecologi"]),
    body=st.lists(st.text(min_size=0, max_size=120), min_size=1, max_size=4),
    site=st.booleans(),
    source=st.sampled_from([None, "SourceCenewsComCn", "Sourcegxt.shaanxi.gov.cn"]),
    release=st.sampled_from([None, "Release Time3 months ago", "Release Timeyesterday", "Release Timegarbage"]),
    region=st.sampled_from([None, "RegionShanghai", "RegionAtlantis"]),
    trailer=st.booleans(),
    sep=st.sampled_from(["\n\n", "\n", "\r\n"]),
)
_content = st.one_of(
    _page.map(lambda s: s.encode("utf-8")),
    _page.map(lambda s: s.encode("utf-16")),
    _page.map(lambda s: s.encode("gb18030")),
    st.binary(max_size=300),
    st.text(max_size=300).map(lambda s: s.encode("utf-8")),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_content, min_size=1, max_size=6))
def test_every_file_ends_in_articles_or_problems(tmp_path_factory, contents):
    root = tmp_path_factory.mktemp("gen")
    names = [f"f{i}.txt" for i in range(len(contents))]
    for name, data in zip(names, contents):
        (root / name).write_bytes(data)
    c = load_corpus(root, as_of="2025-01-15")
    in_articles = set(c.articles["path"])
    in_errors = set(c.problems.loc[c.problems.severity == "error", "path"])
    assert in_articles.isdisjoint(in_errors)
    assert in_articles | in_errors == set(names)
    assert len(c.articles) == len(in_articles)
    assert set(c.paragraphs["article_id"]) <= set(c.articles["article_id"])
    assert set(c.sentences["article_id"]) <= set(c.articles["article_id"])


# --------------------------------------------------------------------------- speed paths


def test_parallel_parse_equals_serial(write_files):
    files = {f"a{i:03d}.txt": make_page(title=f"Plan {i} for Hainan", body=[f"Hainan will plant {i} trees. Good."])
             for i in range(80)}
    files["broken.txt"] = b""
    root = write_files(files)
    serial = load_corpus(root, as_of="2025-01-15", workers=1)
    parallel = load_corpus(root, as_of="2025-01-15", workers=2)
    for name in ("articles", "paragraphs", "sentences", "problems"):
        pd.testing.assert_frame_equal(getattr(serial, name), getattr(parallel, name))


def test_cache_reuses_unchanged_and_reparses_changed_files(write_files, tmp_path):
    root = write_files({"a.txt": make_page(), "b.txt": make_page(title="Hubei plan", region="RegionHubei",
                                                                 body=["Hubei will protect the Yangtze River."])})
    cache = tmp_path / "cache"
    first = load_corpus(root, as_of="2025-01-15", cache=cache)
    entries = sorted(p.name for p in cache.iterdir())
    assert len(entries) == 2
    stamps = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    again = load_corpus(root, as_of="2025-01-15", cache=cache)
    pd.testing.assert_frame_equal(first.articles, again.articles)
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == stamps  # nothing rewritten
    (root / "b.txt").write_text(make_page(title="Hunan plan", region="RegionHunan", body=["Hunan will act."]),
                                encoding="utf-8")
    changed = load_corpus(root, as_of="2025-01-15", cache=cache)
    assert changed.articles.set_index("path").loc["b.txt", "region"] == "Hunan"
    assert changed.articles.set_index("path").loc["a.txt", "region"] == "Hainan"
    assert len(list(cache.iterdir())) == 3


def test_capture_date_in_the_cache_key(write_files, tmp_path):
    root = write_files({"a.txt": make_page()})
    cache = tmp_path / "cache"
    early = load_corpus(root, as_of="2025-01-15", cache=cache).articles.iloc[0]["published_max"]
    late = load_corpus(root, as_of="2025-06-15", cache=cache).articles.iloc[0]["published_max"]
    assert early == pd.Timestamp("2025-01-01") and late == pd.Timestamp("2025-06-01")


def test_repr_summarises():
    c = parse_article(make_page(), captured_on=date(2025, 1, 15))
    assert repr(c).startswith("Corpus(1 articles, 2 paragraphs, 3 sentences")
    assert os.fspath(RAW_DIR).endswith("data/raw")
    assert isinstance(RAW_DIR, Path)


def test_a_parser_failure_on_one_page_is_a_problem_row_not_a_crash(write_files, monkeypatch):
    """An unforeseen error while parsing one page becomes that file's ``parse_error`` row;
    the other files still load, on one process and on several."""
    import helpers.corpus as corpus_mod

    real = corpus_mod.detect_region

    def flaky(title, body, *args, **kwargs):
        if title and "Poison" in title:
            raise RuntimeError("boom")
        return real(title, body, *args, **kwargs)

    monkeypatch.setattr(corpus_mod, "detect_region", flaky)
    folder = write_files({
        "good.txt": make_page(),
        "bad.txt": make_page("Poison plan for a beautiful Hainan"),
    })
    corpus = load_corpus(folder, as_of="2025-01-15")
    assert corpus.articles["article_id"].tolist() == ["good"]
    row = corpus.problems.set_index("path").loc["bad.txt"]
    assert (row["severity"], row["code"]) == ("error", "parse_error")
    assert "RuntimeError: boom" in row["message"]
    with pytest.raises(CorpusError, match="bad.txt.*RuntimeError"):
        load_corpus(folder, as_of="2025-01-15", errors="raise")


def test_a_list_of_relative_paths_reads_like_the_same_absolute_paths(write_files, monkeypatch):
    """Files given as relative paths get the same relative paths and ids as when given
    absolute, so two same-named files in different folders stay apart."""
    root = write_files({"a/x.txt": make_page(), "b/x.txt": make_page(body=["Shanghai will cut PM2.5 by 5% in 2025."])})
    monkeypatch.chdir(root)
    rel = load_corpus(["a/x.txt", "b/x.txt"], as_of="2025-01-15")
    absolute = load_corpus([root / "a/x.txt", root / "b/x.txt"], as_of="2025-01-15")
    assert rel.articles["path"].tolist() == absolute.articles["path"].tolist() == ["a/x.txt", "b/x.txt"]
    assert rel.articles["article_id"].tolist() == absolute.articles["article_id"].tolist()


def test_a_parser_change_invalidates_the_cache(write_files, tmp_path, monkeypatch):
    """The cache key holds a hash of the parser's code: after an edit, files are parsed
    again instead of answering with tables the old parser made."""
    import helpers.corpus as corpus_mod

    root = write_files({"a.txt": make_page()})
    cache = tmp_path / "cache"
    load_corpus(root, as_of="2025-01-15", cache=cache)
    assert len(list(cache.iterdir())) == 1
    monkeypatch.setattr(corpus_mod, "_parser_code_digest", lambda: "edited-parser")
    load_corpus(root, as_of="2025-01-15", cache=cache)
    assert len(list(cache.iterdir())) == 2


def test_sha256_is_the_hash_of_the_file_bytes_for_both_entry_points(write_files):
    import hashlib

    page = make_page().replace("\n", "\r\n")
    root = write_files({"a.txt": page})
    expected = hashlib.sha256((root / "a.txt").read_bytes()).hexdigest()
    assert load_corpus(root, as_of="2025-01-15").articles["sha256"].tolist() == [expected]
    assert parse_article(page, captured_on=date(2025, 1, 15)).articles["sha256"].tolist() == [expected]


# --------------------------------------------------------------------------- fast paths
# The loader's fast paths must give exactly what the plain computations give.


@given(st.lists(st.sampled_from(list("aZ09 .-'\"?_\t") + ["中", "é", "PM2.5", "U.S.", "..", " '"]), max_size=30).map("".join))
def test_count_words_is_the_number_of_words(text):
    from helpers.corpus import _WORD, _count_words

    assert _count_words(text) == len(_WORD.findall(text))


@given(st.lists(st.text(alphabet="abAB.\n", max_size=4), max_size=8, unique=True),
       st.text(alphabet="abAB. x\n", max_size=20))
def test_region_pattern_finds_what_the_flat_alternation_finds(names, text):
    import re

    from helpers.corpus import _region_pattern

    flat = re.compile(r"(?<![A-Za-z])(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")(?![a-z])")
    assert _region_pattern(names).findall(text) == flat.findall(text)


def test_frame_builds_the_tables_pandas_would():
    """_frame's direct column builds equal the general from_records build, missing values,
    dates, nullable and huge integers included."""
    from helpers.corpus import _frame, _frame_from_records

    def same(rows, columns):
        try:
            expected = _frame_from_records(rows, columns)
        except Exception as exc:  # noqa: BLE001 - then _frame must fail alike
            with pytest.raises(type(exc)):
                _frame(rows, columns)
            return
        got = _frame(rows, columns)
        pd.testing.assert_frame_equal(got, expected, check_exact=True)
        assert type(got.index) is type(expected.index)
        for col in columns:
            assert [type(v) for v in got[col]] == [type(v) for v in expected[col]], col

    row = ("a", "a.txt", "T", "s", "S", "1 day ago", date(2025, 1, 14), date(2025, 1, 14), "Hainan", "trailer",
           1, 2, 3, "h", None, None, date(2025, 1, 15), "CN-HI", None, 7, "utf-8")
    for change in [{}, {2: None}, {14: "site"}, {6: None, 7: None}, {6: date(1600, 1, 1)}, {18: 2**60}, {19: 2**53 + 1},
                   {18: True}, {2: "中文"}, {3: float("nan")}, {16: None}]:
        other = tuple(change.get(i, v) for i, v in enumerate(row))
        same([row, other], ARTICLE_COLUMNS)
        same([other], ARTICLE_COLUMNS)
    same([], ARTICLE_COLUMNS)
    same([("a", 1, 1, "x"), ("b", 2, True, "y")], ["article_id", "para_no", "sent_no", "text"])
    same([("a", 1, 1, "x"), ("b", 2, 2**64, "y")], ["article_id", "para_no", "sent_no", "text"])


def test_folder_listing_matches_rglob(tmp_path):
    """The scandir listing finds the files rglob would: nested, symlinked, not hidden or ignored."""
    from helpers.corpus import IGNORED_NAMES, _scan_folder, plan_inputs

    root = tmp_path / "corpus"
    for rel in ["a.txt", "A.txt", "a-b.txt", "a_b.txt", "sub/a.txt", "sub/deep/b.c.txt", "sub-x.txt", ".hidden/x.txt",
                ".dot.txt", "README.md", "sub/Thumbs.db", "noext"]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x")
    (root / "empty").mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_text("x")
    os.symlink(outside, root / "sub" / "link.txt")
    os.symlink(root / "sub", root / "linkdir")
    os.symlink(tmp_path / "missing", root / "broken.txt")
    expected = sorted(
        p for p in root.rglob("*")
        if p.is_file() and p.name.lower() not in IGNORED_NAMES
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )
    found = _scan_folder(root)
    assert [root.joinpath(*parts) for parts, _ in found] == expected
    assert [parts for parts, link in found if link] == [("sub", "link.txt")]
    tasks, problems = plan_inputs(root)
    # a link to a file outside the corpus is reported, not followed (unless asked to);
    # a dangling link is reported too
    inside = [p for p in expected if p.name != "link.txt"]
    assert [t.path for t in tasks] == [str(p.resolve()) for p in inside]
    assert {(row[0], row[2]) for row in problems} == {("sub/link.txt", "outside_link"), ("broken.txt", "dangling_link")}
    followed, _ = plan_inputs(root, follow_links=True)
    assert [t.path for t in followed] == [str(p.resolve()) for p in expected]


@given(st.lists(st.lists(st.sampled_from(list("aZ ") + ["\n", "\t", "\x0b", "  ", "É", "ß"]), max_size=8).map("".join),
                min_size=1, max_size=3))
def test_fingerprint_fast_path_is_the_long_way(paragraphs):
    import hashlib

    from helpers.corpus import _Parsed, fingerprint

    parsed = _Parsed(("a",), [("a", i, "body", "en", text, text) for i, text in enumerate(paragraphs)], [], [])
    body = "\n".join(text.casefold() for text in paragraphs)
    assert fingerprint(parsed) == hashlib.sha256(" ".join(body.split()).encode()).hexdigest()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a1", "a2", "b", "é"]), st.integers(1, 3)), max_size=12),
       st.booleans())
def test_sort_table_equals_a_stable_sort_in_order_or_not(rows, presort):
    """sort_table skips the sort when the rows are already in order (chunks stacked in
    file order) and sorts otherwise; either way it gives the stable sort's table."""
    from helpers.corpus import sort_table

    if presort:
        rows = sorted(rows)
    df = pd.DataFrame(rows, columns=["article_id", "para_no"]).assign(row=range(len(rows)))
    want = df.sort_values(["article_id", "para_no"], kind="stable").reset_index(drop=True)
    pd.testing.assert_frame_equal(sort_table("paragraphs", df), want)


# --------------------------------------------------------------------------- regions on real-looking pages

from helpers.corpus import detect_region, regions_named  # noqa: E402


@pytest.mark.parametrize(
    "title, body, region",
    [
        # a page that names one province (or its cities) and no other
        (None, "Yuxi City, Yunnan Province, will restore its lakeshore wetlands by 2025.", "Yunnan"),
        (None, "The Shanghai Procuratorate filed 41 cases last year.", "Shanghai"),
        (None, "Jilin City, the second largest city in Jilin province, cleaned up its riverfront. "
               "Harbin lies downstream.", "Jilin"),
        ("Liaoning Provincial Development and Reform Commission issues energy-saving plan", "The plan asks ...", "Liaoning"),
        # "our province" takes the province named elsewhere
        (None, "The meeting stressed that our province must protect the Yellow River. The whole province will "
               "act. Shaanxi and Gansu share the river; Henan lies downstream; Ningxia will cooperate.", "national"),
        (None, "Qinghai will build clean energy bases. Our province will also protect the Sanjiangyuan, and the "
               "whole province will plant grass. Hainan Tibetan Autonomous Prefecture leads the work.", "Qinghai"),
        # names inside names of agreements and events are not places: a ministry's press conference
        ("Ministry of Ecology and Environment holds a press conference",
         "The Kunming-Montreal Global Biodiversity Framework guides the work. A case heard in Xi'an was cited.",
         "national"),
        # a roundup of several provinces
        (None, "Guizhou will raise its non-fossil share. Hainan will ban fuel cars. Shanxi will cut coal. "
               "Fujian will expand offshore wind.", "national"),
    ],
)
def test_region_evidence_in_the_body(title, body, region):
    assert detect_region(title, body)[0] == region


def test_the_dateline_place_is_not_the_region():
    assert detect_region(None, "BEIJING, Nov. 20 (Xinhua) -- The Ministry of Ecology and Environment said "
                               "the State Council approved the plan.")[0] == "national"


def test_a_site_banner_is_not_a_title():
    page = ("Climate Cooperation China\n\nShandong issues its plan for a beautiful Shandong\n\n"
            "Shandong will cut coal use by 2027. The province will plant forests.")
    a = parse_article(page, captured_on="2025-01-15").articles.iloc[0]
    assert a["title"] == "Shandong issues its plan for a beautiful Shandong"
    assert (a["region"], a["region_basis"]) == ("Shandong", "title")
    crumbs = "Home > News > Local\n\nHainan bans new fuel cars\n\nHainan will stop selling fuel cars by 2030."
    assert parse_article(crumbs).articles.iloc[0]["title"] == "Hainan bans new fuel cars"


@pytest.mark.parametrize("header", [
    # an institution's name above its navigation
    "Provincial Department of Ecology and Environment of the Fujian Province\nHome >> Work News >> Local Updates",
    # a long site menu led from Home, then where the page sits
    "Carbon Trading Network\nHome | Carbon Markets | CCER | Carbon Neutral | New Energy | Photovoltaic | Wind Power | "
    "Storage | Carbon Assets\nCurrent position: Home > New Energy > Wind",
    # a breadcrumb over 80 characters
    "Home > Government Information Disclosure > Department Dynamics > Ecology and Environment Affairs",
    # the site's address, then the office's name, then the breadcrumb
    "info.gov.hk | Environment\nThe Environment and Ecology Bureau\nHome > Categories > Environment",
    # a portal's name, a language switcher, a menu one space apart, font-size widgets
    "Fujian Provincial People's Government Portal\n中文 | English | 繁體\nHome News Government Services Interaction\n"
    "[Large] [Medium] [Small]    [Print]",
    # names joined by dots and bars
    "Southeast Network · Fujian Daily | Coast · Ecology",
    # the site's name with its address, a menu led from Home two spaces apart
    "Carbon Trading Network - tanpaifang.com\nHome  Carbon News  Carbon Market  CCER",
    # a one-word brand, a switcher without separators
    "iFujian\nGlobal Edition 中文 Français",
])
def test_banners_names_and_menus_above_the_title_are_not_the_title(header):
    page = (f"{header}\n\nFujian sets out a plan for cleaner coastal waters\n\nDate: 2024-05-02\n\n"
            "Fujian will raise the share of good coastal water to 90% by 2027.")
    a = parse_article(page, captured_on="2025-01-15").articles.iloc[0]
    assert a["title"] == "Fujian sets out a plan for cleaner coastal waters"


def test_the_sites_name_above_the_title_is_a_banner_even_when_the_title_has_a_year():
    page = ("Coastal Court Network\n\nFujian court releases white paper on marine trials (2023)\n\n"
            "Source: Coastal Court Network    Release date: 2024-06-05\n\n"
            "The court heard 310 marine environment cases in 2023.")
    assert parse_article(page).articles.iloc[0]["title"] == "Fujian court releases white paper on marine trials (2023)"


@pytest.mark.parametrize("title, region", [
    ("Infrared cameras capture more wild tigers in China's northeast national park", "Jilin"),
    ("China's provinces race to cut coal", "national"),
    ("National carbon market expands to steel", "national"),
])
def test_a_place_named_with_a_national_word_is_no_national_cue(title, region):
    body = "The park lies in Hunchun, Jilin Province, where rangers watch the forest. Jilin will add cameras."
    assert detect_region(title, body)[0] == region


def test_the_publisher_names_the_region_a_page_does_not():
    page = ("Tangshan Municipal People's Government\nGovernment Information Disclosure > Government Work Report\n\n"
            "Government Work Report (excerpt)\n\nTime: 15 Jan 2025 10:02    Views: 4312\n\n"
            "Fellow deputies, the municipal government will cut steel capacity by 2027.")
    a = parse_article(page).articles.iloc[0]
    assert a["title"] == "Government Work Report (excerpt)"
    assert a["region"] == "Hebei"
    dated = ("Youyu County People's Government\nHome | News\n\nA bare county turned green\n\n"
             "26 July 2024    Source: Shanxi Daily    Hits: 1,562\n\n"
             "Youyu, bordering Inner Mongolia to the north, planted trees for seventy years. "
             "The provincial forestry department listed it as a demonstration county.")
    a = parse_article(dated).articles.iloc[0]
    assert (a["source_raw"], a["region"]) == ("Shanxi Daily", "Shanxi")


def test_streets_named_after_provinces_are_not_the_provinces():
    body = ("Shanghai restored the Suzhou Creek banks. Walkers reach it from Sichuan North Road and "
            "Xizang Middle Road. Shanghai will open 10 km more by 2025.")
    assert detect_region(None, body)[0] == "Shanghai"


def test_labelled_list_items_are_body_text_and_related_headlines_are_not():
    page = ("Ningxia's Yellow River goals\n\nDate: 2024-05-02\n\nLonger term:\n"
            "• By 2030: soil erosion in the south brought basically under control\n\n"
            "Related stories\n• Jiangsu to ban chemical plants by 2027")
    c = parse_article(page)
    kinds = dict(zip(c.paragraphs["text"], c.paragraphs["kind"]))
    assert kinds["• By 2030: soil erosion in the south brought basically under control"] == "body"
    assert kinds["• Jiangsu to ban chemical plants by 2027"] == "caption"


def test_a_national_title_overrules_a_city_trailer():
    page = make_page(title="Ministry of Ecology and Environment: the national carbon market runs smoothly",
                     body=["The ministry held a press conference in Beijing. Hubei and Shanghai run pilots."],
                     region="RegionBeijing")
    assert parse_article(page, captured_on="2025-01-15").articles.iloc[0]["region"] == "national"


def test_manifest_region_overrides_the_body(tmp_path):
    (tmp_path / "a.txt").write_text("Wuhan will restore the lakes by 2027. Wuhan is in the middle reaches.")
    (tmp_path / "b.txt").write_text("The lakes will be restored by 2027, and the river too.")
    (tmp_path / "manifest.csv").write_text("file,url,captured_on,region\na.txt,,2025-01-15,\nb.txt,,2025-01-15,Hubei\n")
    a = load_corpus(tmp_path).articles.set_index("path")
    assert (a.loc["b.txt", "region"], a.loc["b.txt", "region_basis"]) == ("Hubei", "manifest")


def test_regions_named_skips_names_inside_names():
    assert regions_named("The Kunming-Montreal Framework and the Qinghai-Tibet Plateau; Guizhou acts.") == ["Guizhou"]


def test_review_findings_on_titles_sources_and_city_pages():
    # a short lower-case title above a byline is the title, not a banner
    a = parse_article("Hainan carbon market\n\nChina Daily | By Zhang Wei in Haikou\n\n"
                      "Hainan will cut coal use by 10% by 2025.", captured_on="2025-01-15").articles.iloc[0]
    assert a["title"] == "Hainan carbon market"
    # a source line that carries the date dates the page and keeps the source's name
    a = parse_article("Hubei plan\n\nSource: Hubei Daily 2023-11-08\n\nHubei will plant trees by 2027.",
                      captured_on="2025-01-15").articles.iloc[0]
    assert (a["published_basis"], f"{a['published_min']:%Y-%m-%d}") == ("date_line", "2023-11-08")
    assert a["source_raw"] == "Hubei Daily"
    # a city's own municipal government speaks: the city's province, not national
    body = ("In order to implement the decisions of the CPC Central Committee and the State Council, the "
            "municipal government recently issued the plan. Shenzhen will add 500 charging stations. Shenzhen "
            "will plant trees. Shenzhen's parks will grow.")
    assert detect_region(None, body)[0] == "Guangdong"
