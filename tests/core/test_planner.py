"""The template planner: characters chosen for component and stroke coverage, from the candidates given."""

from __future__ import annotations

import json

from core.capture.planner import coverage, decompositions, frequency_order, plan_characters


def test_the_table_decomposes_characters_into_components_and_strokes():
    table = decompositions()
    assert len(table) >= 6763                                 # all of GB2312
    hu = table[ord("湖")]
    assert {"氵", "胡", "古", "月"} <= hu.components and "㇀" in hu.strokes
    assert table[ord("一")].strokes == {"一"} and not table[ord("一")].components


def test_a_plan_shows_every_common_component_where_frequency_alone_does_not():
    planned = plan_characters(300)
    assert len(planned) == len(set(planned)) == 300
    by_plan, by_frequency = coverage(planned), coverage(frequency_order()[:300])
    assert by_plan.component_share >= 0.95 and by_plan.stroke_share == 1.0
    assert by_frequency.component_share < 0.5                 # 300 common characters repeat the same parts
    assert by_plan.components_covered >= 2 * by_frequency.components_covered
    assert "common components" in by_plan.summary()


def test_a_plan_stays_inside_its_candidates_and_keeps_their_order_for_ties():
    demo = frequency_order()[:540]
    planned = plan_characters(200, demo)
    assert set(planned) <= set(demo)
    assert coverage(planned, demo).component_share > coverage(demo[:200], demo).component_share
    assert plan_characters(600, demo) == demo                 # asking for all of them gives all of them
    latin = [ord(c) for c in "ABCDEFG"]
    assert plan_characters(3, latin) == latin[:3]             # unknown to the table: frequency order


def test_zi2zi_template_plans_for_coverage_and_says_how_much(tmp_path, capsys):
    from core.cli import main

    assert main(["template", "--out", str(tmp_path / "t"), "--count", "150", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    spec = json.loads((tmp_path / "t" / "spec.json").read_text(encoding="utf-8"))
    assert spec["characters"] == plan_characters(150)
    assert summary["coverage"]["components_covered"] > coverage(frequency_order()[:150]).components_covered
    assert main(["template", "--out", str(tmp_path / "u"), "--count", "50", "--chars", "gb2312"]) == 0
    assert "stroke types" in capsys.readouterr().out
