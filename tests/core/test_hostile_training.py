"""Training never loses or poisons a project (issue 16): a diverged or blank-drawing model is never best,
checkpoints are found from the files themselves, damage is detected, and the batch size must fit."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
import torch

from core.cli import main
from core.control import JobControl
from core.errors import CheckpointError, ConfigError, TrainingError
from core.reports import CheckpointReport, EvalReport, NoticeReport, TrainStepReport
from core.training import memory
from core.training.checkpoint import CheckpointStore, load_checkpoint, nonfinite_tensors, save_checkpoint, step_of
from core.training.history import history_path, read_records
from core.training.loop import degenerate_share, train
from core.training.trainer import Trainer
from tests.core.training_fixtures import tiny_project


def _run(project, **kwargs):
    return list(train(project, project.config, JobControl(), **kwargs))


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """30 steps, a checkpoint every 10: step-10, -20, -30, best.pt, index.json and a history."""
    torch.set_num_threads(1)
    project = tiny_project(tmp_path_factory.mktemp("t") / "p", steps=30)
    _run(project)
    return project.root


@pytest.fixture
def project(trained, tmp_path):
    from core.project import Project

    shutil.copytree(trained, tmp_path / "p")
    return Project.open(tmp_path / "p")


def _resume_to(project, steps: int):
    project.config.train.steps = steps
    return _run(project)


def _resumed_step(reports) -> int:
    note = next(r for r in reports if isinstance(r, NoticeReport) and r.message.startswith("resumed from"))
    return note.step


# ----- 1. a diverged model is never best -------------------------------------------------------------
def test_a_huge_learning_rate_stops_with_one_line_and_writes_no_poisoned_checkpoint(tmp_path, capsys):
    project = tiny_project(tmp_path / "p", steps=40)
    code = main(["train", str(project.root), "--set", "train.generator_lr=1e6", "--set", "train.discriminator_lr=1e6"])
    err = capsys.readouterr().err.strip()
    assert code == 1 and "diverged" in err and "\n" not in err
    for path in project.checkpoints_dir.glob("*.pt"):
        assert not nonfinite_tensors(torch.load(path, weights_only=True))


def test_a_checkpoint_with_nan_buffers_is_never_written(tmp_path):
    state = {"config": {}, "generator": {"bn.running_var": torch.tensor([1.0, float("inf")])}}
    with pytest.raises(CheckpointError, match="NaN or infinite"):
        save_checkpoint(tmp_path / "x.pt", state)
    assert not list(tmp_path.iterdir())


def test_blank_glyphs_are_a_failed_evaluation_never_a_best(tmp_path, monkeypatch):
    project = tiny_project(tmp_path / "p", steps=20)
    real = Trainer.held_out_evaluation

    def blank(self):
        l1, copy_l1, glyphs = real(self)
        return 0.01, copy_l1, np.full_like(glyphs, 255)  # a deceptively good L1 for blank paper

    monkeypatch.setattr(Trainer, "held_out_evaluation", blank)
    reports = _run(project)
    evals = [r for r in reports if isinstance(r, EvalReport)]
    assert evals and all(np.isnan(r.held_out_l1) for r in evals)
    assert any("blank or solid black glyphs" in r.message for r in reports if isinstance(r, NoticeReport))
    assert not any(r.is_best for r in reports if isinstance(r, CheckpointReport))
    assert not (project.checkpoints_dir / "best.pt").exists()


def test_degenerate_share_counts_blank_flat_and_solid_glyphs():
    glyphs = np.full((4, 32, 32), 255, np.uint8)
    assert degenerate_share(glyphs) == 1.0
    glyphs[1] = 0                                   # solid ink
    glyphs[2] = 140                                 # one flat grey tone
    glyphs[3, 8:24, 14:18] = 0                      # a written stroke
    assert degenerate_share(glyphs) == 0.75


# ----- 2. crash-safe checkpoints ------------------------------------------------------------------------
def test_resume_finds_checkpoints_without_an_index(project):
    (project.checkpoints_dir / "index.json").unlink()
    reports = _resume_to(project, 40)
    assert _resumed_step(reports) == 30
    assert [r.step for r in reports if isinstance(r, TrainStepReport)][0] == 31


def test_an_index_naming_a_missing_file_never_restarts_from_zero(project):
    index = {"checkpoints": [{"file": "step-00000099.pt", "step": 99, "held_out_l1": 0.1}], "best": None}
    (project.checkpoints_dir / "index.json").write_text(json.dumps(index))
    best_before = (project.checkpoints_dir / "best.pt").read_bytes()
    history_before = [r for r in read_records(history_path(project.root)) if r["step"] <= 30]
    reports = _resume_to(project, 40)
    assert _resumed_step(reports) == 30
    assert read_records(history_path(project.root))[:len(history_before)] == history_before
    best = load_checkpoint(project.checkpoints_dir / "best.pt")
    assert best["step"] >= 10 and (project.checkpoints_dir / "best.pt").read_bytes() != b""
    assert best_before  # best.pt was replaced only by a better evaluation, never wiped


def test_a_step_file_written_just_before_a_kill_is_resumed_from(project):
    """The kill came after the step file's rename and before index.json was written."""
    store = CheckpointStore(project.checkpoints_dir)
    state = load_checkpoint(store.latest())
    state["step"] = 35
    save_checkpoint(project.checkpoints_dir / "step-00000035.pt", {k: v for k, v in state.items() if k != "digest"})
    assert "step-00000035.pt" not in (project.checkpoints_dir / "index.json").read_text()
    assert _resumed_step(_resume_to(project, 40)) == 35


def test_leftover_temporary_files_are_removed_and_orphans_pruned(project):
    folder = project.checkpoints_dir
    (folder / ".step-00000040.pt.k2j3.tmp").write_bytes(b"\0" * 1000)
    (folder / ".best.pt.x9.tmp").write_bytes(b"\0" * 1000)
    (project.root / "training" / ".history.jsonl.a1.tmp").write_text("half")
    for orphan in (1, 2, 3):  # step files no index ever listed
        shutil.copyfile(folder / "step-00000010.pt", folder / f"step-{orphan:08d}.pt")
    _resume_to(project, 40)
    assert not list(project.root.rglob("*.tmp"))
    assert sorted(p.name for p in folder.glob("step-*.pt")) == ["step-00000020.pt", "step-00000030.pt",
                                                                 "step-00000040.pt"]


def test_a_damaged_latest_checkpoint_is_set_aside_and_the_one_before_resumed(project):
    latest = project.checkpoints_dir / "step-00000030.pt"
    data = bytearray(latest.read_bytes())
    data[len(data) // 2] ^= 0xFF
    latest.write_bytes(bytes(data))
    reports = _resume_to(project, 25)
    assert _resumed_step(reports) == 20
    assert any("step-00000030.pt is damaged" in r.message for r in reports if isinstance(r, NoticeReport))
    assert (project.checkpoints_dir / "step-00000030.pt.damaged").is_file()


def test_when_every_checkpoint_is_damaged_training_refuses_to_start_over(project, capsys):
    for path in project.checkpoints_dir.glob("*.pt"):
        path.write_bytes(b"garbage")
    history = history_path(project.root).read_bytes()
    code = main(["train", str(project.root), "--steps", "40"])
    err = capsys.readouterr().err.strip()
    assert code == 1 and "every checkpoint" in err and "--no-resume" in err and "\n" not in err
    assert history_path(project.root).read_bytes() == history
    assert sorted(p.read_bytes() for p in project.checkpoints_dir.glob("*.pt")) == [b"garbage"] * 4


def test_a_flipped_bit_in_a_tensor_fails_the_checksum(project, tmp_path):
    state = torch.load(project.checkpoints_dir / "step-00000030.pt", weights_only=True)
    weight = next(v for v in state["generator"].values() if v.is_floating_point() and v.numel() > 10)
    weight.view(-1).view(torch.int32)[3] ^= 1
    torch.save(state, tmp_path / "flipped.pt")
    with pytest.raises(CheckpointError, match="checksum"):
        load_checkpoint(tmp_path / "flipped.pt")


def test_a_lost_index_never_lets_a_worse_model_replace_best(project):
    store = CheckpointStore(project.checkpoints_dir)
    best = project.checkpoints_dir / "best.pt"
    before = best.read_bytes()
    best_l1 = store.read_index()["best"]["held_out_l1"]
    (project.checkpoints_dir / "index.json").unlink()
    state = load_checkpoint(store.latest())
    state = {k: v for k, v in state.items() if k not in ("digest", "held_out_l1")}
    _, is_best = store.save(31, {**state, "step": 31}, best_l1 + 0.05)
    assert not is_best and best.read_bytes() == before


def test_init_from_beside_checkpoints_is_refused_and_no_resume_archives_the_old_run(project):
    base = project.checkpoints_dir / "best.pt"
    with pytest.raises(TrainingError, match="--init-from would be ignored"):
        _run(project, init_from=base)
    shutil.copyfile(base, project.root / "base-copy.pt")
    project.config.train.steps = 10
    reports = _run(project, resume=False, init_from=project.root / "base-copy.pt")
    archived = project.checkpoints_dir / "previous-1"
    assert any("moved to" in r.message for r in reports if isinstance(r, NoticeReport))
    assert sorted(p.name for p in archived.glob("step-*.pt")) == ["step-00000010.pt", "step-00000020.pt",
                                                                  "step-00000030.pt"]
    assert step_of(CheckpointStore(project.checkpoints_dir).latest()) == 10
    old_steps = {r["step"] for r in read_records(archived / "history.jsonl")}
    assert set(range(1, 31)) <= old_steps  # the old run's curves went with its checkpoints


# ----- 5. memory ----------------------------------------------------------------------------------------
def test_a_batch_larger_than_the_data_fails_fast_with_one_line(project, capsys):
    assert main(["train", str(project.root), "--batch-size", "100000"]) == 1
    err = capsys.readouterr().err.strip()
    assert "batch size 100000 is larger than the project's" in err and "choose a batch size of at most" in err
    assert "\n" not in err


def test_the_memory_estimate_says_what_fits(project, monkeypatch):
    config = project.config
    config.train.batch_size = 512
    config.data.image_size = 256
    monkeypatch.setattr(memory, "available_bytes", lambda device: 2 * 2 ** 30)
    with pytest.raises(TrainingError, match=r"needs about .* GB .* only 2\.0 GB is free") as info:
        memory.check_fits(config, 10000, torch.device("cpu"))
    fits = int(str(info.value).split("a batch size of ")[1].split()[0])
    assert 1 <= fits < 512
    assert memory.estimate_training_bytes(config, fits) <= 2 * 2 ** 30 * memory.USABLE_SHARE
    with pytest.raises(ConfigError, match="larger than"):
        memory.check_fits(config, 10, torch.device("cpu"))


def test_torchs_own_write_failure_is_a_checkpoint_error(tmp_path, monkeypatch):
    """A full disk inside torch.save surfaces as RuntimeError("... file write failed"), not OSError."""
    def failing(obj, f, *a, **k):
        raise RuntimeError("[enforce fail at inline_container.cc:595] . PytorchStreamWriter failed writing file "
                           "data/0: file write failed")

    monkeypatch.setattr(torch, "save", failing)
    with pytest.raises(CheckpointError, match="cannot write .*free space"):
        save_checkpoint(tmp_path / "x.pt", {"config": {}, "generator": {"w": torch.zeros(2)}})
    assert not list(tmp_path.iterdir())
