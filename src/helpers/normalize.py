"""Repair scraping damage in article text, keeping the meaning and the raw text intact.

Every function here is a pure ``str -> str`` step; :func:`clean_text` chains them in the
order the corpus parser uses. The raw text is always kept beside the cleaned one.
"""

from __future__ import annotations

import html
import re
import unicodedata

# Unicode spaces (no-break, en/em, thin, ideographic, ...) and invisible marks.
_SPACES = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_QUOTES = str.maketrans(
    {
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"', "\uff02": '"',
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\uff07": "'",
    }
)
# Tags and the broken tag fragments scraping leaves behind ("p>", "</p", "<br/>").
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]{0,200})?/?>")
_TAG_FRAGMENT = re.compile(
    r"(?:(?<=\s)|^)(?:</?|/)?(?:p|br|div|span|strong|em|b|i|u|li|ul|ol|h[1-6]|section|article|img|a)\s*/?>(?=\s|$|[A-Z\"'])"
    r"|</?(?:p|br|div|span|strong|em|li|h[1-6])(?=\s|$)",
    re.IGNORECASE,
)
# A lower-case word run into a capitalised one: "ProvinceNotification".
_GLUED_CASE = re.compile(r"(?<=[a-z]{2})(?=[A-Z][a-z])")
# A number (possibly "PM2.5", "CO2") run into a capitalised word: "PM2.5With".
_GLUED_NUMBER = re.compile(r"(?<=\d)(?=[A-Z][a-z]{2})")
# Sentence-final mark run into the next sentence: "act.Next", "goals;The".
_GLUED_MARK = re.compile(r"(?<=[a-z0-9][.!?;,])(?=[A-Z][a-z])|(?<=[a-z][)\]])(?=[A-Za-z])")
_MAYBE_GLUED_NUMBER = re.compile(r"\d[A-Z]")
_MAYBE_GLUED_CASE = re.compile(r"[a-z][A-Z]")
_MAYBE_GLUED_MARK = re.compile(r"[.!?;,)\]][A-Za-z]")
_MAYBE_GLUED_ANY = re.compile(r"\d[A-Z]|[a-z][A-Z]|[.!?;,)\]][A-Za-z]")
_MULTISPACE = re.compile(r" {2,}")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


def normalize_whitespace(text: str) -> str:
    """Map Unicode spaces (including the ideographic space U+3000) to plain spaces,
    drop invisible marks and collapse runs of spaces; strip the ends.

    >>> normalize_whitespace("\\u3000\\u3000Build  a\\u00a0new pattern ")
    'Build a new pattern'
    """
    if not text.isascii():
        text = _INVISIBLE.sub("", text)
        text = _SPACES.sub(" ", text)
    elif "\t" in text:
        text = text.replace("\t", " ")
    if "  " in text:
        text = _MULTISPACE.sub(" ", text)
    return text.strip()


def normalize_quotes(text: str) -> str:
    """Turn typographic quotes and primes into ASCII ``"`` and ``'``.

    >>> normalize_quotes("\\u201cBeautiful China\\u201d and Shanxi\\u2019s")
    '"Beautiful China" and Shanxi\\'s'
    """
    return text.translate(_QUOTES)


def strip_markup(text: str) -> str:
    """Remove HTML tags, stray tag fragments (``p>``, ``</p``) and decode entities.

    >>> normalize_whitespace(strip_markup("p>Improve air quality.</p> &amp; more"))
    'Improve air quality. & more'
    """
    if "<" in text or ">" in text:
        text = _TAG.sub(" ", text)
        text = _TAG_FRAGMENT.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    return text


def _space_closing_quotes(text: str) -> str:
    """Insert a space after a closing ``"`` glued to the next word and before an opening
    ``"`` glued to the previous one. Quotes pair up left to right within the text."""
    if text.count('"') < 2:
        return text
    parts = text.split('"')
    out = [parts[0]]
    for i, part in enumerate(parts[1:], start=1):
        prev = out[-1]
        if i % 2 == 1:  # an opening quote precedes ``part``
            if prev and (prev[-1].isalnum() or prev[-1] in ",.;:)"):
                out.append(" ")
            out.append('"')
            out.append(part)
        else:  # a closing quote precedes ``part``
            out.append('"')
            if part and (part[0].isalnum() or part[0] == "("):
                out.append(" ")
            out.append(part)
    return "".join(out)


def repair_glued_words(text: str) -> str:
    """Split words that scraping ran together, where the join is unambiguous.

    Handles a capitalised word glued to a lower-case one, to a number or to a closing
    mark, and quotes glued to their neighbours. Leaves ``PM2.5``, ``CO2``, ``WeChat``
    and domain names alone.

    >>> repair_glued_words("Take PM2.5With control as the main line")
    'Take PM2.5 With control as the main line'
    >>> repair_glued_words("Guizhou ProvinceNotification on the plan.It starts")
    'Guizhou Province Notification on the plan. It starts'
    >>> repair_glued_words('the "Implementation Opinions"(hereinafter)')
    'the "Implementation Opinions" (hereinafter)'
    """
    # Cheap scans first: most paragraphs have no glued words, and the lookbehind patterns
    # are several times slower than these plain character-class searches.
    if not _MAYBE_GLUED_ANY.search(text):
        return _space_closing_quotes(text)
    if _MAYBE_GLUED_NUMBER.search(text):
        text = _GLUED_NUMBER.sub(" ", text)
    if _MAYBE_GLUED_CASE.search(text):
        text = _GLUED_CASE.sub(" ", text)
    if _MAYBE_GLUED_MARK.search(text):
        text = _GLUED_MARK.sub(" ", text)
    return _space_closing_quotes(text)


def clean_text(text: str) -> str:
    """The full repair chain used for paragraphs: markup, quotes, glued words, spaces.

    >>> clean_text("\\u3000p>Take PM2.5With control \\u201cseriously\\u201d.")
    'Take PM2.5 With control "seriously".'
    """
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
        text = normalize_quotes(text)
    text = strip_markup(text)
    text = normalize_whitespace(text)
    text = repair_glued_words(text)
    return _MULTISPACE.sub(" ", text).strip() if "  " in text else text.strip()


def cjk_share(text: str) -> float:
    """Share of CJK ideographs among the letters and ideographs of ``text`` (0..1).

    >>> cjk_share("美丽中国 Beautiful China")
    0.46153846153846156
    """
    if text.isascii():
        return 0.0
    cjk = len(_CJK.findall(text))
    latin = len(_LATIN.findall(text))
    # An ideograph carries about as much as a short word: weigh it as three letters.
    total = cjk * 3 + latin
    return 0.0 if total == 0 else cjk * 3 / total
