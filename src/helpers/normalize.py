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
# The glue patterns below start with the (rare) character they split at: an upper-case
# letter or a closing mark. The regex engine then skips straight to those characters
# instead of trying the pattern at every position, which makes each scan several times
# faster than the equivalent zero-width lookbehind/lookahead form (kept in the comments;
# the substitutions put the space at the same places).
# A lower-case word run into a capitalised one: "ProvinceNotification".
# Zero-width form: (?<=[a-z]{2})(?=[A-Z][a-z]); a space goes before the capital.
_GLUED_CASE = re.compile(r"[A-Z](?<=[a-z]{2}[A-Z])(?=[a-z])")
# A number (possibly "PM2.5", "CO2") run into a capitalised word: "PM2.5With".
# Zero-width form: (?<=\d)(?=[A-Z][a-z]{2}); a space goes before the capital.
_GLUED_NUMBER = re.compile(r"[A-Z](?<=\d[A-Z])(?=[a-z]{2})")
# Sentence-final mark run into the next sentence: "act.Next", "goals;The".
# Zero-width form: (?<=[a-z0-9][.!?;,])(?=[A-Z][a-z])|(?<=[a-z][)\]])(?=[A-Za-z]); a space
# goes after the mark.
_GLUED_MARK = re.compile(r"[.!?;,)\]](?:(?<=[a-z0-9][.!?;,])(?=[A-Z][a-z])|(?<=[a-z][)\]])(?=[A-Za-z]))")
# Cheap scan for any place a glue could be: a digit, lower-case letter or closing mark
# before a capital, or a closing mark before a lower-case letter. Same matches as
# ``\d[A-Z]|[a-z][A-Z]|[.!?;,)\]][A-Za-z]`` but anchored on the rare second/first character.
_MAYBE_GLUED_ANY = re.compile(r"[A-Z.!?;,)\]](?:(?<=[a-z\d.!?;,)\]][A-Z])|(?<=[.!?;,)\]])[a-z])")
# The same scan for ASCII text as bit flags, one byte a character (see ``_maybe_glued``):
# bit 0 "may precede a glued capital" (a-z, 0-9, closing mark), bit 1 "capital" (A-Z),
# bit 4 "closing mark", bit 5 "lower-case letter" (a-z). Bit 7 is never set.
_GLUE_FLAGS = bytes(
    (0b1 if chr(b) in "abcdefghijklmnopqrstuvwxyz0123456789.!?;,)]" else 0)
    | (0b10 if "A" <= chr(b) <= "Z" else 0)
    | (0b1_0000 if chr(b) in ".!?;,)]" else 0)
    | (0b10_0000 if "a" <= chr(b) <= "z" else 0)
    for b in range(256)
)
# Characters that glue to a quote in ``_space_closing_quotes``: ``[^\W_]`` is exactly what
# ``str.isalnum`` accepts (a word character but the underscore).
_GLUED_BEFORE_QUOTE = re.compile(r"[^\W_]|[,.;:)]")
_GLUED_AFTER_QUOTE = re.compile(r"[^\W_]|\(")
_MULTISPACE = re.compile(r" {2,}")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


def normalize_whitespace(text: str) -> str:
    """Map Unicode spaces (including the ideographic space U+3000) to plain spaces,
    drop invisible marks and collapse runs of spaces; strip the ends.

    >>> normalize_whitespace("\\u3000\\u3000Build  a\\u00a0new pattern ")
    'Build a new pattern'
    """
    return _plain_spaces(text).strip()


def _plain_spaces(text: str) -> str:
    """Unicode spaces and tabs to plain spaces, invisible marks dropped, runs collapsed
    (newlines untouched)."""
    if not text.isascii():
        text = _INVISIBLE.sub("", text)
        text = _SPACES.sub(" ", text)
    elif "\t" in text:
        text = text.replace("\t", " ")
    if "  " in text:
        text = _MULTISPACE.sub(" ", text)
    return text


def normalize_lines(text: str) -> list[str]:
    """The lines of ``text`` (split at ``\\n``), each as :func:`normalize_whitespace` gives it.

    Same result as ``[normalize_whitespace(line) for line in text.split("\\n")]``, with the
    space mapping and collapsing done once over the whole text instead of once a line
    (none of these steps touches a newline).

    >>> normalize_lines("\\u3000Title \\n\\n  Body\\ttext  here ")
    ['Title', '', 'Body text here']
    """
    return list(map(str.strip, _plain_spaces(text).split("\n")))


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
    parts = text.split('"')
    if len(parts) < 3:  # fewer than two quotes
        return text
    # An opening quote follows parts[0], parts[2], ...; a closing one precedes parts[2],
    # parts[4], ... Most texts have no glued quote: then nothing changes.
    before_opening = "".join([p[-1:] for p in parts[0:-1:2]])  # the character before each opening quote
    after_closing = "".join([p[:1] for p in parts[2::2]])  # the character after each closing quote
    if not _GLUED_BEFORE_QUOTE.search(before_opening) and not _GLUED_AFTER_QUOTE.search(after_closing):
        return text
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


def _maybe_glued(text: str) -> bool:
    """``bool(_MAYBE_GLUED_ANY.search(text))``: whether a glue pattern could match.

    For ASCII text it is three times faster without the regex: each character becomes a
    byte of :data:`_GLUE_FLAGS`, and the bytes are read as one big-endian integer. Shifted
    right by 8 bits, every character's flags stand under the next character's; one bit
    less (a shift by 7) also lifts bit 0 onto bit 1 and bit 4 onto bit 5 (no flag crosses
    into the next byte, as bit 7 is never set). So ``flags & (flags >> 7)`` is non-zero
    exactly where a lower-case letter, digit or closing mark precedes a capital, or a
    closing mark a lower-case letter.

    >>> _maybe_glued("plan.It"), _maybe_glued("PM2.5With"), _maybe_glued("(see)it"), _maybe_glued("PM2.5 With")
    (True, True, True, False)
    """
    if not text.isascii():
        return _MAYBE_GLUED_ANY.search(text) is not None
    flags = int.from_bytes(text.encode("ascii").translate(_GLUE_FLAGS), "big")
    return flags & (flags >> 7) != 0


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
    # One cheap scan first: most paragraphs have no glued words.
    if not _maybe_glued(text):
        return _space_closing_quotes(text)
    text = _GLUED_NUMBER.sub(r" \g<0>", text)
    text = _GLUED_CASE.sub(r" \g<0>", text)
    text = _GLUED_MARK.sub(r"\g<0> ", text)
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
    # normalize_whitespace leaves no double space and no whitespace at the ends, and the
    # repair only inserts single spaces between two non-space characters: the result
    # needs no further collapsing or stripping.
    return repair_glued_words(text)


def clean_normalized(text: str) -> str:
    """:func:`clean_text` for text whose lines :func:`normalize_lines` (or
    :func:`normalize_whitespace`) already normalised, joined by single spaces.

    Such text has no tab, no double space and no whitespace at its ends, so when it is
    also ASCII and holds no markup characters (``<``, ``>``, ``&``), every step of
    :func:`clean_text` but the glued-word repair leaves it as it is, and only that runs.
    Any other text goes through :func:`clean_text`.

    >>> clean_normalized("Take PM2.5With control"), clean_normalized("p>Under \\u201cway\\u201d")
    ('Take PM2.5 With control', 'Under "way"')
    """
    if text.isascii() and "<" not in text and ">" not in text and "&" not in text:
        return repair_glued_words(text)
    return clean_text(text)


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
