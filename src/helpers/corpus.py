"""Parse scraped platform articles into the corpus tables.

``load_corpus(folder)`` reads every file in a folder (or a file, or a list of paths) and
returns a :class:`Corpus` of four DataFrames whose columns are the contracts in
``../shared/DESIGN.md``:

* ``articles``: one row per article read: ``article_id``, ``path``, ``title``, ``source``,
  ``source_raw``, ``release_raw``, ``published_min``, ``published_max``, ``region``,
  ``region_basis``, ``n_paragraphs``, ``n_sentences``, ``n_words``, ``sha256`` and, beside
  them, ``site``, ``url``, ``captured_on``, ``region_iso``, ``likes``, ``collects``,
  ``encoding``.
* ``paragraphs``: ``article_id``, ``para_no``, ``kind`` (body/caption/heading), ``lang``
  (``en`` or ``zh`` for an untranslated paragraph), ``text`` (repaired), ``raw_text``.
* ``sentences``: ``article_id``, ``para_no``, ``sent_no`` (1.. within the article),
  ``text``. Only English body and heading paragraphs are split into sentences.
* ``problems``: ``path``, ``severity`` (error/warning), ``code``, ``message``. Every input
  file ends in ``articles`` or, as an ``error``, in ``problems``; warnings explain what
  was repaired or guessed for files that were read. No single file, cache entry or
  sentence can stop, hang or subvert a run (:func:`load_corpus` lists the defences).

The page format (``../shared/DESIGN.md``): an optional site line, the title, optional
``Source<RunTogetherDomain>`` and ``Release Time<N units ago>`` lines, body paragraphs,
and optional trailer lines ``Region<Name>``, ``Like(n)``, ``Collect(n)``. Metadata lines
are recognised wherever they stand and never become body text.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import stat
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from html.parser import HTMLParser
from itertools import islice, repeat
from operator import contains, itemgetter
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from helpers import normalize
from helpers._perf import gc_paused
from helpers import dates
from helpers.dates import publication_window, to_date
from helpers.lexicons import NO_REGION, LexiconError, file_digest, lexicon_path, load_regions, read_lexicon, split_list
from helpers.paths import PROCESSED_DIR

#: Part of the cache key with a hash of the parser's source files; bump it when parsing
#: changes through something else (a library upgrade).
PARSER_VERSION = "1"
#: Files larger than this are reported, not read (a scraped article is ~5-50 kB).
MAX_BYTES = 2_000_000
#: The largest ``Like(n)`` / ``Collect(n)`` count read from a page; a larger one is a
#: misread number (reported as ``out_of_range``, the count left empty).
MAX_COUNT = 1_000_000_000
#: Files in a corpus folder that are not articles.
IGNORED_NAMES = {"manifest.csv", "labels.csv", "readme.md", "readme.txt", ".gitkeep", ".ds_store", "thumbs.db"}

SITE_NAMES = ("China Carbon Credit Platform",)

ARTICLE_COLUMNS = [
    "article_id", "path", "title", "source", "source_raw", "release_raw", "published_min",
    "published_max", "published_basis", "region", "region_basis", "n_paragraphs", "n_sentences", "n_words",
    "sha256", "site", "url", "captured_on", "region_iso", "likes", "collects", "encoding",
]
PARAGRAPH_COLUMNS = ["article_id", "para_no", "kind", "lang", "text", "raw_text"]
SENTENCE_COLUMNS = ["article_id", "para_no", "sent_no", "text"]
PROBLEM_COLUMNS = ["path", "severity", "code", "message"]


class CorpusError(Exception):
    """An input could not be read; raised by ``load_corpus(errors="raise")``.

    The message names the file and the reason.
    """


@dataclass(frozen=True)
class Corpus:
    """The parsed corpus: four DataFrames keyed by ``article_id``.

    Attributes:
        articles: one row per article read (see the module docstring for columns).
        paragraphs: one row per paragraph.
        sentences: one row per sentence of English body and heading paragraphs.
        problems: one row per file that could not be read (``error``) or that was
            repaired or guessed at (``warning``).
    """

    articles: pd.DataFrame
    paragraphs: pd.DataFrame
    sentences: pd.DataFrame
    problems: pd.DataFrame

    def __len__(self) -> int:
        return len(self.articles)

    def __repr__(self) -> str:
        errors = int((self.problems["severity"] == "error").sum()) if len(self.problems) else 0
        return (
            f"Corpus({len(self.articles)} articles, {len(self.paragraphs)} paragraphs, "
            f"{len(self.sentences)} sentences, {errors} unreadable files, "
            f"{len(self.problems) - errors} warnings)"
        )

    def subset(self, article_ids: Iterable[str]) -> "Corpus":
        """The corpus restricted to ``article_ids`` (problems are kept whole)."""
        ids = set(article_ids)
        return Corpus(
            self.articles[self.articles["article_id"].isin(ids)].reset_index(drop=True),
            self.paragraphs[self.paragraphs["article_id"].isin(ids)].reset_index(drop=True),
            self.sentences[self.sentences["article_id"].isin(ids)].reset_index(drop=True),
            self.problems,
        )


# --------------------------------------------------------------------------- reading bytes

_BINARY_MAGIC = {
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or a Word/Excel file)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive",
    b"\xd0\xcf\x11\xe0": "an old Office document",
    b"{\\rtf": "an RTF document",
}


_MAGIC_PREFIXES = tuple(_BINARY_MAGIC)
#: Byte-order marks and their codecs, longest first where one begins another.
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_BOM_PREFIXES = tuple(bom for bom, _ in _BOMS)


@dataclass
class _Decoded:
    text: str
    encoding: str
    warnings: list[tuple[str, str]] = field(default_factory=list)


class _InputError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def decode_bytes(data: bytes) -> _Decoded:
    """Decode a file's bytes, detecting BOMs, UTF-16, GB18030/GBK and binary files.

    Stray NUL bytes in UTF-8 text (at most :data:`_MAX_NUL_SHARE` of it) are removed, with
    a ``nul_bytes`` warning; other text with NUL bytes is binary. Raises ``_InputError``
    (caught by the loader) for empty and binary input.
    """
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise _InputError("empty", "the file is empty")
    if data.startswith(_MAGIC_PREFIXES):  # one test; then find which
        for magic, what in _BINARY_MAGIC.items():
            if data.startswith(magic):
                raise _InputError("binary", f"the file is {what}, not text; save the article as plain text")
    warnings: list[tuple[str, str]] = []
    for bom, enc in _BOMS if data.startswith(_BOM_PREFIXES) else ():
        if data.startswith(bom):
            try:
                return _Decoded(data.decode(enc), enc, warnings)
            except UnicodeDecodeError as exc:
                raise _InputError("encoding", f"the file starts with a {enc} byte-order mark but is not valid {enc} ({exc.reason})") from exc
    head = data[:4000]
    if head.count(b"\x00") > len(head) // 4:
        # UTF-16 without a BOM: every other byte of ASCII text is NUL.
        even_nul = head[0::2].count(0)
        odd_nul = head[1::2].count(0)
        enc = "utf-16-le" if odd_nul > even_nul else "utf-16-be"
        try:
            text = data.decode(enc)
            if _printable_share(text) > 0.95:
                return _Decoded(text, enc, [("encoding", f"decoded as {enc} (no byte-order mark)")])
        except UnicodeDecodeError:
            pass
        raise _InputError("binary", "the file holds binary data (NUL bytes), not text")
    try:
        text = data.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError:
        text, encoding = _decode_legacy(data)
        warnings.append(("encoding", f"not UTF-8; decoded as {encoding}"))
    if "\x00" in text:
        # NUL bytes in otherwise valid UTF-8 text (a scraper's or an editor's stray bytes)
        # are removed; other text with NULs, or more than a few, is binary data
        n_nul = text.count("\x00")
        text = text.replace("\x00", "")
        if (encoding != "utf-8" or n_nul > _MAX_NUL_SHARE * (len(text) + n_nul) or not text.strip()
                or _printable_share(text) < 0.9):
            raise _InputError("binary", "the file holds binary data (NUL bytes), not text")
        warnings.append(("nul_bytes", f"{n_nul:,} NUL byte{'s' if n_nul > 1 else ''} removed from the text"))
    elif _printable_share(text) < 0.9:
        raise _InputError("binary", "the file holds binary data, not text")
    return _Decoded(text, encoding, warnings)


#: The largest share of NUL characters in a text whose NULs are removed (above it, the
#: file is binary).
_MAX_NUL_SHARE = 0.01


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\ufffd]")


#: Every byte except the ASCII control characters :data:`_CONTROL` matches.
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if not _CONTROL.match(chr(b)))


def _printable_share(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 1.0
    if sample.isascii():  # count the control characters with a byte deletion, not a regex
        n_control = len(sample.encode("ascii").translate(None, _NOT_CONTROL_BYTES))
    else:
        n_control = len(_CONTROL.findall(sample))
    return 1 - n_control / len(sample)


def _decode_legacy(data: bytes) -> tuple[str, str]:
    """Decode non-UTF-8 bytes: GB18030 (covers GBK/GB2312) when it yields Chinese text,
    else what charset-normalizer finds, else Windows-1252."""
    try:
        text = data.decode("gb18030")
        non_ascii = [ch for ch in text if ord(ch) > 127]
        cjk = sum(1 for ch in non_ascii if "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef")
        if non_ascii and cjk / len(non_ascii) > 0.8:
            return text, "gb18030"
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is not None and best.encoding:
            return str(best), best.encoding
    except ImportError:  # pragma: no cover - charset-normalizer ships with requests
        pass
    return data.decode("cp1252", errors="replace"), "cp1252"


class _HTMLText(HTMLParser):
    """Collect the visible text of an HTML page, one block element a line."""

    BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section",
              "article", "header", "footer", "title", "span"}
    SKIP = {"script", "style", "noscript", "head", "nav", "iframe", "svg"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.title: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag, attrs):  # noqa: D102
        if tag == "title":
            self.in_title = True
        elif tag in self.SKIP:
            self.skip += 1
        if tag in self.BLOCKS and tag != "span":
            self.parts.append("\n")

    def handle_endtag(self, tag):  # noqa: D102
        if tag == "title":
            self.in_title = False
        elif tag in self.SKIP and self.skip:
            self.skip -= 1
        if tag in self.BLOCKS and tag != "span":
            self.parts.append("\n")

    def handle_data(self, data):  # noqa: D102
        if self.in_title:
            self.title.append(data)
        elif not self.skip:
            self.parts.append(data)


_HTML_PAGE = re.compile(r"^\s*(?:<!doctype html|<html|<\?xml[^>]*>\s*<html|<head|<body|<meta)", re.IGNORECASE)


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page, block elements on their own lines.

    >>> html_to_text("<html><body><h1>Title</h1><p>Body <b>text</b>.</p><script>x()</script></body></html>")
    'Title\\n\\nBody text.'
    """
    parser = _HTMLText()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    lines = [normalize.normalize_whitespace(line) for line in text.split("\n")]
    out = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", out).strip()


# --------------------------------------------------------------------------- page structure

_SOURCE = re.compile(r"^Source\s*[:：]?\s*(?P<v>(?:[A-Z][A-Za-z0-9'&-]*|[a-z0-9-]+(?:\.[a-z0-9-]+)+)[A-Za-z0-9.'&-]*)$")
_SOURCE_SPACED = re.compile(r"^Source\s*[:：]\s*(?P<v>\S.{0,60})$")
#: "Release Time3 months ago", also with other fields after it on the same line
#: ("Release Time3 months ago   Source: Financial News   Tags: ...").
_RELEASE = re.compile(
    r"^Release\s*Time\s*[:：]?\s*(?P<v>.{1,60}?)\s*"
    r"(?:$|\s{2,}\S.*$|[|│].*$|(?<=\s)(?:Source|Tags?|Author|Editor|Views|Clicks)\s*[:：].*$)",
    re.IGNORECASE,
)
#: The source named after a release time on the same line.
_SOURCE_AFTER = re.compile(
    r"\sSource\s*[:：]\s*(?P<v>\S.{0,60}?)\s*(?:$|\s(?:Tags?|Author|Editor|Reporter|Views|Clicks|Hits)\s*[:：]|[|│])")
_REGION = re.compile(r"^Region\s*[:：]?\s*(?P<v>[A-Z][A-Za-z' -]{1,40})$")
_LIKE = re.compile(r"^Like\s*\(\s*(?P<v>\d+)\s*\)$", re.IGNORECASE)
_COLLECT = re.compile(r"^Collect\s*\(\s*(?P<v>\d+)\s*\)$", re.IGNORECASE)
_SHARE = re.compile(r"^(?:Share|Share to|Print|Close|Back to top)$", re.IGNORECASE)
_TERMINAL = re.compile(r"""[.!?;:。！？；：…"')\]]$""")
_ENUM_HEADING = re.compile(
    r"^(?:[IVX]{1,5}[.、]|[一二三四五六七八九十]+、|\(?\d{1,2}[.)、]|\([一二三四五六七八九十]+\)|Part\s+\w+|Chapter\s+\w+|Section\s+\w+|Article\s+\d+)\s*\S",
)
_DANGLING = re.compile(r"\b(?:the|of|and|or|a|an|to|in|on|for|with|by|at|from|as|its|their|this|that|is|are|will)$",
                       re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z0-9]+(?:[-'.][A-Za-z0-9]+)*")
# Byte classes for :func:`_count_words`: "a" an ASCII letter or digit, "j" a joiner
# (``-``, ``'``, ``.``), " " anything else ("?" stands for every non-ASCII character).
_WORD_CLASS = bytes(
    ord("a") if chr(b).isascii() and chr(b).isalnum() else ord("j") if chr(b) in "-'." else ord(" ")
    for b in range(256)
)
_TLDS = {"cn", "com", "net", "org", "gov", "edu", "int", "info", "hk", "mo", "tw", "uk", "io", "news", "co"}


def _count_words(text: str) -> int:
    """``len(_WORD.findall(text))``, about four times faster and without the list.

    A word is a run of ASCII letters and digits, continued by a joiner (``-``, ``'``,
    ``.``) that is followed by another run. So a word starts at every run that follows
    neither an alnum nor an alnum-and-joiner: after another character (" a"), after a
    joiner that follows no alnum (" ja", "jja"), or at the start of the text. These are
    counted with C-speed ``bytes.count`` over the text's character classes.

    >>> _count_words("PM2.5 fell 3.5% in the U.S. -- co-operate ..x 'quoted' 中文 don't")
    10
    """
    classes = text.encode("ascii", "replace").translate(_WORD_CLASS)  # "?": not a word character
    return (
        classes.count(b" a") + classes.count(b" ja") + classes.count(b"jja")
        + classes.startswith(b"a") + classes.startswith(b"ja")
    )


def source_domain(raw: str | None) -> str | None:
    """Turn the platform's run-together source into a domain or a readable name.

    >>> source_domain("CenewsComCn")
    'cenews.com.cn'
    >>> source_domain("gxt.shaanxi.gov.cn")
    'gxt.shaanxi.gov.cn'
    >>> source_domain("XinhuanetCom")
    'xinhuanet.com'
    >>> source_domain("PeoplesDaily"), source_domain("Financial News")
    ('Peoples Daily', 'Financial News')
    """
    if not raw:
        return None
    raw = raw.strip()
    if "." in raw and " " not in raw:
        return raw.lower().strip(".")
    parts = re.findall(r"[A-Z][a-z0-9]*|[a-z0-9]+", raw)
    if len(parts) >= 2 and parts[-1].lower() in _TLDS and " " not in raw:  # run together, not "Financial News"
        return ".".join(p.lower() for p in parts)
    return " ".join(parts) if parts and "".join(parts) == raw else raw


#: :func:`source_domain` remembered per raw source (a corpus repeats a few hundred).
_source_domain_cached = lru_cache(maxsize=4096)(source_domain)


# Every metadata pattern below starts with one of these words (with the same case rule):
# a line that does not is no metadata line, found with one match instead of seven.
_META_START = re.compile(r"(?i:release|like|collect|share|print|close|back)|Source|Region")
_VALUE_PATTERNS = (("release", _RELEASE), ("like", _LIKE), ("collect", _COLLECT))


#: A page's footer: "Copyright © 2003-2024 ...", "© 2024 ...", "... All Rights Reserved.",
#: "版权所有", and lines of page controls only ("【Print】【Close】", "Print | Close window",
#: "Share to: | Back to top"). Not content, and never an image caption.
_COPYRIGHT = re.compile(
    r"^(?:[Cc]opyright\b\s*(?:©|\([Cc]\))?\s*(?:[12]\d{3}|©)|©\s*(?:[12]\d{3}|[A-Z])|\([Cc]\)\s*[12]\d{3})"
    r"|\b[Aa]ll\s+[Rr]ights\s+[Rr]eserved\b\W*$|版权所有"
    # after other footer fields: "About us | Site map | Copyright © ...", "Editor: Bao Hua   Copyright © ..."
    r"|\b[Cc]opyright\s*(?:©|\([Cc]\))"
)
_CONTROL_WORD = (
    r"(?:print(?:\s+this\s+(?:page|article))?|close(?:\s+(?:this\s+)?window)?|share(?:\s+to)?|"
    r"(?:back|return)\s+to\s+top|top|(?:add\s+to\s+)?favou?rites?|e-?mail(?:\s+this)?|"
    r"font\s+size(?:\s*[:：]?\s*(?:large|medium|small|big))*|打印|关闭(?:窗口)?|分享到?|收藏|返回顶部)"
)
_CONTROLS = re.compile(rf"^(?:[\[【(（<]?\s*{_CONTROL_WORD}\s*[\]】)）>]?[\s|/·:：,，]*)+$", re.I)
#: First characters of a footer line longer than 80 characters (a copyright notice).
_FOOTER_FIRST = frozenset("Cc©(")


def is_footer(line: str) -> bool:
    """Whether a stripped line is a page's footer (a copyright notice or page controls).

    >>> [is_footer(t) for t in ("Copyright © 2003-2024 China Environment News. All Rights Reserved.",
    ...                         "【Print】【Close】", "Print | Close window", "© 2024 Xinhua",
    ...                         "Copyright protection of green patents was strengthened.",
    ...                         "Beautiful Shanghai in the morning light",
    ...                         "About us | Contact us | Site map | Copyright © Environment Online.",
    ...                         "Editor: Bao Hua   Copyright © North News Network 2001-2024")]
    [True, True, True, True, False, False, True, True]
    """
    return len(line) <= 200 and (_COPYRIGHT.search(line) is not None or _CONTROLS.match(line) is not None)


def _long_metadata_candidate(line: str) -> bool:
    """Whether a line over 80 characters may still be metadata: a footer (which starts
    with one of :data:`_FOOTER_FIRST`) or a release time with other fields after it."""
    return len(line) <= 200 and (line[:1] in _FOOTER_FIRST or line[:7].casefold() == "release" or "©" in line)


#: What may follow a source's name on its line: another field ("Release date:", "Views:"),
#: page widgets ("Font size: A+ A-", "【Large Medium Small】", "Print"), an editor in brackets.
_AFTER_SOURCE = re.compile(
    r"\s*(?:[\[【(（][^\]】)）]*[\]】)）]|(?:release\s+(?:date|time)|date|time|views|hits|clicks|editor|author|"
    r"reporter|tags?|font(?:\s+size)?)\s*[:：]|\bprint\b|\bclose\b).*$",
    re.I,
)


def source_name(value: str) -> str:
    """The source's name from what its field holds, without the fields and widgets after it.

    >>> [source_name(v) for v in ("Sichuan Court Network Release date:", "Qinghai Daily Font size: A+ A-",
    ...                           "Xinhua [Editor: Zhang Yu]", "China Environment News 【Large Medium Small】",
    ...                           "Zhejiang Provincial People's Procuratorate Print", "Hubei Daily")]
    ... # doctest: +NORMALIZE_WHITESPACE
    ['Sichuan Court Network', 'Qinghai Daily', 'Xinhua', 'China Environment News',
     "Zhejiang Provincial People's Procuratorate", 'Hubei Daily']
    """
    name = _AFTER_SOURCE.sub("", value).strip(" |:：-")
    return name or value.strip()


def _is_metadata(line: str) -> tuple[str, str] | None:
    """Classify a stripped line as metadata: returns (field, value) or None; a footer line
    (:func:`is_footer`) is ``("share", line)``: dropped like the share buttons."""
    if len(line) > 80:
        if not _long_metadata_candidate(line):
            return None
        if (m := _RELEASE.match(line)) is not None:  # with other fields after it: "... Source: X   Tags: ..."
            return ("release", m["v"].strip())
        return ("share", line) if (line[:1] in _FOOTER_FIRST or "©" in line) and is_footer(line) else None
    folded = line.casefold()
    for name in SITE_NAMES:
        if folded == name.casefold():
            return ("site", line)
    if not _META_START.match(line):
        return ("share", line) if is_footer(line) else None
    for fld, pattern in _VALUE_PATTERNS:
        m = pattern.match(line)
        if m:
            return (fld, m["v"].strip())
    m = _SOURCE.match(line) or _SOURCE_SPACED.match(line)
    if m:
        return ("source", source_name(m["v"]))
    m = _REGION.match(line)
    if m and not line.startswith("Regional"):
        return ("region", m["v"].strip())
    if _SHARE.match(line) or is_footer(line):
        return ("share", line)
    return None


#: A bullet before a list item: "• ", "▪ ", "◆ ", "- ", "* ".
_BULLET = re.compile(r"^\s*[•·▪◆◇●○■□►▸‣⁃*–-]\s*\S")


def classify_paragraph(text: str, words: list[str] | None = None) -> str:
    """``body``, ``caption`` or ``heading`` for one repaired paragraph.

    A caption is a short line without closing punctuation ("Beautiful Shanghai in the
    morning light"); a heading is a short line that is numbered ("I. Overall
    requirements"), ends with a colon, or is written in title case or capitals. A labelled
    item of a bulleted list ("• Water quality at the exit section: Class II") is body text;
    an unlabelled one ("• Jiangsu to ban chemical plants", a related story) stays a caption.

    >>> classify_paragraph("Beautiful Shanghai in the morning light")
    'caption'
    >>> classify_paragraph("II. Key Tasks")
    'heading'
    >>> classify_paragraph("Improve air quality.")
    'body'
    >>> classify_paragraph("• By 2030: soil erosion brought under control")
    'body'
    """
    if words is None:
        words = _WORD.findall(text)
    if not words:
        return "caption"
    if len(words) > 25:
        return "body"
    if _ENUM_HEADING.match(text) and not text.rstrip().endswith("."):
        return "heading"
    if text.rstrip().endswith((":", "：")):
        return "heading"
    if _TERMINAL.search(text.rstrip()) or (_BULLET.match(text) and ":" in text and len(words) >= 3):
        return "body"  # a sentence, or a labelled item of a list ("• By 2030: soil erosion under control")
    long_words = [w for w in words if len(w) >= 4 and w[0].isalpha()]
    if text.isupper() and len(words) >= 2:
        return "heading"
    if long_words and all(w[0].isupper() for w in long_words) and len(words) >= 3:
        return "heading"
    return "caption"


def _paragraph_blocks(lines: list[str]) -> list[str]:
    """Group body lines into paragraphs.

    Scraped pages put one paragraph per line (blank-line or single-line separated). A long
    line that ends without closing punctuation and either ends on a word that cannot end a
    sentence ("of", "the", "and") or is followed by a line starting in lower case is a hard
    wrap inside a paragraph and is joined to the next line.
    """
    paras: list[str] = []
    current: list[str] = []
    for line in lines:
        if not line:
            if current:
                paras.append(" ".join(current))
                current = []
            continue
        if current and len(current[-1]) > 40 and not _TERMINAL.search(current[-1]) and (
            line[:1].islower() or _DANGLING.search(current[-1])
        ):
            current.append(line)
            continue
        if current:
            paras.append(" ".join(current))
        current = [line]
    if current:
        paras.append(" ".join(current))
    return paras


#: "Home > News > Local", "Home | Local News | Ecology": a site's navigation, not a title.
_BREADCRUMB = re.compile(r"\S\s*(?:>|»|\|)\s*\S.*(?:>|»|\|)|^\s*(?:home|homepage|current location)\s*(?:>|»|\||:)", re.I)
#: Navigation that starts from the site's home, however long: "Home | Carbon Trading | CCER | ...",
#: "Current position: Home > New Energy", "You are here: Home > News", "Home / Digest / Provinces".
_HOME_NAVIGATION = re.compile(
    r"^\s*(?:(?:current\s+(?:location|position)|you\s+are\s+here|location)\s*[:：]\s*)?(?:home|homepage)"
    r"(?:\s*(?:>|»|\||/)|\s{2,}\S+\s{2,}\S)", re.I)
#: A menu led from Home, one space apart: "Home Carbon News Carbon Trading CCER Policy Login".
_HOME_MENU = re.compile(r"^\s*home(?:\s+[A-Z0-9][\w&'-]*){4,}(?:\s*\|\s*\w+)*\s*$", re.I)
#: A row of page widgets: "[Large] [Medium] [Small]    [Print]    [Close]".
_WIDGETS = re.compile(r"^(?:\s*\[[^\]]{1,14}\])+\s*$")
#: A language switcher: "English | 中文", "首页 | English | 藏文", "中文 / English / Français".
_SWITCHER = re.compile(r"^\s*(?:[^|/·]{1,14}[|/·]\s*)+[^|/·]{1,14}$")
_LANGUAGE = re.compile(r"\benglish\b|中文|简体|繁體|繁体", re.I)
#: Words a site's or an institution's name may have in lower case.
_NAME_JOINERS = frozenset({"of", "and", "the", "for", "on", "in", "at", "to", "s"})


#: A byline under a title: "China Daily | By Zhang Wei", "Author: ...", "Updated: ..." (see :func:`_is_byline`).
_BYLINE = re.compile(r"^\s*(?:by|author|editor|reporter|source|updated|published|date|time)\b|\|\s*by\b", re.I)


def _is_navigation(line: str) -> bool:
    """A breadcrumb, menu or language switcher: any line led from "Home" ("Home > News",
    "Home  News  Policies"), a short one with two separators, or a short list of languages.

    >>> [_is_navigation(s) for s in ("English | 中文", "Home  News  Environmental Quality  Policies",
    ...     "Home Carbon News Carbon Trading CCER Policy Login", "[Large] [Medium] [Small]  [Print]",
    ...     "Press conference on the Huaihe corridor in Anhui")]
    [True, True, True, True, False]
    """
    if len(line) <= 60 and _LANGUAGE.search(line) and (_SWITCHER.match(line) or len(line.split()) <= 8):
        return True
    if _HOME_MENU.match(line) or _WIDGETS.match(line):
        return True
    return len(line) <= 300 and bool(_HOME_NAVIGATION.search(line)) or len(line) <= 80 and bool(_BREADCRUMB.search(line))


def _is_name(line: str, *, max_words: int = 12) -> bool:
    """A name written as one (every word capitalised but "of", "and", "the" ...), no sentence:
    "Ministry of Ecology and Environment of the People's Republic of China"."""
    words = _WORD.findall(line)
    return (0 < len(words) <= max_words and not _TERMINAL.search(line) and words[0][0].isupper()
            and all(w[0].isupper() or w.lower() in _NAME_JOINERS for w in words))


def _is_banner(line: str, following: str, site_names: frozenset[str] = frozenset()) -> bool:
    """Is ``line`` a site banner or breadcrumb above the real title (``following``)?

    It is when it is

    * a breadcrumb, menu or language switcher (:func:`_is_navigation`);
    * the site's name as the page's source line gives it (``site_names``: "Sichuan Court
      Network" above a title, "Source: Sichuan Court Network" below);
    * a short line with the site's address ("news.gov.hk | Environment", "China Carbon
      Credit Platform tanpaifang.com", "... www.hlj.gov.cn/English");
    * names joined by bars, dots or arrows ("Nanhai Network · Hainan Daily | Ecology",
      "Zhejiang Provincial People's Government >> Policy Documents");
    * a name (:func:`_is_name`), perhaps with a motto after a bar ("CHINA ECO-WATCH | News
      digest"), above the site's navigation ("Yunnan Provincial People's Government Portal"
      above "Home > News Center"); or a name of at most four words ("Climate Cooperation
      China", "iChongqing") above a longer title-like line that is no byline ("China Daily
      | By Zhang Wei", a date).

    >>> _is_banner("Home > News > Local", "Hainan opens ..."), _is_banner("Climate Cooperation China",
    ...     "Hong Kong updates its climate action plan toward carbon neutrality")
    (True, True)
    >>> _is_banner("Department of Ecology and Environment of Jiangsu Province", "Home >> Work Trends >> News")
    True
    >>> _is_banner("CHINA ECO-WATCH  |  News digest from Chinese provinces", "Home / Digest / Provinces")
    True
    >>> _is_banner("Sichuan Court Network", "Sichuan High Court releases white paper on trials (2023)")
    True
    >>> [_is_banner(s, "Guangxi greens its karst hills") for s in ("China Carbon Credit Platform tanpaifang.com",
    ...     "Ecological Environment Monitoring | Data Release", "Roundup | A look at provincial plans")]
    [True, True, False]
    >>> _is_banner("Tibet bulletin", "The quality of the environment stayed excellent in 2023.")
    False
    """
    if _is_navigation(line) or line.strip() in site_names:
        return True
    n_words = len(_WORD.findall(line))
    if n_words <= 12 and _WEB_ADDRESS.search(line):
        return True
    if _names_joined(line):
        return True
    parts = [p for p in _NAME_SEPARATORS.split(line) if p.strip()]
    if _is_name(parts[0] if parts else line) and _is_navigation(following) and not _is_byline(following):
        return True  # a banner above the site's navigation, perhaps with its motto after a bar
    short_name = _is_name(line, max_words=4) or (n_words == 1 and not _TERMINAL.search(line))
    if short_name and _names_joined(following):
        return True  # "THE GLOBAL LEDGER" above "Climate & Energy | Explainer"
    return (short_name and _looks_like_title(following)
            and len(_WORD.findall(following)) > n_words and not _is_byline(following))


def _names_joined(line: str) -> bool:
    """Names joined by bars, dots or arrows: "Climate & Energy | Explainer", "A > B"."""
    parts = [p for p in _NAME_SEPARATORS.split(line) if p.strip()]
    return len(parts) > 1 and all(_is_name(p, max_words=8) for p in parts)


#: What separates the names of a banner: "Nanhai Network · Hainan Daily | Ecology", "A >> B".
_NAME_SEPARATORS = re.compile(r"\s*(?:\||·|>>?|»|\s-\s)\s*")
#: A site's address anywhere in a line: "tanpaifang.com", "www.hlj.gov.cn/English".
_WEB_ADDRESS = re.compile(r"(?:https?://|www\.)\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|cn|org|net|gov|hk|mo)\b", re.I)


def _is_byline(line: str) -> bool:
    """A byline or date under a title: "China Daily | By Zhang Wei", "Nov 06, 2024 10:45"."""
    return bool(_BYLINE.search(line)) or dates.date_line(line) is not None


def _looks_like_title(line: str) -> bool:
    words = _WORD.findall(line)
    return 0 < len(words) <= 40 and len(line) <= 300 and not line.rstrip().endswith((".", "。"))


def _looks_truncated(title: str, body: str) -> bool:
    """True when the title's last word is not a word of the body but starts one of its
    longer words ("... plan for ecologi" against a body saying "ecological").

    >>> _looks_truncated("Plan for ecologi", "Ecological protection."), _looks_truncated("Plan for ecology", "ecology")
    (True, False)
    """
    m = _LAST_WORD.search(title)
    if not m:
        return False
    last = m[1].lower()
    whole, prefix = _occurrences(body.lower(), last)
    if whole or _occurrences(title[: m.start()].lower(), last)[0]:
        return False
    return prefix


_LAST_WORD = re.compile(r"([A-Za-z]{3,})$")


def _occurrences(hay: str, word: str) -> tuple[bool, bool]:
    """Whether ``word`` occurs in ``hay`` as a whole word, and as the start of a longer
    word (ASCII letters; both arguments lower-case). Plain ``str.find`` is several times
    faster than a case-insensitive regex over a whole article."""
    whole = prefix = False
    end = len(word)
    i = hay.find(word)
    while i >= 0:
        if i == 0 or not ("a" <= hay[i - 1] <= "z"):
            nxt = hay[i + end] if i + end < len(hay) else ""
            if nxt and "a" <= nxt <= "z":
                prefix = True
            else:
                whole = True
                break
        i = hay.find(word, i + 1)
    return whole, prefix


# --------------------------------------------------------------------------- regions


@dataclass(frozen=True)
class _Gazetteer:
    pattern: re.Pattern
    region_of: dict[str, str]
    iso_of: dict[str, str]
    national_title: re.Pattern
    national_body: re.Pattern


_GAZETTEERS: dict[str, _Gazetteer] = {}


def _gazetteer(path: str | Path | None = None) -> _Gazetteer:
    """The region gazetteer in ``path`` (default: the bundled ``regions.csv``) and the
    national cues of ``national_cues.csv``, built once per file content.

    Called twice per article, so it stays cheap: the default path is remembered by
    ``lexicon_path`` and a given one is used as it is (no ``Path`` is built), and
    ``file_digest`` answers an unchanged file from one ``stat``. An edited file is
    noticed at the next call and its gazetteer built.
    """
    path = os.fspath(path) if path is not None else lexicon_path("regions")
    cues_path = lexicon_path("national_cues")
    key = f"{path}:{file_digest(path)}:{file_digest(cues_path)}"
    if key not in _GAZETTEERS:
        regions = load_regions(path)
        region_of: dict[str, str] = {}
        for row in regions.itertuples():
            for name in [row.region, *split_list(row.aliases), *split_list(row.cities)]:
                region_of[name] = row.region
        pattern = _region_pattern(region_of)
        cues = read_lexicon(cues_path, required=["phrase", "where"], optional=["not_before"])
        for r in cues.itertuples():
            if r.where not in ("title", "body", "both"):
                raise LexiconError(f"{cues_path}, row {r.row}: where is '{r.where}'; use title, body or both.")

        def words(phrase: str) -> str:
            return r"\s+".join(map(re.escape, phrase.split()))

        def cue_pattern(places: tuple[str, ...]) -> re.Pattern:
            # a cue spelled on several rows keeps the exceptions of each ("national" but not "national park")
            rows = [(sp, r.not_before) for r in cues.itertuples() if r.where in places for sp in split_list(r.phrase)]
            alternation = "|".join(
                words(sp) + (rf"(?!\s+(?:{'|'.join(map(words, split_list(nb)))})\b)" if nb else "")
                for sp, nb in sorted(set(rows), key=lambda row: (-len(row[0]), row))
            ) or "(?!)"
            return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.IGNORECASE)

        _GAZETTEERS[key] = _Gazetteer(
            pattern=pattern,
            region_of=region_of,
            iso_of=dict(zip(regions["region"], regions["iso_code"])),
            national_title=cue_pattern(("title", "both")),
            national_body=cue_pattern(("body", "both")),
        )
    return _GAZETTEERS[key]


def _region_pattern(names: Iterable[str]) -> re.Pattern:
    """The pattern that finds region ``names`` as whole words in a text.

    It matches what ``(?<![A-Za-z])(<names, longest first>)(?![a-z])`` matches, with the
    same preference (at a position the longest name that fits is tried first, then the
    shorter ones it begins with), but the names are factored into a prefix tree and the
    "no letter before" test moved behind each name's first character. So the regex engine
    only stops at characters that start some name, and there only tries the names that
    start with it, instead of trying every name at every position: scanning an article body
    is about ten times faster.

    >>> _region_pattern(["Shanxi", "Shan"]).findall("Shanxi, Shanghai, aShan and Shan")
    ['Shanxi', 'Shan']
    """
    tree: dict = {}
    for name in names:
        node = tree
        for ch in name:
            node = node.setdefault(ch, {})
        node[""] = {}  # a name ends here
    if not tree:  # no names: the flat form's empty alternation
        return re.compile(r"(?<![A-Za-z])()(?![a-z])")

    def render(node: dict, first: bool) -> str:
        # longer continuations before the end of a name, as in longest-first order; after
        # a name's first character, check that no letter stands before the name
        alts = [re.escape(ch) + (r"(?<![A-Za-z][\s\S])" if first else "") + render(child, False)
                for ch, child in node.items() if ch]
        if "" in node:
            alts.append(r"(?<![A-Za-z])" if first else "")
        if len(alts) == 1 and not first:
            return alts[0]
        return "(?:" + "|".join(alts) + ")"

    return re.compile("(" + render(tree, True) + r")(?![a-z])")


def _mentions(gaz: _Gazetteer, text: str) -> list[tuple[str, int, int]]:
    """Every place mention of a region in ``text``, as ``(region, start, weight)``: names
    inside other names do not count (:func:`_not_a_place`), and a formal name ("Jilin
    Province", "Guangxi Zhuang Autonomous Region", "in Jilin province") weighs two: it says
    where the page is."""
    out = []
    for m in gaz.pattern.finditer(text):
        if not _not_a_place(text, m):
            formal = _FORMAL.search(m.group(1)) or _FORMAL_AFTER.match(text, m.end())
            out.append((gaz.region_of[m.group(1)], m.start(), 2 if formal else 1))
    return out


def _region_hits(gaz: _Gazetteer, text: str) -> Counter:
    """The weighted mentions of each region in ``text`` (:func:`_mentions`)."""
    hits: Counter = Counter()
    for region, _, weight in _mentions(gaz, text):
        hits[region] += weight
    return hits


_FORMAL = re.compile(r"\b(?:Province|Autonomous Region|Municipality|Special Administrative Region|SAR)$", re.I)
_FORMAL_AFTER = re.compile(r"\s+(?:Province|Autonomous Region|Municipality)\b", re.I)


def regions_named(text: str, *, regions_path: str | Path | None = None) -> list[str]:
    """The regions a text names as places, each once, in the order first named (names
    inside other names, such as "Kunming-Montreal Framework", do not count).

    >>> regions_named("Guizhou will raise its share, as will Hainan and Guizhou's neighbours.")
    ['Guizhou', 'Hainan']
    """
    return regions_named_many([text], regions_path=regions_path)[0]


def regions_named_many(texts: list[str], *, regions_path: str | Path | None = None) -> list[list[str]]:
    """:func:`regions_named` of many texts, with the gazetteer looked up once."""
    gaz = _gazetteer(regions_path)
    return [list(dict.fromkeys(region for region, _, _ in _mentions(gaz, text))) for text in texts]


#: What makes a region's name part of another name: the name of an agreement or event
#: ("Kunming-Montreal Global Biodiversity Framework", "the Xi'an Declaration"), of a
#: county, district or prefecture in another province ("Hainan Tibetan Autonomous Prefecture",
#: "Henan County" and "Hainan Prefecture" in Qinghai, "Xinjiang County" in Shanxi), of a street
#: ("Sichuan North Road" in Shanghai), or of a link
#: between two places ("the Jiuquan-Hunan transmission line", "Qinghai-Tibet Plateau").
_NAME_AFTER = re.compile(
    r"(?:[-–][A-Z][a-z]+)*\s+(?:(?:Global\s+)?[A-Z][a-z]+\s+){0,3}(?:Framework|Declaration|Initiative|Consensus|Convention|"
    r"Agreement|Accord|Protocol|Summit|Forum|Expo|Dialogue)\b|"
    r"\s+(?:[A-Z][a-z]+\s+)?Autonomous\s+(?:Prefecture|County)\b|"
    r"\s+(?:County|Prefecture|District)\b|"
    r"\s+(?:(?:North|South|East|West|Middle|Central)\s+)?(?:Road|Street|Avenue|Lane)\b"
)
_HYPHEN_LINK = re.compile(r"[-–][A-Z]")


def _not_a_place(text: str, m: re.Match) -> bool:
    """Is the region name matched at ``m`` part of another name (see :data:`_NAME_AFTER`)?"""
    end = m.end()
    if _NAME_AFTER.match(text, end):
        return True
    linked_after = _HYPHEN_LINK.match(text, end) is not None
    linked_before = m.start() >= 2 and text[m.start() - 1] in "-–" and text[m.start() - 2].isalpha()
    return linked_after or linked_before


#: Where the body's first sentences end (its lead says who speaks).
_LEAD_SPLIT = re.compile(r"(?<=[.!?。])\s+|\n")
#: The page speaks of its own province: "our province", "the whole province", "the
#: provincial government", "Provincial Procuratorate".
_OWN_REGION = re.compile(
    r"\b(?:(?:our|the\s+whole|the\s+entire|this)\s+(?:province|region|autonomous\s+region|municipality|city)|"
    r"provincial|municipal)\b",
    re.I,
)


def detect_region(
    title: str | None,
    body: str,
    trailer: str | None = None,
    *,
    manifest_region: str | None = None,
    regions_path: str | Path | None = None,
    publisher: str | None = None,
) -> tuple[str | None, str, str | None]:
    """Decide an article's region and which evidence decided it.

    Evidence, in order:

    1. the ``Region`` trailer line, unless the title is about the country as a whole and
       names no region (a ministry's press conference tagged "RegionBeijing");
    2. a region named in the title (the most named one, ties broken by the body); a title
       about the country as a whole (``national_cues.csv``) is ``national``;
    3. the ``region`` column of ``manifest.csv`` (an analyst's override);
    4. the body. A lead (its first two sentences) in which a national body speaks and no
       region is named is ``national`` ("The Ministry of Ecology and Environment held a
       press conference ..."). Names that are part of other names ("Kunming-Montreal Global Biodiversity
       Framework", "Hainan Tibetan Autonomous Prefecture") and the place of a dateline do
       not count. A page that names one region and no other is about it ("Zibo,
       Shandong"); "our province" and "the whole province" count for the region named
       first, as does "provincial" (in the title too), and the region named first leads by
       one. Otherwise a region named at least twice as often as the next (1.5 times on a
       page that speaks of its own province) wins, as long as it is named twice (once on such a page)
       and more often than national cues; national cues, a roundup (four or more regions, none named more than
       twice) or several regions with none dominant make the page ``national``. The page's
       publisher (``publisher``: its banner, its Source line, "Tangshan Municipal People's
       Government", "Source: Shanxi Daily") counts as one mention, named before the body.

    Returns:
        ``(region, basis, note)``: ``region`` is a canonical name from the gazetteer,
        ``"national"`` or ``"unknown"`` (:data:`helpers.lexicons.NO_REGION`, with a note
        that the parser reports as a problems row); ``basis`` is ``trailer``, ``title``, ``manifest``,
        ``body``, ``national`` or ``none``; ``note`` explains a doubtful decision.

    >>> detect_region("Shanxi's six key tasks", "Shaanxi and Shanxi")[:2]
    ('Shanxi', 'title')
    >>> detect_region(None, "The State Council issued opinions on Beautiful China.")[:2]
    ('national', 'national')
    >>> detect_region(None, "Zibo, Shandong, will upgrade its ceramics kilns by 2025.")[:2]
    ('Shandong', 'body')
    >>> detect_region("Herders restore grassland in Henan County", "The county lies in Qinghai Province.")[:2]
    ('Qinghai', 'body')
    >>> detect_region("A bare county turned green", "Youyu, bordering Inner Mongolia, planted trees. The "
    ...               "provincial forestry department helped.", publisher="Shanxi Daily")[:2]
    ('Shanxi', 'body')
    """
    gaz = _gazetteer(regions_path)
    note = None
    title_hits = _region_hits(gaz, title) if title else Counter()
    national_title = bool(title) and not title_hits and gaz.national_title.search(title) is not None
    if trailer:
        names = gaz.pattern.findall(trailer)
        if names and national_title:
            # a ministry's press conference tagged with the city it was held in
            return "national", "national", f"trailer region '{trailer}' overruled by a national title"
        if len(names) == 1:  # the usual trailer: one name, no counting needed
            return gaz.region_of[names[0]], "trailer", None
        if names:
            return _region_hits(gaz, trailer).most_common(1)[0][0], "trailer", None
        if re.search(r"national|china|nationwide|whole country", trailer, re.IGNORECASE):
            return "national", "trailer", None
        note = f"trailer region '{trailer}' is not in regions.csv; add it as an alias"
    filed = dates.dateline(body.lstrip(), None)  # "BEIJING, Nov. 20 (Xinhua) --": where it was filed
    if filed is not None:
        body = body.lstrip()[len(filed[1]):]
    if title:
        if len(title_hits) == 1:
            return next(iter(title_hits)), "title", note
        if title_hits:
            body_hits = _region_hits(gaz, body)
            best = sorted(title_hits, key=lambda r: (-title_hits[r], -body_hits.get(r, 0), r))[0]
            return best, "title", note
        if gaz.national_title.search(title):
            return "national", "national", note
    if manifest_region:
        if manifest_region.lower() == "national":
            return "national", "manifest", note
        hits = _region_hits(gaz, manifest_region)
        if hits:
            return hits.most_common(1)[0][0], "manifest", note
        note = f"manifest region '{manifest_region}' is not in regions.csv; add it as an alias"
    national = len(gaz.national_body.findall(body))
    lead = " ".join(_LEAD_SPLIT.split(body.lstrip(), 2)[:2])
    if gaz.national_body.search(lead) and not _region_hits(gaz, lead) and not _OWN_REGION.search(lead):
        # "The Ministry of Ecology and Environment held a press conference ...": who speaks
        return "national", "national", note
    published_by = _mentions(gaz, publisher or "")[:1]  # the publisher's region, named before the body
    mentions = [(region, -1, 1) for region, _, _ in published_by] + _mentions(gaz, body)
    first_named: dict[str, int] = {}
    body_hits: Counter = Counter()
    for region, start, weight in mentions:
        first_named.setdefault(region, start)
        body_hits[region] += weight
    if body_hits:
        first = min(first_named, key=first_named.get)
        own = min(3, len(_OWN_REGION.findall(body)) + len(_OWN_REGION.findall(title or "")))
        if len(body_hits) == 1:
            # one region and no other: it, unless the page is plainly about the country
            if 3 * (body_hits[first] + own) > national:
                return first, "body", note
        elif len(body_hits) >= 4 and max(body_hits.values()) <= 2:
            return "national", "national", "a roundup: four or more regions, none named more than twice"
        else:
            scores = Counter(body_hits)
            scores[first] += own + 1  # the region named first leads the story
            (top, top_n), (_, second) = sorted(scores.items(), key=lambda kv: (-kv[1], first_named[kv[0]]))[:2]
            # a page that speaks of its own province is about one of those it names
            if top_n >= (1.5 if own else 2) * second and top_n > national and (body_hits[top] >= 2 or own):
                return top, "body", note
    if national >= 1 or len(body_hits) > 1:
        return "national", "national", note
    return NO_REGION, "none", note or "no region named in the title or the body"


# --------------------------------------------------------------------------- sentences


def split_sentences(text: str) -> list[str]:
    """Split one paragraph into sentences with the ``sentencex`` rule-based segmenter.

    It keeps "PM2.5", "No. 1", decimals and abbreviations whole and keeps a closing
    quote with its sentence.

    >>> split_sentences('Control PM2.5 in No. 1 zone. It fell 3.5%. He said "done." The first is to act.')
    ['Control PM2.5 in No. 1 zone.', 'It fell 3.5%.', 'He said "done."', 'The first is to act.']
    """
    return list(filter(None, map(str.strip, _sentencex_segment()("en", text))))


@lru_cache(maxsize=1)
def _sentencex_segment():
    """``sentencex.segment``, imported on first use (not when this module is imported).

    Remembered rather than imported in :func:`split_sentences`: a function-level import
    of an already imported module still costs about 1.5 microseconds (the import
    machinery's ``from ... import`` handling), and ``split_sentences`` runs once per
    paragraph, which added up to about 2% of parsing.
    """
    from sentencex import segment

    return segment


# --------------------------------------------------------------------------- one article


_NON_SLUG = re.compile(r"[^A-Za-z0-9]+")


def _slug(stem: str) -> str:
    slug = _NON_SLUG.sub("_", stem).strip("_").lower()
    return slug or "article"


def parse_article(
    text: str,
    *,
    article_id: str = "article",
    path: str = "",
    captured_on: date | str | None = None,
    url: str | None = None,
    regions_path: str | Path | None = None,
) -> Corpus:
    """Parse one scraped article into the corpus tables (one article row).

    Args:
        text: the page text, already decoded (any line endings).
        article_id: the id to key the rows by.
        path: the file the text came from, for the tables and messages.
        captured_on: the date the page was captured; needed to date relative release
            times ("3 months ago").
        url: the page's address, if known.
        regions_path: an alternative region gazetteer CSV.

    Returns:
        A :class:`Corpus`. If the text holds no English article text at all, ``articles``
        is empty and ``problems`` holds an ``error`` row saying why.

    >>> c = parse_article("China Carbon Credit Platform\\n\\nA plan for Hainan\\n\\nSourceCenewsComCn\\n"
    ...                   "Release Time2 weeks ago\\n\\nHainan will cut emissions by 2027.\\n\\nRegionHainan",
    ...                   captured_on="2025-01-15")
    >>> c.articles.loc[0, ["title", "source", "region"]].tolist(), int(c.articles.loc[0, "n_sentences"])
    (['A plan for Hainan', 'cenews.com.cn', 'Hainan'], 1)
    """
    parsed = _parse_records(
        text, article_id=article_id, path=path, captured=to_date(captured_on), url=url, regions_path=regions_path
    )
    return _assemble([parsed])


@dataclass
class _Parsed:
    """One file's rows as plain tuples (cheap to build, pickle and concatenate), and the
    :func:`fingerprint` of its text once known (a cache entry records it)."""

    article: tuple | None
    paragraphs: list[tuple]
    sentences: list[tuple]
    problems: list[tuple]
    text_fingerprint: str | None = field(default=None, compare=False, repr=False)


def _failed(path: str, code: str, message: str) -> _Parsed:
    """A file that ends in ``problems`` as an error."""
    return _Parsed(None, [], [], [(path, "error", code, message)])


def _article_window(meta: dict[str, str], captured: date | None, paragraphs: list[str],
                    sentences: list[str], url: str | None = None) -> dates.Window:
    """The publication window from every clue of a page (:func:`helpers.dates.article_window`):
    its release time, a date line, a dateline opening the body, a date in its address
    (``manifest.csv``'s url), dates and past years in the text, and the capture date as
    the upper bound."""
    evidence = []
    release = publication_window(meta.get("release"), captured)
    if release.start is not None:
        evidence.append(dates.Evidence("release_time", release.start, release.end, meta["release"]))
    elif meta.get("release"):
        evidence.append(dates.Evidence("release_time", None, None, release.note))
    if meta.get("date"):
        day = date.fromisoformat(meta["date"])
        evidence.append(dates.Evidence("date_line", day, day, meta["date"]))
    for paragraph in paragraphs[:2]:
        found = dates.dateline(paragraph, captured)
        if found is not None and found[0] is not None:
            if not dates.dateline_has_year(paragraph):
                # "LHASA, Aug. 16 (Xinhua) --" takes the latest such day the page allows: before
                # the capture date, and within the year its figures are of ("this year ... the
                # same period of 2022")
                this_year = [e for e in dates.text_evidence(sentences) if e.kind == "this_year"]
                bound = min([e.end for e in this_year] + ([captured] if captured else []))
                if this_year and bound != captured:
                    found = dates.dateline(paragraph, bound) or found
            evidence.append(dates.Evidence("dateline", found[0], found[0], found[1]))
            break
    if (in_url := dates.url_date(url)) is not None:  # ".../t20241202_...": the day the site published it
        evidence.append(dates.Evidence("url_date", in_url[0], in_url[1], url or ""))
    if not any(e.kind in dates.EXACT_BASES and e.start and e.end for e in evidence):
        # bounds from the text only count where no exact clue dates the page
        evidence.extend(dates.text_evidence(sentences))
    if captured is not None:
        evidence.append(dates.Evidence("capture_date", None, captured, str(captured)))
    window = dates.article_window(evidence)
    if meta.get("release") and release.start is None and release.note and release.basis != "out_of_range":
        # (an out-of-range release time has its own problems row: see _parse_records)
        window = dates.Window(window.start, window.end, window.basis, "; ".join(filter(None, [release.note, window.note])))
    return window


def _parse_records(
    text: str,
    *,
    article_id: str,
    path: str,
    captured: date | None,
    url: str | None,
    regions_path: str | Path | None,
    sha256: str | None = None,
    encoding: str | None = None,
    manifest_region: str | None = None,
) -> _Parsed:
    """Parse one decoded page into row tuples.

    ``sha256`` and ``encoding`` fill the article row's columns of those names; without
    ``sha256`` the hash of the text (UTF-8) is used, which for a UTF-8 file is the hash of
    its bytes (``load_corpus`` passes the hash of the bytes it read, computed once).
    """
    problems: list[tuple[str, str, str]] = []  # (severity, code, message)

    def warn(code: str, message: str) -> None:
        problems.append(("warning", code, message))

    # the text as given: for a UTF-8 file this equals the hash of its bytes, which
    # load_corpus records for every file (one meaning of sha256 for both entry points)
    text_sha256 = sha256 if sha256 is not None else hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\x0c", "\n")
    if _HTML_PAGE.match(text) or ("<" in text and (text.count("<p") + text.count("<div") + text.count("<br")) >= 3):
        text = html_to_text(text)
        warn("html", "the file is an HTML page; its visible text was extracted")
    raw_lines = normalize.normalize_lines(text)

    meta: dict[str, str] = {}
    dropped: set[int] = set()  # indices of the metadata lines, which are not content
    # A line longer than 80 characters is no metadata line, unless removing markup could
    # shorten it or it is a footer or a long release line; only the others are looked at.
    if "<" in text or ">" in text or "&" in text:
        maybe_meta = [
            i for i, line in enumerate(raw_lines)
            if line and (len(line) <= 80 or "<" in line or ">" in line or "&" in line or _long_metadata_candidate(line))
        ]
    else:
        maybe_meta = [i for i, line in enumerate(raw_lines) if 0 < len(line) <= 80 or _long_metadata_candidate(line)]
    for i in maybe_meta:
        line = normalize.strip_markup(raw_lines[i]).strip()
        m = _is_metadata(line)
        if m is None:
            continue
        dropped.add(i)
        fld, value = m
        if fld == "share":
            continue
        if fld == "release" and (also := _SOURCE_AFTER.search(line)):
            meta.setdefault("source", source_name(also["v"]))  # "Release Time3 months ago   Source: Financial News"
        if fld == "source" and "date" not in meta and (day := dates.date_line(line)) is not None:
            meta["date"] = day.isoformat()  # "Source: Hubei Daily 2023-11-08"
            value = dates.strip_date(value)
        if fld in meta and fld != "site":
            warn("metadata", f"a second '{fld}' line ('{value}') was ignored")
            continue
        meta.setdefault(fld, value)

    # A line that only dates the page ("Date: 2024-01-12"), near its top or bottom
    for i in [*range(min(12, len(raw_lines))), *range(max(12, len(raw_lines) - 8), len(raw_lines))]:
        if i not in dropped and raw_lines[i] and (day := dates.date_line(line := normalize.strip_markup(raw_lines[i]).strip())):
            meta["date"] = day.isoformat()
            if also := _SOURCE_AFTER.search(line):
                meta.setdefault("source", source_name(also["v"]))  # "26 July 2024    Source: Shanxi Daily    Hits: 1,562"
            dropped.add(i)
            break

    # Title: the first content line if it reads like a title and comes before the body:
    # when a header (banners above it, a site line, or a metadata line within the next three) marks it, or it
    # is followed by more text and does not read as body text itself.
    title_raw = None
    nonblank = list(islice(((i, line) for i, line in enumerate(raw_lines) if line and i not in dropped), 8))
    site_names = frozenset(v for k, v in meta.items() if k in ("source", "site") and v)
    banners = []
    while len(nonblank) > 1 and _is_banner(nonblank[0][1], nonblank[1][1], site_names):
        dropped.add(nonblank[0][0])  # a site banner or a breadcrumb above the title
        banners.append(nonblank.pop(0)[1])
    if nonblank:
        i0, first = nonblank[0]
        if _looks_like_title(first):
            header = bool(banners) or "site" in meta or any(
                _is_metadata(raw_lines[j]) is not None for j in range(i0 + 1, min(i0 + 4, len(raw_lines))) if raw_lines[j]
            )
            if header or (len(nonblank) > 1 and classify_paragraph(normalize.clean_text(first)) != "body"):
                title_raw = first
                dropped.add(i0)
    if title_raw is None:
        warn("no_title", "no title line found; the title is left empty")
    if not meta.get("release") and not meta.get("source") and "site" not in meta:
        warn("no_header", "no header found (site line, Source, Release Time); read as body text only")

    blocks = _paragraph_blocks([line for i, line in enumerate(raw_lines) if i not in dropped] if dropped else raw_lines)
    paragraphs: list[tuple] = []
    sentences: list[tuple] = []
    body_texts: list[str] = []
    n_words = 0
    sent_no = 0
    # the blocks are normalize_lines' lines joined by single spaces
    clean, word_search, cjk_search = normalize.clean_normalized, _WORD.search, normalize._CJK.search
    for raw in blocks:
        cleaned = clean(raw)
        if not word_search(cleaned) and not cjk_search(cleaned):
            if cleaned:
                warn("dropped_fragment", f"a fragment with no words was dropped: '{cleaned[:40]}'")
            continue
        para_no = len(paragraphs) + 1
        if not cleaned.isascii() and normalize.cjk_share(cleaned) > 0.5:
            paragraphs.append((article_id, para_no, "body", "zh", cleaned, raw))
            warn("untranslated", f"paragraph {para_no} is untranslated Chinese; kept in paragraphs, not split into sentences")
            continue
        # More than 25 words is always body text: count them without building the list.
        n = _count_words(cleaned)
        kind = "body" if n > 25 else classify_paragraph(cleaned, _WORD.findall(cleaned))
        paragraphs.append((article_id, para_no, kind, "en", cleaned, raw))
        if kind == "caption":
            continue
        body_texts.append(cleaned)
        n_words += n
        split = split_sentences(cleaned)
        sentences.extend(zip(repeat(article_id), repeat(para_no), range(sent_no + 1, sent_no + 1 + len(split)), split))
        sent_no += len(split)

    if not sentences:
        reason = "it holds no English article text"
        if any(p[3] == "zh" for p in paragraphs):
            reason = "its text is in Chinese only; translate it or remove it from the folder"
        elif title_raw:
            reason = "it has a title but no body text"
        return _failed(path, "no_text", f"nothing to analyse: {reason}")

    title = normalize.clean_text(title_raw) if title_raw else None
    if title and _looks_truncated(title, "\n".join([p[4] for p in paragraphs])):
        warn("title_truncated", f"the title looks cut off mid-word ('{title[-30:]}'); kept as scraped")
    window = _article_window(meta, captured, [p[4] for p in paragraphs if p[3] == "en"], [s[3] for s in sentences], url)
    if meta.get("release") and (release := publication_window(meta["release"], captured)).basis == "out_of_range":
        warn("out_of_range", release.note)
    if window.note:
        warn("no_date", f"publication date: {window.note}")
    body = "\n".join(body_texts)
    publisher = " | ".join(filter(None, [*banners, meta.get("source"), meta.get("site")]))
    region, basis, note = detect_region(
        title, body, meta.get("region"), manifest_region=manifest_region, regions_path=regions_path,
        publisher=publisher,
    )
    if note:
        warn("region", note)
    gaz = _gazetteer(regions_path)
    article = {
        "article_id": article_id,
        "path": path,
        "title": title,
        "source": _source_domain_cached(meta.get("source")),
        "source_raw": meta.get("source"),
        "release_raw": meta.get("release"),
        "published_min": window.start,
        "published_max": window.end,
        "published_basis": window.basis,
        "region": region,
        "region_basis": basis,
        "n_paragraphs": len(paragraphs),
        "n_sentences": len(sentences),
        "n_words": n_words,
        "sha256": text_sha256,
        "site": meta.get("site"),
        "url": url,
        "captured_on": captured,
        "region_iso": gaz.iso_of.get(region or ""),
        "likes": _count(meta, "like", warn),
        "collects": _count(meta, "collect", warn),
        "encoding": encoding,
    }
    return _Parsed(
        tuple(map(article.__getitem__, ARTICLE_COLUMNS)), paragraphs, sentences,
        [(path, sev, code, msg) for sev, code, msg in problems],
    )


def _count(meta: dict[str, str], fld: str, warn) -> int | None:
    """The ``Like(n)`` / ``Collect(n)`` count of a page, or ``None``; a count over
    :data:`MAX_COUNT` is a misread (no page has that many) and is reported, not stored."""
    raw = meta.get(fld)
    if raw is None:
        return None
    if len(raw) > len(str(MAX_COUNT)) or int(raw) > MAX_COUNT:
        shown = raw if len(raw) <= 30 else f"{raw[:12]}...{raw[-6:]} ({len(raw)} digits)"
        warn("out_of_range", f"the {fld} count {shown} is out of range (over {MAX_COUNT:,}); left empty")
        return None
    return int(raw)


_DATE_COLUMNS = ("published_min", "published_max", "captured_on")
_INT_COLUMNS = ("n_paragraphs", "n_sentences", "n_words", "para_no", "sent_no")
_NULLABLE_INT_COLUMNS = ("likes", "collects")


def _frame(rows: list[tuple], columns: list[str]) -> pd.DataFrame:
    """Build one table from row tuples, with the contract's dtypes (also when empty).

    Columns are built straight from the tuples: an all-ASCII text column as an object
    array and an integer column as ``int64``, which is what pandas' inference followed by
    the ``astype`` in :func:`_frame_from_records` gives for them, without the round trip
    through pandas' string dtype. Every other column (dates, nullable integers, missing or
    non-ASCII text, anything unexpected) is built by :func:`_frame_from_records` itself,
    so the table is the same whichever way a column was built.
    """
    if not rows or set(map(len, rows)) != {len(columns)}:
        return _frame_from_records(rows, columns)
    data = {}
    others: dict[str, list] = {}
    missing: list = []  # pandas' missing text values, found out once if needed
    for i, col in enumerate(columns):
        values = list(map(itemgetter(i), rows))
        series = _plain_column(col, values, missing)
        if series is None:
            others[col] = values
        data[col] = series
    if others:  # one general build for the rest (pandas infers each column on its own)
        rest = _frame_from_records(list(zip(*others.values())), list(others))
        for col in others:
            data[col] = rest[col]
    return pd.DataFrame(data, copy=False)


def _plain_column(col: str, values: list, missing: list) -> pd.Series | None:
    """One column of :func:`_frame` built directly, or ``None`` if it is not a plain case.

    The plain cases, each giving what :func:`_frame_from_records` gives for it:

    * an integer column of Python ints: ``int64``;
    * a date column of ``datetime.date`` objects (not datetimes) and ``None``, within the
      years every pandas version converts: ``datetime64[s]``, ``None`` as ``NaT``;
    * a nullable-integer column of ints and ``None`` within +-2**53 (exact as floats,
      which pandas goes through when a value is missing): ``Int64``;
    * any other column of ASCII strings and ``None``: ``object``, a ``None`` replaced by
      what pandas makes of it (:func:`_missing_text`, kept in ``missing``).
    """
    types = set(map(type, values))
    if col in _INT_COLUMNS:
        if types == {int}:
            try:
                return pd.Series(np.array(values, dtype=np.int64), copy=False)
            except OverflowError:
                return None
        return None
    if col in _DATE_COLUMNS:
        dates = [v for v in values if v is not None]
        if types <= {date, type(None)} and (not dates or (min(dates) >= _MIN_DATE and max(dates) <= _MAX_DATE)):
            seconds = [_NAT if v is None else (v.toordinal() - _EPOCH_ORDINAL) * 86400 for v in values]
            return pd.Series(np.array(seconds, dtype=np.int64).view("datetime64[s]"), copy=False)
        return None
    if col in _NULLABLE_INT_COLUMNS:
        ints = [v for v in values if v is not None]
        if types <= {int, type(None)} and (not ints or (min(ints) >= -(2**53) and max(ints) <= 2**53)):
            return pd.Series(pd.array(values, dtype="Int64"), copy=False)
        return None
    if not types <= {str, type(None)}:
        return None
    if type(None) in types:
        texts = [v for v in values if v is not None]
        if not all(map(str.isascii, texts)):
            return None
        if not missing:
            missing.extend(_missing_text())
        fill = missing[0] if texts else missing[1]
        values = [fill if v is None else v for v in values]
    elif not all(map(str.isascii, values)):
        return None
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return pd.Series(array, dtype=object, copy=False)


def _missing_text() -> tuple[object, object]:
    """What :func:`_frame_from_records` makes of ``None`` in a text column: with other
    (string) values, and when the whole column is ``None``. Asked of pandas itself, as its
    string inference decides it (NaN under pandas 3's ``str`` dtype, ``None`` before)."""
    probe = _frame_from_records([("a", None), (None, None)], ["text", "none"])
    return probe["text"].iloc[1], probe["none"].iloc[0]


_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_NAT = np.iinfo(np.int64).min  # numpy's NaT as an integer


#: Dates :func:`_plain_column` converts itself: inside the nanosecond-timestamp range that
#: older pandas versions convert dates to.
_MIN_DATE, _MAX_DATE = date(1678, 1, 1), date(2261, 12, 31)


def _frame_from_records(rows: list[tuple], columns: list[str]) -> pd.DataFrame:
    """:func:`_frame` the general way: pandas infers each column, then it is cast."""
    df = pd.DataFrame.from_records(rows, columns=columns) if rows else pd.DataFrame({c: [] for c in columns})
    for col in columns:
        if col in _DATE_COLUMNS:
            df[col] = pd.to_datetime(df[col]).astype("datetime64[s]")
        elif col in _INT_COLUMNS:
            df[col] = df[col].astype("int64")
        elif col in _NULLABLE_INT_COLUMNS:
            df[col] = df[col].astype("Int64")
        else:
            df[col] = df[col].astype("object")
    return df


#: The row order of each corpus table (stable sorts; ``problems`` puts errors first and
#: keeps file order within a path). :func:`_assemble` and :func:`sort_table` both use it.
SORT_KEYS = {
    "articles": ("article_id",),
    "paragraphs": ("article_id", "para_no"),
    "sentences": ("article_id", "sent_no"),
    "problems": ("not_error", "path"),
}


def _sort_rows(table: str, rows: list[tuple], columns: list[str]) -> None:
    """Sort row tuples in place by :data:`SORT_KEYS` (before the table is built)."""
    idx = [None if c == "not_error" else columns.index(c) for c in SORT_KEYS[table]]
    if None not in idx and len(idx) > 1:
        rows.sort(key=itemgetter(*idx))  # the same key tuples, built in C
        return
    sev = columns.index("severity") if None in idx else -1
    rows.sort(key=lambda r: tuple((r[sev] != "error") if i is None else r[i] for i in idx))


def sort_table(table: str, df: pd.DataFrame) -> pd.DataFrame:
    """A corpus table (e.g. concatenated from partitions) in the order ``load_corpus`` gives."""
    keys = list(SORT_KEYS[table])
    if _in_order(df, keys):  # chunks of files in order stack in order: nothing to sort
        return df.reset_index(drop=True)
    if "not_error" in keys:
        df = df.assign(not_error=df["severity"].ne("error"))
    df = df.sort_values(keys, kind="stable")
    return df.drop(columns="not_error", errors="ignore").reset_index(drop=True)


def _in_order(df: pd.DataFrame, keys: list[str]) -> bool:
    """Whether a stable sort of ``df`` by one or two ``keys`` would leave it as it is
    (checked in one pass, for tables without missing keys; False when unsure)."""
    if not 1 <= len(keys) <= 2 or not set(keys) <= set(df.columns) or df[keys].isna().any().any():
        return False
    first = df[keys[0]]
    if not first.is_monotonic_increasing:
        return False
    if len(keys) == 1:
        return True
    a, b = first.to_numpy(), df[keys[1]].to_numpy()
    tie = a[1:] == a[:-1]
    return bool(np.all(b[1:][tie] >= b[:-1][tie]))


def _assemble(parts: list[_Parsed], extra_problems: list[tuple] = ()) -> Corpus:
    """Stack parsed files into a sorted :class:`Corpus` (errors first in ``problems``)."""
    articles = [p.article for p in parts if p.article is not None]
    paragraphs = [row for p in parts for row in p.paragraphs]
    sentences = [row for p in parts for row in p.sentences]
    problems = list(extra_problems) + [row for p in parts for row in p.problems]
    for name, rows, columns in (("articles", articles, ARTICLE_COLUMNS), ("paragraphs", paragraphs, PARAGRAPH_COLUMNS),
                                ("sentences", sentences, SENTENCE_COLUMNS), ("problems", problems, PROBLEM_COLUMNS)):
        _sort_rows(name, rows, columns)
    return Corpus(
        _frame(articles, ARTICLE_COLUMNS),
        _frame(paragraphs, PARAGRAPH_COLUMNS),
        _frame(sentences, SENTENCE_COLUMNS),
        _frame(problems, PROBLEM_COLUMNS),
    )


# --------------------------------------------------------------------------- many files


def read_manifest(folder: Path) -> tuple[dict[str, dict], list[tuple[str, str, str, str]]]:
    """Read ``manifest.csv`` (columns ``file``, ``url``, ``captured_on`` and, optionally,
    ``region``: an analyst's override of the article's region) in ``folder``.

    Returns ``({file name: {"url", "captured_on", "region"}}, problem rows)``. A malformed row becomes
    a warning; a missing manifest is not a problem.
    """
    path = folder / "manifest.csv"
    entries: dict[str, dict] = {}
    problems: list[tuple[str, str, str, str]] = []
    if not path.is_file():
        return entries, problems
    try:
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    except (UnicodeDecodeError, csv.Error) as exc:
        return entries, [("manifest.csv", "warning", "manifest", f"manifest.csv could not be read ({exc}); capture dates unknown")]
    for lineno, row in enumerate(rows, start=2):
        name = (row.get("file") or "").strip()
        if not name:
            problems.append(("manifest.csv", "warning", "manifest", f"manifest.csv row {lineno} has no 'file'; row ignored"))
            continue
        try:
            captured = to_date(row.get("captured_on"))
        except ValueError as exc:
            problems.append(("manifest.csv", "warning", "manifest", f"manifest.csv row {lineno}: {exc}; capture date ignored"))
            captured = None
        entries[name] = {
            "url": (row.get("url") or "").strip() or None, "captured_on": captured,
            "region": (row.get("region") or "").strip() or None,
        }
    return entries, problems


def _list_inputs(source: str | Path | Sequence[str | Path]) -> tuple[list[Path], Path]:
    """The input files, sorted, and the folder paths are reported relative to."""
    if isinstance(source, (str, os.PathLike)):
        root = Path(source)
        if root.is_dir():
            return [root.joinpath(*parts) for parts, _ in _scan_folder(root)], root
        return [root], root.parent
    # Resolved, so that relative and absolute spellings of the same files give the same
    # relative paths, article ids and manifest matches.
    files = [Path(p).resolve() for p in source]
    if not files:
        return [], Path(".")
    parents = {p.parent for p in files}
    root = Path(os.path.commonpath([str(p) for p in parents])) if parents else Path(".")
    return sorted(set(files), key=lambda p: str(p)), root  # a path given twice is one input


class EmptyCorpusError(ValueError, FileNotFoundError):
    """The corpus source holds no file to read (an empty folder, or one with only hidden
    files, ``manifest.csv`` and READMEs; or an empty list of paths).

    A ``ValueError`` (the source is no corpus) that is also a ``FileNotFoundError`` (no
    article file was found), so that callers which report a missing corpus folder in one
    line (``python -m helpers.report``) report an empty one the same way.
    """


def _scan_folder(
    root: Path, odd: list[tuple[tuple[str, ...], str]] | None = None
) -> list[tuple[tuple[str, ...], bool]]:
    """The input files under the folder ``root``: ``(parts relative to root, is a symlink)``.

    The same files, in the same order, as sorting the paths of ``root.rglob("*")`` that
    are files (``Path.is_file``), are not named in :data:`IGNORED_NAMES` and have no hidden
    part (starting with "."), but from one ``os.scandir`` pass: the directory entries
    already know their type, so no ``stat`` per file is needed. As ``rglob`` does, it
    descends into real directories only (not into symlinks to directories) and skips a
    directory it may not read; hidden directories are not entered (nothing in them is an
    input).

    ``odd``, if given, receives the other entries that are neither files nor directories,
    sorted, as ``(parts, kind)``: ``dir_link`` (a symlink to a directory), ``dangling`` (a
    symlink that leads nowhere: its target is missing or it loops) or ``special`` (a pipe,
    socket or device).
    """
    found: list[tuple[tuple[str, ...], bool]] = []
    others: list[tuple[tuple[str, ...], str]] = []

    def visit(folder: str, parts: tuple[str, ...]) -> None:
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except PermissionError:
            return
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                link = entry.is_symlink()
                if not link and entry.is_dir(follow_symlinks=False):
                    visit(entry.path, parts + (name,))
                    continue
                is_file = entry.is_file(follow_symlinks=False) if not link else Path(entry.path).is_file()
            except OSError:
                link, is_file = True, Path(entry.path).is_file()  # an odd entry: ask as Path.is_file does
            if name.lower() in IGNORED_NAMES:
                continue
            if is_file:
                found.append((parts + (name,), link))
            elif odd is not None:
                kind = ("dir_link" if Path(entry.path).is_dir() else "dangling") if link else "special"
                others.append((parts + (name,), kind))

    visit(os.fspath(root), ())
    found.sort()  # Path order: by parts (case-sensitive), the same for all under one root
    if odd is not None:
        odd.extend(sorted(others))
    return found


@dataclass(frozen=True)
class _Task:
    path: str  # absolute
    rel: str
    article_id: str
    captured_on: date | None
    url: str | None
    max_bytes: int
    regions_path: str | None
    region: str | None = None  # the manifest's region for the file, if any
    link: bool = False  # listed through a symlink (a duplicate keeps the real file)


def _read_input(task: _Task) -> bytes | _Parsed:
    """The bytes of a task's file, or the error record of a file that is not read: too
    large, unreadable, or no regular file (a pipe or a device would block or never end)."""
    try:
        data, size = _read_regular(task.path, task.max_bytes)
    except OSError as exc:
        return _failed(task.rel, "unreadable", f"the file could not be read ({exc.strerror or exc})")
    if size < 0:
        return _failed(task.rel, "not_a_file", "not a regular file (a pipe, socket or device); not read")
    if data is None:
        return _failed(
            task.rel, "too_large",
            f"the file is {size:,} bytes, over the {task.max_bytes:,}-byte limit; split it or raise max_bytes",
        )
    return data


#: Flags to open an input with: a pipe opened without O_NONBLOCK would wait for a writer.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def _read_regular(path: str, limit: int) -> tuple[bytes | None, int]:
    """``(bytes, size)`` of the file ``path``: ``(None, -1)`` if it is no regular file,
    ``(None, size)`` if it holds more than ``limit`` bytes (also when it grows past it
    while read). One ``open``, ``fstat`` and, for a file of the size ``fstat`` gives, one
    ``read`` (of a byte more than that: a short read of a regular file is its end)."""
    fd = os.open(path, _OPEN_FLAGS)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None, -1
        if info.st_size > limit:
            return None, info.st_size
        chunks: list[bytes] = []
        size, want = 0, info.st_size + 1
        while size <= limit:
            ask = min(want, limit + 1 - size)
            chunk = os.read(fd, ask)
            chunks.append(chunk)
            size += len(chunk)
            if len(chunk) < ask:  # a short read of a regular file: its end
                break
            want = 1 << 16
        if size > limit:
            return None, size
        return (chunks[0] if len(chunks) == 1 else b"".join(chunks)), size
    finally:
        os.close(fd)


def _parse_file(task: _Task) -> _Parsed:
    """Read, decode and parse one file; never raises for bad input."""
    data = _read_input(task)
    return data if isinstance(data, _Parsed) else _parse_bytes(task, data)


def _parse_bytes(task: _Task, data: bytes, sha256: str | None = None) -> _Parsed:
    """Decode and parse a file's bytes (``sha256``: their hash, if already known)."""
    try:
        decoded = decode_bytes(data)
    except _InputError as exc:
        return _failed(task.rel, exc.code, str(exc))
    try:
        parsed = _parse_records(
            decoded.text, article_id=task.article_id, path=task.rel, captured=task.captured_on,
            url=task.url, regions_path=task.regions_path, sha256=sha256 or hashlib.sha256(data).hexdigest(),
            encoding=decoded.encoding, manifest_region=task.region,
        )
    except LexiconError:
        raise  # a broken lexicon concerns every file: stop with its message
    except Exception as exc:  # noqa: BLE001 - one odd page must not stop the whole run
        return _failed(task.rel, "parse_error",
                       f"the parser failed on this page ({type(exc).__name__}: {exc}); please report it")
    if parsed.article is not None and decoded.warnings:
        parsed.problems = [(task.rel, "warning", c, m) for c, m in decoded.warnings] + parsed.problems
    return parsed


@lru_cache(maxsize=1)
def _parser_code_digest() -> str:
    """Hash of the parser's own source files: editing the parser invalidates the cache
    without anyone having to remember to bump :data:`PARSER_VERSION`."""
    from helpers import dates, lexicons

    h = hashlib.sha256()
    for module in (sys.modules[__name__], normalize, dates, lexicons):
        h.update(Path(module.__file__).read_bytes())
    return h.hexdigest()[:16]


def _parser_version() -> str:
    """The parser's version as a cache entry records it: :data:`PARSER_VERSION` and the
    hash of the parser's code."""
    return f"{PARSER_VERSION}:{_parser_code_digest()}"


def _cache_key(task: _Task, data: bytes, sha256: str | None = None, lexicons: tuple[str, str] | None = None) -> str:
    """The name of a file's cache entry: a hash of everything its parse depends on (the
    parser's version, the file's content hash ``sha256`` (computed if not given), its
    path, id, capture date, url, manifest region and the region lexicons, whose
    :func:`_lexicon_digests` may be given, as one run computes them once)."""
    regions, cues = lexicons or _lexicon_digests(task.regions_path)
    parts = [PARSER_VERSION, _parser_code_digest(), sha256 or hashlib.sha256(data).hexdigest(), task.rel,
             task.article_id, str(task.captured_on), task.url or "", regions, task.region or "", cues]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _lexicon_digests(regions_path: str | None) -> tuple[str, str]:
    """The digests of the region gazetteer and of the national cues a parse reads."""
    return file_digest(regions_path or str(lexicon_path("regions"))), file_digest(lexicon_path("national_cues"))


#: The cache entry format (JSON: data only, so a crafted entry cannot run code).
CACHE_FORMAT = 2
#: Suffixes of cache entries and of the temporary files they are written through.
_ENTRY_SUFFIX, _TMP_SUFFIX = ".json", ".tmp"
#: The columns of the article row that hold dates (ISO strings in an entry).
_ARTICLE_DATES = tuple(ARTICLE_COLUMNS.index(c) for c in ("published_min", "published_max", "captured_on"))
_ARTICLE_DATE_VALUES = itemgetter(*_ARTICLE_DATES)
#: The counts of the article row (paragraphs, sentences, words, likes, collects).
_ARTICLE_COUNTS = itemgetter(*(ARTICLE_COLUMNS.index(c) for c in ("n_paragraphs", "n_sentences", "n_words", "likes", "collects")))
#: The types each article column may hold (after the dates are read back).
_ARTICLE_TYPES = tuple(
    {int} if c in ("n_paragraphs", "n_sentences", "n_words")
    else {int, type(None)} if c in ("likes", "collects")
    else {date, datetime, type(None)} if c in ("published_min", "published_max", "captured_on")
    else {str} if c in ("article_id", "path", "sha256", "published_basis", "region_basis")
    else {str, type(None)}
    for c in ARTICLE_COLUMNS
)
#: The columns an entry stores of the paragraph and sentence rows (without ``article_id``),
#: with the type of their values. A text column is a list of strings or, when none holds a
#: newline, one string of them joined by newlines (far quicker to read back); a
#: ``raw_text`` of ``null`` stands for "the same as ``text``", a ``sent_no`` of ``null``
#: for 1, 2, ... .
_ENTRY_COLUMNS = {
    "paragraphs": (("para_no", int), ("kind", str), ("lang", str), ("text", str), ("raw_text", str)),
    "sentences": (("para_no", int), ("sent_no", int), ("text", str)),
}
_KINDS, _LANGS, _SEVERITIES = {"body", "caption", "heading"}, {"en", "zh"}, {"error", "warning"}


def _day_text(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def _day_of(value: object) -> object:
    """A date written by :func:`_day_text` (a datetime's ISO form has a "T"), else ``value``."""
    if not isinstance(value, str):
        return value
    return datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)


def _entry_json(parsed: _Parsed, key: str, sha256: str) -> bytes:
    """A cache entry (JSON, ASCII): what the parse was made from (key, content hash,
    parser version), the article row, the paragraph and sentence rows by column (the
    article id, the same in every row, left out), the problems (without the path) and the
    text's :func:`fingerprint` (``null`` without an article)."""
    article = parsed.article
    if article is not None:
        article = list(article)
        for i in _ARTICLE_DATES:
            article[i] = _day_text(article[i])
    tables = {}
    for name, rows in (("paragraphs", parsed.paragraphs), ("sentences", parsed.sentences)):
        columns = [list(col) for col in zip(*rows)][1:] if rows else [[] for _ in _ENTRY_COLUMNS[name]]
        tables[name] = {
            col: "\n".join(values) if kind is str and values and not any("\n" in v for v in values) else values
            for (col, kind), values in zip(_ENTRY_COLUMNS[name], columns)
        }
    paragraphs, sentences = tables["paragraphs"], tables["sentences"]
    if paragraphs["raw_text"] == paragraphs["text"]:
        paragraphs["raw_text"] = None
    if sentences["sent_no"] == list(range(1, len(sentences["sent_no"]) + 1)):
        sentences["sent_no"] = None  # numbered 1.., as the parser numbers them
    entry = {"format": CACHE_FORMAT, "key": key, "sha256": sha256, "parser": _parser_version(),
             "article": article, **tables, "problems": [list(row[1:]) for row in parsed.problems],
             "fingerprint": fingerprint(parsed)}
    return json.dumps(entry, separators=(",", ":"), allow_nan=False).encode("ascii")


def _entry_columns(entry: dict, name: str) -> list[list] | None:
    """The columns of table ``name`` in an entry (see :data:`_ENTRY_COLUMNS`), or ``None``
    if one is missing, of another length than the others, or holds a value of a type it
    may not."""
    table = entry.get(name)
    if not isinstance(table, dict):
        return None
    columns = []
    for col, kind in _ENTRY_COLUMNS[name]:
        values = table.get(col)
        if values is None and col == "raw_text":
            values = columns[-1]  # the same as text
        elif values is None and col == "sent_no":
            values = list(range(1, len(columns[-1]) + 1))  # numbered 1..
        elif kind is str and isinstance(values, str):
            values = values.split("\n")
        elif not isinstance(values, list) or set(map(type, values)) - {kind}:
            return None
        columns.append(values)
    return columns if len(set(map(len, columns))) == 1 else None


def _entry_parsed(raw: bytes, task: _Task, key: str, sha256: str) -> tuple[_Parsed | None, str]:
    """The parse a cache entry holds, or ``(None, why it is not used)``.

    An entry is used only if it is what :func:`_entry_json` writes for this very file:
    valid JSON of the right format, recording this file's key, content hash and parser
    version, with columns and rows of the right shape and types, an article row of this
    file's id and path, and either an article (and warnings) or no rows but an error.
    """
    try:
        entry = json.loads(raw.decode("ascii"))
    except (ValueError, RecursionError):  # (UnicodeDecodeError is a ValueError)
        return None, "not valid JSON"
    if not isinstance(entry, dict) or entry.get("format") != CACHE_FORMAT:
        return None, "not a cache entry of this version"
    if entry.get("key") != key or entry.get("sha256") != sha256 or entry.get("parser") != _parser_version():
        return None, "written for another file, content or parser version"
    paragraphs, sentences = _entry_columns(entry, "paragraphs"), _entry_columns(entry, "sentences")
    problems = entry.get("problems")
    if paragraphs is None or sentences is None or not isinstance(problems, list):
        return None, "tables of the wrong shape or type"
    if set(map(type, problems)) - {list} or set(map(tuple, map(map, repeat(type), problems))) - {(str, str, str)}:
        return None, "problem rows of the wrong shape or type"
    severities = set(map(itemgetter(0), problems))
    if severities - _SEVERITIES or set(paragraphs[1]) - _KINDS or set(paragraphs[2]) - _LANGS:
        return None, "an unknown severity, paragraph kind or language"
    article, text_fingerprint = entry.get("article"), entry.get("fingerprint")
    if article is None:
        if paragraphs[0] or sentences[0] or "error" not in severities or text_fingerprint is not None:
            return None, "no article, yet no error"
    else:
        if not isinstance(article, list) or len(article) != len(ARTICLE_COLUMNS) or "error" in severities:
            return None, "an article row of the wrong shape"
        if not (isinstance(text_fingerprint, str) and len(text_fingerprint) == 64):
            return None, "no fingerprint of the article's text"
        try:
            for i in _ARTICLE_DATES:
                article[i] = _day_of(article[i])
        except (TypeError, ValueError):
            return None, "an article row with a malformed date"
        if not all(map(contains, _ARTICLE_TYPES, map(type, article))):
            return None, "an article row of the wrong type"
        if article[0] != task.article_id or article[1] != task.rel:
            return None, "the article row of another file"
        days = [d for d in _ARTICLE_DATE_VALUES(article) if d is not None]
        counts = [n for n in _ARTICLE_COUNTS(article) if n is not None]
        if not all(map(dates.in_range, days)) or (counts and not (0 <= min(counts) and max(counts) <= 2**53)):
            return None, "an article row with numbers out of range"
        article = tuple(article)
    aid, rel = task.article_id, task.rel
    return _Parsed(
        article, list(zip(repeat(aid), *paragraphs)), list(zip(repeat(aid), *sentences)),
        list(zip(repeat(rel), *zip(*problems))) if problems else [], text_fingerprint,
    ), ""


def _parse_cached(task: _Task, cache_dir: Path | None, lexicons: tuple[str, str] | None = None) -> _Parsed:
    """Parse one file, reusing a cached result for the same content, date and parser.

    Entries are JSON files named by :func:`_cache_key`, each recording the file's content
    hash and the parser version, checked (:func:`_entry_parsed`) before it is used. An
    entry that fails a check (corrupt, of another file or version, malformed, swapped
    from another file's name) is never fatal: the file is parsed again, the entry
    rewritten, and the result carries a ``cache_entry_replaced`` warning saying why. A
    cache that cannot be written (a full disk, no permission) only costs the reuse.
    ``lexicons``: :func:`_lexicon_digests` of the task's regions, if known.
    """
    if cache_dir is None:
        return _parse_file(task)
    data = _read_input(task)
    if isinstance(data, _Parsed):  # unreadable, too large, no regular file: nothing to cache
        return data
    sha256 = hashlib.sha256(data).hexdigest()
    key = _cache_key(task, data, sha256, lexicons)
    entry = f"{os.fspath(cache_dir)}/{key}{_ENTRY_SUFFIX}"
    replaced = ""
    try:
        raw, size = _read_regular(entry, _MAX_ENTRY_FACTOR * len(data) + 1_000_000)
        if raw is None:
            replaced = "it is no regular file" if size < 0 else "it is far larger than any entry of this file"
    except FileNotFoundError:
        raw = None
    except OSError as exc:
        raw, replaced = None, f"it could not be read ({exc.strerror or exc})"
    if raw is not None:
        cached, replaced = _entry_parsed(raw, task, key, sha256)
        if cached is not None:
            return cached
    parsed = _parse_bytes(task, data, sha256)
    parsed.text_fingerprint = fingerprint(parsed)  # for the entry, and then for load_corpus
    _write_entry(entry, _entry_json(parsed, key, sha256))
    if replaced:
        parsed.problems = parsed.problems + [(task.rel, "warning", "cache_entry_replaced",
                                              f"the parse cache entry for this file was not used ({replaced}); "
                                              "the file was parsed again and the entry replaced")]
    return parsed


def _write_entry(path: str, payload: bytes) -> None:
    """Write a cache entry through a temporary file (never a half-written entry); a
    failure to write leaves no temporary file behind and is not an error. The first write
    of a process to a folder first removes the folder's orphans (:func:`_clean_cache`): a
    run that only reads the cache does not list it, and an orphan only stands for an entry
    that a later run writes."""
    folder = os.path.dirname(path)
    if folder not in _CLEANED:
        _CLEANED.add(folder)
        _clean_cache(folder)
    tmp = f"{path}.{os.getpid()}.{os.urandom(4).hex()}{_TMP_SUFFIX}"
    try:
        with open(tmp, "wb") as fh:
            fh.write(payload)
        os.replace(tmp, path)
    except OSError:
        try:
            os.remove(tmp)
        except OSError:
            pass


#: The cache folders this process has cleaned of orphans (see :func:`_write_entry`).
_CLEANED: set[str] = set()
#: An entry holds a file's text about three times over (paragraphs, raw text, sentences),
#: at most six bytes a character in JSON: one larger than this many times the file is none.
_MAX_ENTRY_FACTOR = 32
#: A temporary cache file this old is an orphan even if the process named in it lives.
_ORPHAN_AGE = 3600
_TMP_NAME = re.compile(r"^[0-9a-f]{64}\.json\.(\d+)\.[0-9a-f]+\.tmp$|^[0-9a-f]{64}\.(\d+)\.tmp$")
#: Entries of the old pickle format (never read: a crafted one could run code).
_OLD_ENTRY = re.compile(r"^[0-9a-f]{64}\.pkl$")


def _clean_cache(folder: Path) -> None:
    """Remove the orphans of the parse cache in ``folder``: temporary files whose writer
    is gone (its process no longer runs here, or it is over an hour old) and entries of
    the old pickle format. Only names the cache itself writes are touched."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    now = time.time()
    for name in names:
        if not name.endswith((_TMP_SUFFIX, ".pkl")):  # (one C call a name: the entries pass quickly)
            continue
        path = os.path.join(folder, name)
        if _OLD_ENTRY.match(name):
            orphan = True
        elif (m := _TMP_NAME.match(name)) is not None:
            try:
                old = now - os.lstat(path).st_mtime > _ORPHAN_AGE
            except OSError:
                continue
            orphan = old or not _process_runs(int(m.group(1) or m.group(2)))
        else:
            continue
        if orphan:
            try:
                os.remove(path)
            except OSError:
                pass


def _process_runs(pid: int) -> bool:
    """Whether a process ``pid`` runs on this machine."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # someone else's process, or no way to tell: leave its file alone
    return True


def _parse_chunk(args: tuple[list[_Task], str | None]) -> list[_Parsed]:
    tasks, cache_dir = args
    cache = Path(cache_dir) if cache_dir else None
    digests = _digests_of(tasks) if cache else {}
    with gc_paused():
        return [_parse_cached(t, cache, digests.get(t.regions_path)) for t in tasks]


def _digests_of(tasks: list[_Task]) -> dict[str | None, tuple[str, str]]:
    """:func:`_lexicon_digests` of each region gazetteer the tasks read, once each."""
    return {path: _lexicon_digests(path) for path in {t.regions_path for t in tasks}}


def _input_paths(
    source: str | Path | Sequence[str | Path], *, follow_links: bool = False
) -> tuple[list[tuple[str, str, str, bool]], Path, list[tuple[str, str, str, str]]]:
    """The input files as ``(resolved absolute path, path relative to root (posix), name,
    is a symlink)``, in :func:`_list_inputs` order, the root, and the problem rows of the
    symlinks in a folder that are not read.

    For a folder the resolved path of a file that is not a symlink is the resolved folder
    joined with the relative path (the scan enters no symlinked directory), so only the
    folder and symlinked files are resolved, not every file. A symlink in a folder that
    leads nowhere (dangling, a loop) is an ``error`` row (``dangling_link``); one to a file
    outside the folder is an ``error`` row (``outside_link``) unless ``follow_links``, one
    to a folder outside it a ``warning`` (folders behind links are never entered); a pipe,
    socket or device is an ``error`` row (``not_a_file``).
    """
    if isinstance(source, (str, os.PathLike)) and Path(source).is_dir():
        root = Path(source)
        real = root.resolve()
        real_root = str(real).rstrip("/")
        out = []
        rejected: list[tuple[str, str, str, str]] = []
        odd: list[tuple[tuple[str, ...], str]] = []
        for parts, link in _scan_folder(root, odd):
            rel = "/".join(parts)
            if not link:
                out.append((f"{real_root}/{rel}", rel, parts[-1], False))
                continue
            path = root.joinpath(*parts)
            try:
                target = path.resolve()
            except (OSError, RuntimeError):  # a loop on the way
                rejected.append((rel, "error", "dangling_link", f"a link that leads nowhere ('{_link_text(path)}'); not read"))
                continue
            if not follow_links and not target.is_relative_to(real):
                rejected.append((rel, "error", "outside_link",
                                 f"a link to a file outside the corpus folder ('{_link_text(path)}'); not followed "
                                 "(copy the file in, or pass follow_links=True)"))
                continue
            out.append((str(target), rel, parts[-1], True))
        for parts, kind in odd:
            rel, path = "/".join(parts), root.joinpath(*parts)
            if kind == "special":
                rejected.append((rel, "error", "not_a_file", "not a regular file (a pipe, socket or device); not read"))
            elif kind == "dangling":
                rejected.append((rel, "error", "dangling_link",
                                 f"a link to '{_link_text(path)}', which does not exist (or loops); not read"))
            elif not _resolves_inside(path, real):
                rejected.append((rel, "warning", "outside_link",
                                 f"a link to a folder outside the corpus folder ('{_link_text(path)}'); not entered"))
        rejected.sort()
        return out, root, rejected
    files, root = _list_inputs(source)
    given = {} if isinstance(source, (str, os.PathLike)) else {str(Path(p).resolve()): Path(p).is_symlink() for p in source}
    return [
        (str(path.resolve()), path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name, path.name,
         given.get(str(path), path.is_symlink()))
        for path in files
    ], root, []


def _link_text(path: Path) -> str:
    """What a symlink says it points to, as written (for messages)."""
    try:
        return os.readlink(path)
    except OSError:
        return "?"


def _resolves_inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder)
    except (OSError, RuntimeError):
        return False


def _without_suffix(rel: str) -> str:
    """``Path(rel).with_suffix("").as_posix()`` for a clean relative posix path.

    >>> _without_suffix("a/b.c.txt"), _without_suffix("notes"), _without_suffix("a.b/c.")
    ('a/b.c', 'notes', 'a.b/c.')
    """
    head, sep, name = rel.rpartition("/")
    i = name.rfind(".")
    return head + sep + name[:i] if 0 < i < len(name) - 1 else rel


def plan_inputs(
    source: str | Path | Sequence[str | Path],
    *,
    as_of: date | str | None = None,
    max_bytes: int = MAX_BYTES,
    regions_path: str | Path | None = None,
    follow_links: bool = False,
) -> tuple[list[_Task], list[tuple]]:
    """List the input files with their ids and capture dates, and the problems found
    before any file is read: the manifest's, and the folder's symlinks that are not read
    (see :func:`load_corpus`).

    Used by :func:`load_corpus`, :mod:`helpers.pipeline` and :mod:`helpers.scale` so all
    assign the same ids.

    Raises:
        FileNotFoundError: ``source`` does not exist.
        EmptyCorpusError: ``source`` holds no file to read.
        ValueError: ``as_of`` is not a date.
    """
    default_capture = to_date(as_of)
    if isinstance(source, (str, os.PathLike)) and not Path(source).exists():
        raise FileNotFoundError(f"corpus source '{source}' does not exist")
    inputs, root, rejected = _input_paths(source, follow_links=follow_links)
    if not inputs and not rejected:
        if isinstance(source, (str, os.PathLike)):
            raise EmptyCorpusError(f"the corpus folder '{source}' holds no article files "
                                   "(hidden files, manifest.csv and READMEs are not articles)")
        raise EmptyCorpusError("no corpus files were given (an empty list of paths)")
    manifest, problems = read_manifest(root)
    problems.extend(rejected)
    tasks: list[_Task] = []
    names: set[str] = set()
    used_ids: set[str] = set()
    regions = str(regions_path) if regions_path else None
    for resolved, rel, name, link in inputs:
        base = _slug(_without_suffix(rel))
        article_id, k = base, 2
        while article_id in used_ids:
            article_id, k = f"{base}_{k}", k + 1
        used_ids.add(article_id)
        names.add(name)
        entry = manifest.get(rel) or manifest.get(name) or {}
        captured = entry.get("captured_on") or default_capture
        tasks.append(_Task(resolved, rel, article_id, captured, entry.get("url"), max_bytes, regions, entry.get("region"),
                           link))
    known = {t.rel for t in tasks} | names
    for name in sorted(set(manifest) - known):
        problems.append(("manifest.csv", "warning", "manifest", f"manifest.csv lists '{name}', which is not in the folder"))
    return tasks, problems


#: ASCII bytes case-folded (upper to lower case) and every ASCII whitespace byte (those
#: ``str.split()`` splits at) turned into a space, for :func:`fingerprint`.
_FOLD_SPACE = bytes(
    ord(" ") if chr(b).isspace() else ord(chr(b).casefold()) if chr(b).isupper() else b for b in range(128)
) + bytes(range(128, 256))


_TEXT_OF = itemgetter(PARAGRAPH_COLUMNS.index("text"))


def fingerprint(parsed: _Parsed) -> str | None:
    """Hash of an article's paragraph text, case- and space-insensitive (duplicate check).

    The SHA-256 of the case-folded paragraphs with every run of whitespace turned into one
    space and the ends stripped (``" ".join(text.casefold().split())``). For ASCII text in
    which no two whitespace characters meet and none stands at an end (the paragraphs
    ``clean_text`` gives), that is one byte translation; other text takes the long way.
    """
    if parsed.article is None:
        return None
    if parsed.text_fingerprint is not None:
        return parsed.text_fingerprint
    body = "\n".join(map(_TEXT_OF, parsed.paragraphs))
    if body.isascii():
        data = body.encode("ascii").translate(_FOLD_SPACE)
        if b"  " not in data and not data.startswith(b" ") and not data.endswith(b" "):
            return hashlib.sha256(data).hexdigest()
    return hashlib.sha256(" ".join(body.casefold().split()).encode()).hexdigest()


def drop_duplicates(tasks: list[_Task], fingerprints: list[str | None]) -> dict[int, str]:
    """Which files repeat another file's text: ``{index: path of the copy kept}``.

    Of the files with the same text, the one kept is the first (in ``tasks`` order, i.e.
    by path) that is not a symlink, else the first: a link is the copy that goes. The
    choice is the same for any subset of the files that holds the kept copy, so chunks
    (:mod:`helpers.pipeline`) and the whole corpus agree.
    """
    kept: dict[str, int] = {}
    for i, (task, fp) in enumerate(zip(tasks, fingerprints)):
        if fp is not None and (fp not in kept or (tasks[kept[fp]].link and not task.link)):
            kept[fp] = i
    return {
        i: tasks[kept[fp]].rel
        for i, fp in enumerate(fingerprints) if fp is not None and kept[fp] != i
    }


def duplicate_record(task: _Task, first: str) -> _Parsed:
    """The problems row for a file whose text repeats ``first``, the copy kept."""
    return _failed(task.rel, "duplicate", f"the same article text as '{first}', which was kept; counted once")


def cache_folder(cache: bool | str | Path) -> Path | None:
    """The parse cache folder a ``cache`` argument names (created), or ``None`` for no
    cache: ``True`` is ``data/processed/cache``, a path is itself."""
    if not cache:
        return None
    folder = Path(cache) if not isinstance(cache, bool) else PROCESSED_DIR / "cache"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def load_corpus(
    source: str | Path | Sequence[str | Path],
    *,
    as_of: date | str | None = None,
    errors: str = "collect",
    max_bytes: int = MAX_BYTES,
    workers: int | None = 1,
    cache: bool | str | Path = False,
    regions_path: str | Path | None = None,
    progress: bool = False,
    follow_links: bool = False,
) -> Corpus:
    """Read a folder, a file or a list of files into a :class:`Corpus`.

    Every file ends either in ``articles`` or, as an ``error`` row, in ``problems``:
    empty, binary, oversized, unreadable and duplicate files are reported, not dropped.
    Text in UTF-8 (with or without BOM), UTF-16/32, GB18030/GBK and Windows-1252 is
    decoded; CRLF and CR line endings and HTML pages are handled.

    No single file can stop the run or subvert it:

    * numbers read from a page are range-checked: a ``Like(n)``/``Collect(n)`` count over
      :data:`MAX_COUNT` or a release time that gives no date within
      :data:`helpers.dates.EARLIEST_DATE` .. :data:`helpers.dates.LATEST_DATE` is left
      empty with an ``out_of_range`` warning, and the article is kept;
    * stray NUL bytes in UTF-8 text are removed (a ``nul_bytes`` warning); a file with
      more of them, or with other binary data, is ``binary``;
    * in a folder, a symlink that leads nowhere (``dangling_link``) or to a file outside
      the folder (``outside_link``, unless ``follow_links``), and a pipe, socket or device
      (``not_a_file``) are ``error`` rows, never read;
    * of files with the same text, the first by path that is not a symlink is kept; each
      other copy is a ``duplicate`` row naming the copy kept;
    * a page's footer (a copyright notice, "【Print】【Close】") is dropped like its share
      buttons, never kept as a caption or body text;
    * the parse cache holds data only (JSON), and an entry is checked against the file's
      content hash and the parser version before it is used (see ``cache``);
    * a page of one endless sentence is dated in time proportional to its length (as
      :func:`helpers.horizons.extract_horizons` reads it).

    Args:
        source: a folder (read recursively; hidden files, ``manifest.csv`` and READMEs
            are skipped), a single file, or a list of files.
        as_of: the capture date for files the manifest does not date (``YYYY-MM-DD``).
        errors: ``"collect"`` (default) records problems and goes on; ``"raise"`` raises
            :class:`CorpusError` at the first error, naming the file and the reason.
        max_bytes: files larger than this are reported as too large.
        workers: processes to parse with; ``None`` uses every core. Results are
            identical to ``workers=1``.
        cache: ``True`` caches parsed files under ``data/processed/cache``; a path caches
            there. Entries are JSON files keyed by file content, capture date and parser
            version, so a changed file is parsed again; an entry that is corrupt, of
            another file or malformed is parsed again and replaced, with a
            ``cache_entry_replaced`` warning (see :func:`_parse_cached`).
        regions_path: an alternative region gazetteer CSV.
        progress: show a progress bar over files.
        follow_links: read the files that symlinks in the folder point to outside it.

    Returns:
        A :class:`Corpus`; its tables are sorted by ``article_id`` (and paragraph and
        sentence numbers); ``problems`` lists errors first, then warnings, by path.

    Raises:
        FileNotFoundError: ``source`` does not exist.
        EmptyCorpusError: ``source`` holds no file to read (a ``ValueError``, and a
            ``FileNotFoundError``), with a one-line message.
        CorpusError: with ``errors="raise"``, the first file that cannot be read.
        ValueError: ``errors`` or ``as_of`` is not valid.
    """
    if errors not in ("collect", "raise"):
        raise ValueError(f"errors must be 'collect' or 'raise', not {errors!r}")
    tasks, problems = plan_inputs(source, as_of=as_of, max_bytes=max_bytes, regions_path=regions_path,
                                  follow_links=follow_links)
    if errors == "raise":
        for row in problems:
            if row[1] == "error":
                raise CorpusError(f"{row[0]}: {row[3]}")
    cache_dir = cache_folder(cache)

    with gc_paused():
        parts = _run_parse(tasks, cache_dir, workers=workers, progress=progress)
        for i, first in drop_duplicates(tasks, [fingerprint(p) for p in parts]).items():
            parts[i] = duplicate_record(tasks[i], first)
        if errors == "raise":
            for task, part in zip(tasks, parts):
                for row in part.problems:
                    if row[1] == "error":
                        raise CorpusError(f"{task.rel}: {row[3]}")
        corpus = _assemble(parts, problems)
        # Free the row tuples while the collector is still paused: otherwise its first
        # run after the pause scans them all only to find them alive.
        del parts
    return corpus


def _run_parse(tasks: list[_Task], cache_dir: Path | None, *, workers: int | None, progress: bool) -> list[_Parsed]:
    n_workers = (os.cpu_count() or 1) if workers is None else max(1, workers)
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(tasks), desc="articles", unit="file")
    try:
        if n_workers == 1 or len(tasks) < 64:
            out = []
            digests = _digests_of(tasks) if cache_dir else {}
            for t in tasks:
                out.append(_parse_cached(t, cache_dir, digests.get(t.regions_path)))
                if bar is not None:
                    bar.update(1)
            return out
        size = max(16, min(256, len(tasks) // (n_workers * 8) or 1))
        chunks = [tasks[i:i + size] for i in range(0, len(tasks), size)]
        out = []
        with ProcessPoolExecutor(max_workers=n_workers) as pool:
            for result in pool.map(_parse_chunk, [(c, str(cache_dir) if cache_dir else None) for c in chunks]):
                out.extend(result)
                if bar is not None:
                    bar.update(len(result))
        return out
    finally:
        if bar is not None:
            bar.close()
