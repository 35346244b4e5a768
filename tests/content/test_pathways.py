"""The bundled content: every seed pathway loads, carries its facts and links resolve."""

from __future__ import annotations

import pytest

from conftest import AI_PM, PATHWAY_IDS


def test_the_four_seed_pathways_are_bundled(library):
    assert tuple(sorted(library.pathways)) == PATHWAY_IDS


def test_every_pathway_is_complete(library):
    for pathway in library.pathways.values():
        assert len(pathway.transferable_skills) == 5, pathway.id
        assert len(pathway.skills_to_learn) == 6, pathway.id
        assert all(phase.tasks for phase in pathway.roadmap)
        assert pathway.reality_check.love and pathway.action_plan.next_90_days
        assert pathway.faq, pathway.id


def test_seed_figures_are_carried_exactly(library):
    pm = library.pathways["backend-developer-to-ai-product-manager"]
    assert (pm.summary.difficulty, pm.summary.timeline, pm.summary.salary_change) == (
        "Moderate",
        "6-9 months",
        "+35%",
    )
    assert [phase.weeks for phase in pm.roadmap] == [6, 8, 6, 6, 12]
    assert (pm.hours_per_week.min, pm.hours_per_week.max) == (10, 15)
    architect = library.pathways["backend-developer-to-ai-architect"]
    assert architect.summary.salary_change == "+50%"
    assert [phase.weeks for phase in architect.roadmap] == [4, 6, 6, 4, 4]


def test_values_the_seed_lacks_are_derived_out_loud(library):
    ops = library.pathways["backend-developer-to-ai-operations-manager"]
    for skill in ops.skills_to_learn:
        assert {"priority", "weeks"} <= set(skill.derived), skill.id
    assert ops.summary.difficulty is None
    assert "difficulty" in ops.summary.derived
    designer = library.pathways["backend-developer-to-ai-product-designer"]
    assert {"min", "max"} <= set(designer.hours_per_week.derived)


def test_the_playbook_holds_what_the_templates_need(library):
    playbook = library.playbook
    assert len(playbook.prd_sections) == 12
    assert [s.id for s in playbook.decision_memo] == [
        "recommendation",
        "options",
        "evidence",
        "risks",
        "decision-and-owner",
    ]
    assert len(playbook.teardown_prompts) == 10
    assert len(playbook.resume_rewrites) >= 3
    assert len(playbook.interviews.stages) == 5
    assert len(playbook.mistakes) == 3
    assert len(playbook.faq) == 3


# the questions the essay says AI PM interviews ask, in its own order and topics
ESSAY_QUESTIONS = (
    "engineering into product management",  # the recruiter screen's "why PM"
    "AI products do you admire",
    "voice assistant",
    "fraud detection model",
    "hallucination rates",
    "model drift or reduce inference cost",
    "checkout conversion",
    "YouTube's recommendation diversity",
    "influenced a team without authority",
)


def test_the_ai_pm_story_bank_asks_only_the_essays_questions(library):
    sheet = next(s for s in library.pathways[AI_PM].worksheets if s.kind == "story-bank")
    asked = [q.text for q in sheet.questions]
    assert len(asked) == len(ESSAY_QUESTIONS)
    for question, phrase in zip(asked, ESSAY_QUESTIONS, strict=True):
        assert phrase in question, (phrase, question)


@pytest.mark.parametrize("pathway_id", PATHWAY_IDS)
def test_each_tool_is_called_for_by_the_work_a_coach_would_tie_it_to(library, pathway_id):
    pathway = library.pathways[pathway_id]
    kind = {s.id: s.kind for s in pathway.worksheets}
    for work in pathway.all_work + [a for a in pathway.action_plan.items if a.marks]:
        kinds = {kind[s] for s in work.worksheets}
        if "salary" in kinds:
            assert work.kind == "job-search" and "negotiat" in work.text.lower(), work.id
        if "networking" in kinds:
            assert work.kind == "network", work.id
        if "story-bank" in kinds:
            assert work.kind == "job-search", work.id
    salary = [w for w in pathway.all_work if "salary" in {kind[s] for s in w.worksheets}]
    assert len(salary) == 1 and salary[0].after, "one offer step, after the applications"
