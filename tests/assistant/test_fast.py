"""The fast probabilities of the routing and act models equal the models' own."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from govhall.assistant._fast import FastLinear
from govhall.assistant.acts import ACT_TASK
from govhall.learn import ModelRegistry

TEXTS = ["我叫王小明，电话13912345678", "你是真人还是机器人", "居住证要带什么材料？", "谢谢", "🙂", "a" * 300, ""]


@pytest.mark.parametrize("task", [ACT_TASK, "intent", "service"])
def test_fast_probabilities_equal_the_models_own(models_dir: Path, task: str) -> None:
    model = ModelRegistry(models_dir).load_active(task)
    fast = FastLinear.wrap(model)
    assert fast is not None
    np.testing.assert_allclose(fast.predict_proba(TEXTS), model.predict_proba(TEXTS), rtol=1e-6, atol=1e-9)


def test_a_model_of_another_shape_is_not_wrapped() -> None:
    assert FastLinear.wrap(object()) is None
