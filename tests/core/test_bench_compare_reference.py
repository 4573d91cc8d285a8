"""bench/compare_reference.py's own logic: the summary over seeds and resuming from the seeds already saved."""

import json
import sys
from argparse import Namespace
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import compare_reference  # noqa: E402


def _seed(ours_content: float, reference_content: float, steps: int = 100) -> dict:
    def judged(name: str, content: float) -> dict:
        model = {"content_accuracy": content, "style_accuracy": 0.5, "ssim": 0.6, "rmse": 0.3, "l1": 0.1}
        return {"name": name, "model": model, "copy source": model, "complete_strokes": 0.7}
    return {"ours": {"steps": steps}, "reference": {"steps": steps // 2},
            "judged": [judged("ours (generator width default)", ours_content), judged("reference", reference_content)]}


def test_the_summary_gives_mean_spread_and_the_lead_in_spreads():
    summary = compare_reference.quality_summary([_seed(0.6, 0.5), _seed(0.7, 0.5), _seed(0.8, 0.5)])
    content = summary["ours (generator width default)"]["content_accuracy"]
    assert content["mean"] == pytest.approx(0.7)
    assert content["std"] == pytest.approx(0.0816, abs=1e-4)
    assert content["seeds"] == [0.6, 0.7, 0.8]
    assert summary["reference"]["content_accuracy"]["std"] == 0
    assert summary["gap_over_spread"]["content_accuracy"] == pytest.approx(0.2 / 0.0816, abs=1e-2)
    assert summary["steps ours"]["steps"]["mean"] == 100


def test_a_seed_saved_in_the_out_folder_is_read_back_not_run_again(tmp_path, monkeypatch):
    (tmp_path / "seed-0.json").write_text(json.dumps(_seed(0.6, 0.5)))

    def run_again(*args, **kwargs):
        raise AssertionError("seed 0 was run again")
    monkeypatch.setattr(compare_reference, "quality", run_again)
    args = Namespace(out=str(tmp_path), reference_dir="ref", quality_seconds=1.0, budget_clock="cpu",
                     judge_cache=None)
    assert compare_reference._quality_seed(args, [None], 0) == _seed(0.6, 0.5)


def test_a_finished_seed_is_saved_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(compare_reference, "quality", lambda *args: _seed(0.6, 0.5))
    args = Namespace(out=str(tmp_path / "new"), reference_dir="ref", quality_seconds=1.0, budget_clock="cpu",
                     judge_cache=None)
    compare_reference._quality_seed(args, [None], 2)
    assert json.loads((tmp_path / "new" / "seed-2.json").read_text()) == _seed(0.6, 0.5)
    assert not list((tmp_path / "new").glob("*.partial"))


def test_ours_alone_is_summarised_without_a_reference():
    alone = [{"ours": {"steps": 100}, "reference": None, "judged": [_seed(c, 0.5)["judged"][0]]} for c in (0.6, 0.8)]
    summary = compare_reference.quality_summary(alone)
    assert summary["ours (generator width default)"]["content_accuracy"]["mean"] == pytest.approx(0.7)
    assert "reference" not in summary and "gap_over_spread" not in summary


def test_ours_alone_with_another_batch_size_starts_no_reference_run(tmp_path, monkeypatch):
    started = []

    class Finished:
        def __init__(self, cmd, **_):
            started.append(cmd)

        def communicate(self):
            return json.dumps({"steps": 3}), ""

    monkeypatch.setattr(compare_reference, "demo_pairs_npz", lambda folder, size: (folder / "t.npz", folder / "e.npz"))
    monkeypatch.setattr(compare_reference.subprocess, "Popen", Finished)
    monkeypatch.setattr(compare_reference.np, "load", lambda path: {"glyphs": path})
    monkeypatch.setattr(compare_reference, "judge_glyphs", lambda folder, size, outputs, names, cache: names)
    result = compare_reference.quality("ref", 128, 1.0, [None], "cpu", batch_size=8, with_reference=False)
    assert len(started) == 1 and "reference_zi2zi.py" not in " ".join(started[0])
    assert started[0][started[0].index("--batch-size") + 1] == "8"
    assert result["reference"] is None and result["judged"] == ["ours (generator width default)"]
