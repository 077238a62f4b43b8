"""Tests for helpers.tense: the tense of a clause's first verb group, from English morphology."""

from __future__ import annotations

import pytest

from helpers.tense import VerbForms, clause_tense


@pytest.mark.parametrize(
    "clause, tense",
    [
        # irregular and phrasal past forms: lemminflect's tables, not a hand-made list
        ("the county shut down 17 small coal mines", "past"),
        ("the mayor said that the river would be clean again", "past"),
        ("the district spent 3 billion yuan on sewage pipes", "past"),
        ("the bureau set up a joint office with its neighbours", "past"),
        ("the committee put forward nine measures", "past"),
        ("the province held its first carbon market forum", "past"),
        ("workers built 400 kilometres of greenways", "past"),
        ("the inspectors made 1,200 visits", "past"),
        ("the city began to sort its household waste", "past"),
        ("the forestry bureau planted 20,000 trees", "past"),
        # the perfect is told apart from the simple past
        ("the ring road has been completed", "perfect"),
        ("the two cities have basically set up a shared monitoring network", "perfect"),
        ("the county had closed its last brickworks", "past"),
        ("the plan was issued", "past"),
        # the future and intentions
        ("the share of clean energy will reach 30%", "future"),
        ("the city strives to cut coal use by a tenth", "future"),
        ("the province aims to plant 5,000 hectares", "future"),
        ("the county is to finish the work", "future"),
        ("emissions must not rise again", "future"),
        # a participle after its noun does not make a report of the past
        ("the projects started last year will be finished", "future"),
        ("the newly built wetland park is open", "present"),
        # orders and lists have no tense, however their verbs look
        ("Put forward a plan for each river", None),
        ("Accelerate the retrofit of coal-fired boilers and cut coal use by 3%", None),
        ("Resolutely shut down illegal wharves", None),
        # intentions and hedges look ahead
        ("the city is expected to reach 30%", "future"),
        ("the bureau is planning to cut coal use", "future"),
        ("the share could reach 30%", "future"),
        ("the city won't build new coal plants", "future"),
        ("the project, launched in 2020, will be completed", "future"),
        ("the pilot zones set up in 2021 are to be expanded", "future"),
        ("GDP: 24.6 billion yuan; growth: 6.4%", None),
        ("", None),
    ],
)
def test_clause_tense(clause, tense):
    assert clause_tense(clause) == tense


def test_the_first_verb_group_decides():
    # a report of a past statement about the future is a report of the past
    assert clause_tense("the governor said the province would open further") == "past"
    assert clause_tense("the province will build on what it achieved") == "future"


def test_verb_forms_are_looked_up_once_per_object():
    verbs = VerbForms()
    assert verbs.is_past("spent") and not verbs.is_past("spend")
    assert "spent" in verbs._memo
    assert VerbForms()._memo == {}  # a new object starts empty: no state between runs
