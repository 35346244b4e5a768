"""The bundled content: every seed pathway loads, carries its facts and links resolve."""

from __future__ import annotations

from conftest import PATHWAY_IDS


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
