"""The `zi2zi` command: readable output, JSON where it reports figures, one-line errors with non-zero exits."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from core.cli import main
from tests.core.training_fixtures import tiny_project


def _zi2zi(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "core.cli", *args], capture_output=True, text=True, timeout=300)


def test_every_command_has_help():
    for command in ("fonts", "new", "train", "generate", "eval", "bench", "demo", "export"):
        with pytest.raises(SystemExit) as info:
            main([command, "--help"])
        assert info.value.code == 0


def test_fonts_lists_the_demo_fonts_with_coverage(capsys, tmp_path):
    from core.fonts import demo_font_paths

    folder = next(iter(demo_font_paths().values())).parent
    assert main(["fonts", str(folder), "--charset", "gb2312", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) >= 4
    assert all(0 < r["covered"] <= 6763 and r["charset_size"] == 6763 for r in rows)


def test_fonts_in_a_folder_of_broken_files_is_an_error_not_an_empty_list(tmp_path):
    (tmp_path / "broken.ttf").write_bytes(b"not a font at all")
    (tmp_path / "cut.otf").write_bytes(b"OTTO\x00\x01")
    result = _zi2zi("fonts", str(tmp_path))
    lines = [line for line in result.stderr.splitlines() if line.strip() and "skipping font" not in line]
    assert result.returncode != 0
    assert len(lines) == 1 and "no readable font in" in lines[0] and "Traceback" not in result.stderr


@pytest.mark.parametrize("args, words", [
    (["new", "{tmp}/a", "--source", "{tmp}/missing.ttf", "--target", "demo:ukai"], "missing.ttf"),
    (["new", "{tmp}/b", "--source", "demo:microhei", "--target", "demo:ukai", "--image-size", "100"],
     "image size (data.image_size) cannot be 100"),
    (["new", "{tmp}/c", "--source", "demo:microhei", "--target", "demo:ukai", "--charset", "klingon"], "klingon"),
    (["new", "{tmp}/d", "--source", "demo:microhei", "--target", "demo:ukai", "--charset", "ksx1001-hangul"],
     "hangul"),
    (["train", "{tmp}"], "not a zi2zi Studio project"),
    (["generate", "{tmp}/nowhere"], "nowhere"),
])
def test_bad_input_gives_a_one_line_error_and_a_non_zero_exit(tmp_path, args, words):
    result = _zi2zi(*[a.format(tmp=tmp_path) for a in args])
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert words.lower() in lines[0].lower()
    assert "Traceback" not in result.stderr


def test_train_generate_eval_from_the_command_line(tmp_path, capsys):
    project = tiny_project(tmp_path / "p", steps=10)
    assert main(["train", str(project.root), "--json"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines[-1]["type"] == "FinishedReport" and lines[-1]["step"] == 10
    assert main(["generate", str(project.root), "--text", "的一国在", "--style", "0", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["count"] == "4"
    assert main(["eval", str(project.root), "--classifier-epochs", "2", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    names = [row["name"] for row in result["overall"]]
    assert names == ["model", "copy source", "target shifted 1px"]
    assert (project.root / "evaluation.json").is_file()


def test_bench_prints_json_figures(capsys):
    assert main(["bench", "--image-size", "32", "--batch-size", "4", "--steps", "1", "--channels", "8",
                 "--infer-glyphs", "16", "--infer-batch", "8", "--device", "cpu"]) == 0
    figures = json.loads(capsys.readouterr().out)
    for key in ("train_images_per_second", "infer_glyphs_per_second", "peak_rss_mb"):
        assert figures[key] > 0
