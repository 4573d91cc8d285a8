"""bench/few_shot_curve.py end to end on a tiny demo-font base model: seen faces, a held-out face fine-tuned, judges cached."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
import torch

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str) -> None:
    subprocess.run([sys.executable, *args], cwd=ROOT, check=True, capture_output=True, text=True, timeout=300)


@pytest.mark.slow   # 35 s at load 3.5 on two cores (78 s at load 5): three subprocesses, one a fine-tune
def test_few_shot_curve_reports_seen_and_fine_tuned_faces_beside_copying_the_source(tmp_path):
    base, out = tmp_path / "base", tmp_path / "out"
    _run("-m", "core.cli", "base-model", str(base), "--fonts", "resources/fonts", "--source",
         "resources/fonts/microhei-demo.ttf", "--charset", "resources/charsets/demo-hanzi.txt",
         "--image-size", "64", "--hold-out-styles", "1")
    _run("-m", "core.cli", "train", str(base), "--steps", "2", "--threads", "1", "--batch-size", "4",
         "--set", "model.generator_channels=8", "--set", "model.discriminator_channels=8",
         "--set", "model.embedding_dim=8", "--set", "train.checkpoint_every=2", "--set", "train.eval_every=2")
    _run("bench/few_shot_curve.py", "--base", str(base), "--out", str(out), "--shots", "12",
         "--minutes", "0.05", "--threads", "1", "--judge-epochs", "1", "--style-chars", "100")

    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    held_out = json.loads((base / "project.json").read_text(encoding="utf-8"))["held_out_styles"]
    assert len(held_out) == 1
    assert {r["face"] for r in results["seen"]}.isdisjoint(held_out) and len(results["seen"]) == 2
    assert [r["shots"] for r in results["few_shot"]] == [0, 12]
    tuned = results["few_shot"][1]
    assert tuned["face"] == held_out[0] and tuned["finetune"]["written"] == 12
    assert tuned["finetune"]["last_step"] >= 1 and tuned["finetune"]["cpu_s"] > 0
    for row in results["seen"] + results["few_shot"]:
        assert 0 <= row["content"] <= 1 and 0 <= row["style"] <= 1
        assert row["copy_source"]["ssim"] > 0 and (out / row["strip"]).is_file()
    assert {"real_shifted_content", "real_shifted_style", "copy_source_style"} <= set(results["judges"]["mean"])
    judges = torch.load(out / "judges-64.pt", map_location="cpu", weights_only=True)   # no pickled objects
    assert set(judges) >= {"content", "style", "fingerprint"}
    assert "Held-out faces: few-shot curve" in (out / "results.md").read_text(encoding="utf-8")
    assert not list((out / "runs").glob("*/project/cache/*.npz"))   # the large pairs cache is not left behind
