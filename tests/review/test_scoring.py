"""The review arithmetic: weighted totals, trimmed means, spreads, the disagreement flag, the ranking."""

from __future__ import annotations

import pytest

from portal.review.scoring import rank, summarise, weighted_total

CRITERIA = [
    {"label": "创新", "weight": 40, "low": 0, "high": 10},
    {"label": "管理", "weight": 35, "low": 0, "high": 20},
    {"label": "效益", "weight": 25, "low": 1, "high": 5},
]


def test_weighted_total_scales_each_criterion_by_its_range_and_weight():
    # 40 × 8/10 + 35 × 10/20 + 25 × (3−1)/(5−1) = 32 + 17.5 + 12.5 = 62
    assert weighted_total(CRITERIA, {"0": 8, "1": 10, "2": 3}) == 62.0
    assert weighted_total(CRITERIA, {"0": 10, "1": 20, "2": 5}) == 100.0
    assert weighted_total(CRITERIA, {"0": 0, "1": 0, "2": 1}) == 0.0


def test_weights_that_do_not_add_up_to_100_are_normalised():
    criteria = [{"label": "a", "weight": 1, "low": 0, "high": 10}, {"label": "b", "weight": 3, "low": 0, "high": 10}]
    assert weighted_total(criteria, {"0": 10, "1": 0}) == 25.0


def test_mean_of_fewer_than_five_scores_keeps_every_score():
    summary = summarise(1, [70, 80, 90], threshold=15)
    assert summary.mean == 80.0 and not summary.trimmed
    assert summary.spread == 20.0 and summary.disputed


def test_five_or_more_scores_drop_the_highest_and_the_lowest():
    summary = summarise(1, [10, 70, 72, 74, 99], threshold=100)
    assert summary.trimmed and summary.mean == 72.0
    assert summary.spread == 89.0  # the spread shows every score, trimmed or not
    assert summarise(1, [10, 70, 72, 74, 99], threshold=100, trim=False).mean == 65.0


@pytest.mark.parametrize(("totals", "disputed"), [([60, 75], False), ([60, 75.01], True), ([80], False)])
def test_disagreement_is_flagged_only_above_the_threshold(totals, disputed):
    assert summarise(1, totals, threshold=15).disputed is disputed


def test_ranking_puts_the_best_mean_first_and_unscored_cases_last():
    scores = [summarise(1, [60], 15), summarise(2, [], 15), summarise(3, [90, 70], 15), summarise(4, [80], 15)]
    assert [s.case_id for s in rank(scores)] == [3, 4, 1, 2]


def test_ties_keep_a_stable_order():
    scores = [summarise(9, [80], 15), summarise(2, [80], 15)]
    assert [s.case_id for s in rank(scores)] == [2, 9]
