"""DistributedDataParallel on CPU (gloo): two ranks train in lockstep; only rank 0 writes files."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import torch
import torch.multiprocessing as mp

from tests.core.training_fixtures import tiny_project


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _worker(rank: int, world: int, port: int, project_dir: str, out_dir: str) -> None:
    os.environ.update(MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port), RANK=str(rank),
                      WORLD_SIZE=str(world), LOCAL_RANK=str(rank))
    torch.set_num_threads(1)
    import core.training.loop as loop_module
    from core.project import Project

    captured = {}

    class Recording(loop_module.Trainer):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            captured["trainer"] = self

    loop_module.Trainer = Recording
    project = Project.open(project_dir)
    list(loop_module.train(project))
    t = captured["trainer"]
    torch.save({"generator": {k: v for k, v in t.generator.named_parameters()},
                "discriminator": {k: v for k, v in t.discriminator.named_parameters()}},
               Path(out_dir) / f"rank{rank}.pt")
    torch.distributed.destroy_process_group()


def test_two_gloo_ranks_end_with_identical_weights(tmp_path):
    project = tiny_project(tmp_path / "p", steps=6)
    project.config.train.checkpoint_every = 3
    project.save()
    mp.spawn(_worker, args=(2, _free_port(), str(project.root), str(tmp_path)), nprocs=2, join=True)
    rank0 = torch.load(tmp_path / "rank0.pt", weights_only=True)
    rank1 = torch.load(tmp_path / "rank1.pt", weights_only=True)
    for part in ("generator", "discriminator"):
        assert rank0[part].keys() == rank1[part].keys()
        for name in rank0[part]:
            assert torch.equal(rank0[part][name], rank1[part][name]), f"{part}.{name} differs between ranks"
    # only rank 0 wrote checkpoints: one per checkpoint step, no duplicates or partial files
    assert sorted(p.name for p in project.checkpoints_dir.glob("step-*.pt")) == [
        "step-00000003.pt", "step-00000006.pt"]
    assert not list(project.checkpoints_dir.glob("*.tmp"))


def test_torchrun_runs_the_same_train_command(tmp_path):
    project = tiny_project(tmp_path / "p", steps=4)
    project.config.train.checkpoint_every = 4
    project.save()
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "torch.distributed.run", "--nproc_per_node=2", "--master_port", str(_free_port()),
         "-m", "core.cli", "train", str(project.root), "--threads", "1"],
        capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.count("completed at step 4") == 1  # rank 0 alone prints
    assert (project.checkpoints_dir / "step-00000004.pt").is_file()
