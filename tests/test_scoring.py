"""The scoring rules of SCHEMA.md, by hand-computed cases and by properties."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zonedocs.model import Score, ScoringSettings
from zonedocs.rules import RATER_KEYS as RATERS
from zonedocs.scoring import band, competition_ranks, mean, round1, total

D = Decimal
SETTINGS = ScoringSettings()


def score(self=None, peer=None, staff=None, org=None, bonus=0, deduction=0) -> Score:
    ratings = dict(zip(RATERS, (self, peer, staff, org), strict=True))
    return Score(1, "M1", {k: None if v is None else D(str(v)) for k, v in ratings.items()},
                 D(str(bonus)), D(str(deduction)))


@pytest.mark.parametrize(("ratings", "expected", "grade"), [
    ((90, 90, 90, 90), "90.0", 0),
    ((89.95, 89.95, 89.95, 89.95), "90.0", 0),  # rounds up to the band: 优秀
    ((79.94, 79.94, 79.94, 79.94), "79.9", 2),  # rounds down: 基本合格
    ((80, 80, 80, 79.9), "80.0", 1),  # 79.96 → 80.0 合格
    ((70, 70, 70, 69.9), "70.0", 2),  # 69.96 → 70.0 基本合格
    ((69.94, 69.94, 69.94, 69.94), "69.9", 3),
    ((100, 80, 60, 90), "80.0", 1),  # (1000 + 1600 + 1800 + 3600) / 100 = 80.0 合格
])
def test_band_edges(ratings, expected, grade):
    result = total(score(*ratings), SETTINGS)
    weighted = sum(Fraction(str(w)) * Fraction(str(r)) for w, r in
                   zip((10, 20, 30, 40), ratings, strict=True)) / 100
    assert result == round1(D(weighted.numerator) / D(weighted.denominator))
    assert str(result) == expected
    assert band(result, SETTINGS) == grade


def test_mixed_raters_by_hand():
    # 95*10 + 88*20 + 76*30 + 84*40 = 950 + 1760 + 2280 + 3360 = 8350 → 83.5
    assert total(score(95, 88, 76, 84), SETTINGS) == D("83.5")


def test_missing_rater_renormalises():
    # no 群众评议: (90*10 + 80*20 + 70*40) / 70 = (900 + 1600 + 2800) / 70 = 75.714… → 75.7
    assert total(score(90, 80, None, 70), SETTINGS) == D("75.7")


def test_no_rater_at_all_is_no_total():
    assert total(score(), SETTINGS) is None


def test_bonus_and_deduction_and_clamping():
    assert total(score(90, 90, 90, 90, bonus=3), SETTINGS) == D("93.0")
    assert total(score(99, 99, 99, 99, bonus=5), SETTINGS) == D("100.0")
    assert total(score(10, 10, 10, 10, deduction=25), SETTINGS) == D("0.0")  # not −15
    assert total(score(85, 85, 85, 85, deduction=5), SETTINGS) == D("80.0")


def test_competition_ranking_with_ties_and_unscored():
    assert competition_ranks([D(90), D(85), D(85), D(80), None]) == [1, 2, 2, 4, None]


def test_annual_mean_of_printed_totals():
    assert mean([D("89.9"), D("90.0"), None]) == D("90.0")  # 89.95 → 90.0
    assert mean([None, None]) is None


def test_custom_bands():
    settings = ScoringSettings(excellent=D(95), qualified=D(85), basic=D(60))
    assert band(D("94.9"), settings) == 1 and band(D("60.0"), settings) == 2


scores = st.one_of(st.none(), st.decimals(0, 100, places=1))


@given(st.tuples(scores, scores, scores, scores), st.decimals(0, 20, places=1),
       st.decimals(0, 120, places=1))
def test_total_stays_in_range_and_matches_reference(ratings, bonus, deduction):
    s = Score(1, "M", dict(zip(RATERS, ratings, strict=True)), bonus, deduction)
    result = total(s, SETTINGS)
    present = [(w, r) for w, r in zip((10, 20, 30, 40), ratings, strict=True) if r is not None]
    if not present:
        assert result is None
        return
    exact = (sum(Fraction(w) * Fraction(r) for w, r in present) / sum(w for w, _ in present)
             + Fraction(bonus) - Fraction(deduction))
    exact = min(max(exact, Fraction(0)), Fraction(100))
    # half-up at one decimal, computed on the exact fraction
    tenths = exact * 10
    floor = tenths.numerator // tenths.denominator
    rounded = floor + (1 if tenths - floor >= Fraction(1, 2) else 0)
    assert result == D(rounded) / 10
    assert D(0) <= result <= D(100)


@given(st.decimals(0, 100, places=1), st.decimals(0, 100, places=1))
def test_grades_are_monotonic(a, b):
    low, high = sorted((a, b))
    assert band(high, SETTINGS) <= band(low, SETTINGS)
