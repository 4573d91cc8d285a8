"""`zi2zi eval` speaks while it works and ends with the same plain verdict the app shows."""

from __future__ import annotations

import re

from core.cli import main
from core.quality.verdict import figure_lines, plain_verdict
from core.training.loop import train
from tests.core.training_fixtures import tiny_project

VERDICT = re.compile(r"About \d+ in 10 unseen characters are readable; the style is recognised in \d+ of 10[ .]")


def _result(content: float, style: float, copy_style: float = 0.5) -> dict:
    row = dict(name="model", l1=0.1, rmse=0.2, ssim=0.5, ink_iou=0.4, chamfer=0.02, hausdorff95=0.05,
               content_accuracy=content, style_accuracy=style, frechet=3.0, count=20)
    return {"overall": [row, {**row, "name": "copy source", "style_accuracy": copy_style, "l1": 0.3}]}


def test_the_verdict_rounds_to_tenths_and_names_both_judges():
    assert plain_verdict(_result(0.91, 0.62)) == ("About 9 in 10 unseen characters are readable; "
                                                  "the style is recognised in 6 of 10.")
    assert "not learned yet" in plain_verdict(_result(0.9, 0.4, copy_style=0.5))


def test_every_figure_says_which_way_is_better_beside_copying_the_source():
    lines = figure_lines(_result(0.9, 0.6))
    assert any(line.startswith("readable") and "higher is better" in line for line in lines)
    assert any(line.startswith("pixel difference L1: 0.100 (lower is better; copying the source: 0.300")
               for line in lines)


def test_eval_prints_progress_then_the_verdict_then_the_figures(tmp_path, capsys):
    project = tiny_project(tmp_path / "p", steps=10)
    list(train(project))
    assert main(["eval", str(project.root), "--classifier-epochs", "2", "--device", "cpu"]) == 0
    out = capsys.readouterr().out.splitlines()
    progress = [line for line in out if line.startswith("[")]
    assert any("epoch 1 of 4" in line for line in progress) and progress[-1].endswith("done")
    verdict_at = next(i for i, line in enumerate(out) if VERDICT.fullmatch(line) or VERDICT.match(line))
    assert verdict_at == len(progress)                  # right after the progress, before any number
    assert "lower is better" in out[verdict_at + 3] or "higher is better" in out[verdict_at + 1]
    assert (project.root / "evaluation.json").is_file()


def test_the_verdict_says_when_the_judges_miss_real_glyphs_too():
    result = _result(0.34, 0.28, copy_style=0.0)
    result["overall"].append({**result["overall"][0], "name": "target shifted 1px", "content_accuracy": 0.58,
                              "style_accuracy": 0.74})
    assert plain_verdict(result).endswith("(the judges give the real target font 6 and 7 of 10).")
