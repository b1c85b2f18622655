"""The composer's candidate clauses are computed once per answer (round 9): the refusal's evidence and
the answering clause ask for them over the same hits; other hits or another question recompute."""

from __future__ import annotations

from dataclasses import replace

from govhall.policies.compose import candidate_clauses
from tests.policies.samples import policy_hit


def test_the_same_hits_reuse_the_candidates_and_others_do_not() -> None:
    hits = [policy_hit()]
    first = candidate_clauses("失业金最长领几个月", "多久", hits)
    assert first and candidate_clauses("失业金最长领几个月", "多久", hits) is first
    # equal but not the same hit objects (a new search): computed again, with equal content
    again = candidate_clauses("失业金最长领几个月", "多久", [replace(hits[0])])
    assert again is not first and [c for c, _ in again] == [c for c, _ in first]
    assert candidate_clauses("失业金怎么申请", "要什么", hits) is not first
