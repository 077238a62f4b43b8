"""What the verbs of a clause say about its time: future, past, present or nothing.

Machine-translated Chinese has no tense of its own, so the English verb forms are weak
evidence; they are still the only evidence a page without a date gives. :func:`clause_tense`
reads the *first* verb group of a clause, the way a reader does ("In May 2019 the governor
said the province would open further" is a report of 2019, whatever comes after "said"):

* a modal or a "to"-infinitive of intent ("will", "shall", "must", "is to", "strive to",
  "aims to", "plans to") -> ``future``;
* the perfect ("has been completed", "have set up") -> ``perfect``; "had closed",
  "was"/"were" -> ``past``;
* a finite past form: a word English inflection lists as a past tense (VBD), regular or
  irregular ("closed", "said", "spent", "held", "built", "shut down", "put forward"), not
  used as an adjective after a determiner ("the newly built park") -> ``past``;
* a reporting verb ("said", "announced") is read through: what it reports decides
  ("Shandong said this year it will build ..." -> ``future``), except a report in the past
  ("said the province would ...", "said that 40 parks were built" -> ``past``); what a
  verb of requiring requires is a goal ("required that ... all provinces complete" ->
  ``future``);
* "is"/"are" -> ``present``;
* nothing of the above -> ``None``.

Verb morphology comes from :mod:`lemminflect`, which ships its inflection tables (no
download): a word is a past form when it is the VBD inflection of one of its verb lemmas.
The few grammatical words the rules need (modals, auxiliaries, determiners) are English
grammar, not domain knowledge, and stay here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

#: The words a clause is read as, in order: words with inner hyphens or apostrophes stay whole.
_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*|[,;:()]")
#: Tokens that end a stretch of a clause: a modal after one of them belongs to another clause.
_BREAKS = frozenset({",", ";", ":", "(", ")"})

_MODALS = frozenset({"will", "shall", "must", "should", "ought", "wo", "'ll", "would", "could", "may", "might",
                     "won't", "can't", "cannot", "shan't", "wouldn't", "couldn't", "mustn't", "shouldn't"})
#: Words that open a new subject: a modal after them belongs to a clause of their own.
_NEW_SUBJECT = frozenset({"the", "a", "an", "that", "it", "they", "we", "he", "she", "this", "these", "its", "their"})
#: Words before which a form that is both a base and a past ("cut", "shut", "set", "put")
#: is an order or an infinitive, not a report: it needs a subject before it to be a past.
_NO_SUBJECT = frozenset({"and", "or", "to", ",", ";", ":", "(", "then", "also", "further", "not"})
#: Verbs whose "to"-infinitive states an intention ("strive to", "aims to", "plans to").
_INTENT = frozenset({
    "strive", "strives", "striving", "aim", "aims", "aiming", "plan", "plans", "planning", "seek",
    "seeks", "expect", "expects", "expected", "intend", "intends", "going", "endeavour", "endeavor",
    "commit", "committed", "scheduled", "slated",
})
_PERFECT = frozenset({"has", "have", "had", "having"})
#: Verbs that report speech: what they report says the time ("Shandong said this year it
#: will build ..." is a plan; "the governor said the province would open ..." a report).
_REPORTING = frozenset({"said", "says", "noted", "stated", "announced", "added", "stressed", "revealed",
                        "disclosed", "told", "explained", "introduced"})
#: Verbs that require: what they require is a goal unless it is told in the past ("The
#: ministry required that by the end of this year all provinces complete ...").
_REQUIRING = frozenset({"required", "requires", "demanded", "demands", "urged", "urges", "stipulated",
                        "stipulates", "proposed", "proposes", "requested", "requests"})
#: Modals that keep a report in the past ("said it would").
_PAST_MODALS = frozenset({"would", "could", "might", "wouldn't", "couldn't"})
_PAST_BE = frozenset({"was", "were"})
_PRESENT_BE = frozenset({"is", "are", "am"})
_DETERMINERS = frozenset({
    "the", "a", "an", "its", "their", "his", "her", "our", "this", "these", "those", "that", "each",
    "every", "such", "newly", "already", "recently", "well", "being",
})
#: Words that may stand between an auxiliary and its verb ("has basically been completed").
_ADVERB_END = "ly"
_ADVERBS = frozenset({"also", "already", "not", "now", "still", "just", "all", "been", "further", "initially"})

TENSES = ("future", "past", "perfect", "present")


@dataclass
class VerbForms:
    """English verb morphology from lemminflect, looked up once per word.

    One object serves one run (a corpus): the memo lives in the object, not in the module,
    so nothing is carried from one call to the next.
    """

    _memo: dict[str, tuple[bool, bool, bool]] = field(default_factory=dict, repr=False)

    def forms(self, word: str) -> tuple[bool, bool, bool]:
        """``(past, participle, base)``: is ``word`` (lower case) a past tense (VBD), a past
        participle (VBN), a base or present form (VB, VBP, VBZ) of some verb?

        >>> v = VerbForms()
        >>> v.forms("said"), v.forms("taken"), v.forms("cut"), v.forms("river")
        ((True, True, False), (False, True, False), (True, True, True), (False, False, False))
        """
        got = self._memo.get(word)
        if got is None:
            got = self._memo[word] = _lookup(word)
        return got

    def is_past(self, word: str) -> bool:
        """True if ``word`` is a simple past form of a verb ("closed", "said", "shut").

        >>> VerbForms().is_past("spent"), VerbForms().is_past("begun")
        (True, False)
        """
        return self.forms(word)[0]


@lru_cache(maxsize=1 << 16)
def _lookup(word: str) -> tuple[bool, bool, bool]:
    """:meth:`VerbForms.forms` from lemminflect's tables. A pure function of the word
    (English morphology does not change between calls), so it is remembered: a corpus
    asks for the same few thousand verbs in every article."""
    from lemminflect import getAllLemmas, getInflection  # imported on first use (~0.3 s)

    past = participle = base = False
    for lemma in getAllLemmas(word, upos="VERB").get("VERB", ()):
        # getInflection fills in the regular forms the tables leave out ("launched" as VBN)
        past = past or word in getInflection(lemma, tag="VBD")
        participle = participle or word in getInflection(lemma, tag="VBN")
        base = base or word == lemma or word in getInflection(lemma, tag="VBZ")
    return past, participle, base


def words(text: str) -> list[str]:
    """The words of ``text``, lower-cased ("low-carbon" and "Xi'an" stay whole), and the
    punctuation that breaks a clause (``, ; : ( )``).

    >>> words("In 2016, the city shut down 40 wharves.")
    ['in', ',', 'the', 'city', 'shut', 'down', 'wharves']
    """
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


def clause_tense(text: str, *, verbs: VerbForms | None = None) -> str | None:
    """The tense of the first verb group of ``text`` (see the module docstring).

    Args:
        text: a clause or sentence (English).
        verbs: the :class:`VerbForms` of the run (a new one if omitted).

    Returns:
        ``"future"``, ``"past"``, ``"perfect"``, ``"present"`` or ``None``. The perfect is
        told apart because machine translation writes it for the future perfect of a
        deadline ("By 2035, beautiful Shanxi has been basically completed").

    >>> [clause_tense(t) for t in (  # doctest: +NORMALIZE_WHITESPACE
    ...     "the city closed 40 illegal wharves along the river",
    ...     "the governor said the province would open further",
    ...     "carbon intensity will fall by more than 60%",
    ...     "the platform was set up",
    ...     "the pilot has been basically completed",
    ...     "the bureau put forward 12 measures",
    ...     "the newly built park is open to the public",
    ...     "the projects launched last year will be finished",
    ...     "GDP: 24.6 billion yuan; growth: 6.4%",
    ...     "the project, due to be completed by the end of this year",
    ...     "the line is scheduled to open", "due to the drought, output fell",
    ...     "Shandong said this year it will build 100,000 charging piles",
    ...     "the official said that 40 parks were built",
    ...     "the ministry required that by the end of this year all provinces complete the survey")]
    ['past', 'past', 'future', 'past', 'perfect', 'past', 'present', 'future', None, 'future', 'future', 'past',
     'future', 'past', 'future']
    """
    verbs = verbs or VerbForms()
    ws = words(text)
    for i, w in enumerate(ws):
        prev = ws[i - 1] if i else ""
        if w in _MODALS:
            return "future"
        if w == "to" and (prev in _INTENT or prev == "due" and ws[i + 1:i + 2] == ["be"]):
            return "future"  # "aims to", "is scheduled to", "due to be completed" (not "due to the drought")
        if w in _PRESENT_BE and i + 1 < len(ws) and ws[i + 1] == "to":
            return "future"  # "the city is to build"
        if w in _PAST_BE:
            return "past"
        if w in _PERFECT:
            if _participle_follows(ws, i + 1, verbs):
                return "past" if w == "had" else "perfect"
            continue  # "has" as a main verb ("the city has 12 parks"): read on
        if w in _PRESENT_BE:
            nxt = ws[i + 1:i + 3]
            if nxt and (nxt[0] in _INTENT or nxt[0].endswith("ing")) and "to" in nxt:
                return "future"  # "is expected to", "is planning to", "are committed to"
            return "present"
        if w in _REPORTING and i > 0:
            return _reported(ws[i + 1:], verbs)
        if w in _REQUIRING and i > 0 and ws[i + 1:i + 2] == ["that"]:
            return "past" if _reported(ws[i + 1:], verbs, required=True) == "past" else "future"
        if w in _BREAKS or prev == "to" or prev in _DETERMINERS or w in _ADVERBS:
            continue  # an infinitive ("to put forward") or an adjective ("the newly built park")
        past, participle, base = verbs.forms(w)
        if not past:
            continue
        if base and (i == 0 or prev in _NO_SUBJECT or prev.endswith("ly")):
            continue  # an order ("Put forward ...", "and cut coal use", "Resolutely shut down ...")
        if participle and (_modal_follows(ws, i + 1) or (prev == "," and _modal_follows(ws, i + 1, over_commas=True))):
            continue  # a participle after its noun: "the projects completed last year will ...",
            # "the project, launched in 2020, will be completed"
        return "past"
    return None


def ends_in_requirement(text: str) -> bool:
    """Does ``text`` end on a verb of requiring, so that what follows is required ("The
    ministry required that", "The plan proposes")?

    >>> ends_in_requirement("The ministry required that"), ends_in_requirement("The ministry said that")
    (True, False)
    """
    ws = words(text)
    if ws and ws[-1] == "that":
        ws = ws[:-1]
    return bool(ws) and ws[-1] in _REQUIRING


def _reported(ws: list[str], verbs: VerbForms, *, required: bool = False) -> str:
    """The tense of a report after a reporting verb: future when it is said with "will",
    "shall" or an intent ("plans to"), else past. A requirement (``required``) is future
    unless it is told in the past ("required that 40 parks were built")."""
    said = clause_tense(" ".join(ws), verbs=verbs)
    if required and said in (None, "present"):
        return "future"
    if said == "future" and not any(w in _PAST_MODALS for w in ws[:next(
            (k + 1 for k, w in enumerate(ws) if w in _MODALS or w == "to"), len(ws))]):
        return "future"
    return "past"


def _modal_follows(ws: list[str], j: int, *, over_commas: bool = False) -> bool:
    """Does a modal (or "is/are to") follow position ``j`` before the clause's stretch ends
    (with ``over_commas``: before a semicolon or colon)?"""
    for k in range(j, len(ws)):
        w = ws[k]
        if w in _BREAKS and not (over_commas and w == ","):
            return False
        if w in _NEW_SUBJECT:
            return False  # "the governor said the province would ...": "said" has a clause of its own
        if w in _MODALS or (w in _PRESENT_BE and ws[k + 1:k + 2] == ["to"]):
            return True
    return False


def _participle_follows(ws: list[str], j: int, verbs: VerbForms) -> bool:
    """Does a past participle follow position ``j``, over adverbs ("has basically been set up")?"""
    while j < len(ws) and (ws[j] in _ADVERBS or ws[j].endswith(_ADVERB_END)):
        if ws[j] == "been":
            return True
        j += 1
    return j < len(ws) and verbs.forms(ws[j])[1]
