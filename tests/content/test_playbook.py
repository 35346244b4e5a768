"""The essay's playbook: what its pages need, checked when the file is read."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from workbook.content import Funnel, Playbook


def test_the_playbook_is_about_the_ai_pm_move_and_holds_its_key_figures(library):
    playbook = library.playbook
    assert playbook.pathway == "backend-developer-to-ai-product-manager"
    assert [f.figure for f in playbook.figures if f.key] == ["78%", "2–7 years"]
    assert [s.count for s in playbook.funnel.steps] == [23, 11, 4]
    assert len(playbook.shifts) >= 12  # the essay's four groups of three, and more
    assert "GPT-4" in playbook.side_project.advice


def test_a_funnel_that_widens_is_refused():
    steps = [{"count": 11, "label": "onsite"}, {"count": 23, "label": "applied"}]
    with pytest.raises(ValidationError, match=r"at most as many as the one before, not \[11, 23\]"):
        Funnel.model_validate({"title": "Bids", "steps": steps})


def test_a_playbook_without_its_pathway_is_refused(library):
    data = library.playbook.model_dump()
    del data["pathway"]
    with pytest.raises(ValidationError, match="pathway"):
        Playbook.model_validate(data)
