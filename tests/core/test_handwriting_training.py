"""Fine-tuning on handwriting: the preset, held-out handwritten characters, base-style replay, frozen encoder,
early stopping, export precedence, and the command-line journey base model -> scans -> fine-tuned style."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from core.config import Config
from core.dataset import load_pairs
from core.fonts import demo_font_paths, open_face
from core.project import Style
from core.recipes.held_out import choose_held_out, written_characters
from core.render import render_glyphs
from core.reports import EvalReport, FinishedReport, NoticeReport
from core.training.checkpoint import CheckpointStore, load_checkpoint
from core.training.loop import train
from core.training.presets import handwriting_finetune_config
from core.training.trainer import Trainer
from tests.core.training_fixtures import tiny_project

FIXTURES = Path(__file__).parent / "fixtures" / "scans"


def _write_hand(folder: Path, codepoints: list[int], size: int) -> None:
    """Stand-in handwritten glyphs: LXGW WenKai, shrunk and moved down-right as a writer might."""
    folder.mkdir(parents=True, exist_ok=True)
    rendered = render_glyphs(open_face(demo_font_paths()["wenkai"]), codepoints, size)
    for cp, bitmap in zip(rendered.codepoints, rendered.bitmaps):
        small = Image.fromarray(bitmap).resize((size * 3 // 4, size * 3 // 4))
        page = Image.new("L", (size, size), 255)
        page.paste(small, (size // 5, size // 5))
        page.save(folder / f"{cp:04X}.png")


def _hand_project(tmp_path: Path, base_steps: int = 10):
    """A trained tiny base (two fonts) and a project with those fonts plus a handwritten style."""
    base = tiny_project(tmp_path / "base", steps=base_steps)
    list(train(base))
    project = tiny_project(tmp_path / "hand", steps=20)
    hand = tmp_path / "hand-glyphs"
    _write_hand(hand, project.charset()[:120], 32)
    project.styles.append(Style(name="My hand", kind="handwriting", folder=str(hand)))
    project.save()
    return base, project


def test_preset_fine_tunes_gently_and_stops_early():
    base = Config()
    config = handwriting_finetune_config(base, 300)
    t = config.train
    assert 300 <= t.steps < base.train.steps
    assert t.generator_lr < base.train.generator_lr and t.discriminator_lr < base.train.discriminator_lr
    assert t.freeze_encoder and t.keep_base_styles and t.early_stopping_patience > 0
    assert t.eval_every * 10 <= t.steps  # at least ten held-out evaluations
    assert handwriting_finetune_config(base, 2000).train.steps > t.steps  # more samples, more steps
    assert base.train.steps == Config().train.steps  # the base config is not changed


def test_preset_carries_the_few_shot_recipe_and_freeze_d_only_with_a_trained_discriminator():
    base = Config()
    base.train.augment = "none"                      # a schema-1 base trained without augmentation
    with_d = handwriting_finetune_config(base, 300, base_has_discriminator=True).train
    without_d = handwriting_finetune_config(base, 300).train
    assert with_d.augment == "translation,cutout" and with_d.judge_style
    assert with_d.freeze_discriminator_blocks == 2 and without_d.freeze_discriminator_blocks == 0
    assert with_d.generator_lr <= base.train.generator_lr / 2 and with_d.discriminator_lr <= base.train.discriminator_lr / 2
    # the averaged generator follows about the last tenth of the run, never the whole base run's 1,000 updates
    short = 1 / (1 - with_d.ema_decay)
    assert 0.99 <= with_d.ema_decay < base.train.ema_decay and short <= 0.2 * with_d.steps * with_d.g_steps_per_d_step
    assert handwriting_finetune_config(base, 3000).train.ema_decay > with_d.ema_decay  # longer run, longer average


def test_base_styles_fill_at_least_half_of_the_batches_whatever_the_hand_s_size(tmp_path, monkeypatch):
    from core.dataset import PairData

    base, project = _hand_project(tmp_path)
    data = load_pairs(project, 32)
    names = [s.name for s in project.styles]
    ckpt = CheckpointStore(base.checkpoints_dir).latest()
    trainer = Trainer(project.config, data, names, torch.device("cpu"), init_from=ckpt)
    everything = data.train_indices
    hand = np.flatnonzero(data.pair_style[everything] == 2)
    for keep in (len(hand), 40, 9, 1):                     # the whole hand, then fewer written glyphs
        monkeypatch.setattr(PairData, "train_indices", property(lambda self, k=keep: np.delete(everything, hand[k:])))
        indices = trainer.training_indices()
        base_share = np.mean(data.pair_style[indices] != 2)
        assert 0.5 <= base_share <= 0.75, (keep, base_share)
    monkeypatch.undo()
    trainer.sampler = trainer._make_sampler()
    drawn = np.concatenate([trainer.sampler.next() for _ in range(200)])
    assert np.mean(data.pair_style[drawn] != 2) >= 0.45    # what the batches hold, over 200 of them


def test_style_judge_tells_the_hand_from_the_fonts_and_the_source(tmp_path):
    from core.training.style_judge import StyleJudge, finetune_rank

    _, project = _hand_project(tmp_path)
    data = load_pairs(project, 32)
    judge = StyleJudge.fit(data)
    held = data.held_out_indices[data.pair_style[data.held_out_indices] == 2]
    assert len(held) >= 4
    real = judge.accuracy(data.targets[held], data.pair_style[held])
    copied = judge.accuracy(data.sources[data.pair_char[held]], data.pair_style[held])
    assert real >= 0.75 and copied <= 0.25           # unseen written characters read as the hand; the source does not
    assert finetune_rank(0.1, 1.0) == 0.1 and finetune_rank(0.1, 0.0) == 0.2 and finetune_rank(0.1, None) == 0.1


def test_early_stopping_weighs_style_accuracy_with_l1(tmp_path, monkeypatch):
    project = tiny_project(tmp_path / "p", steps=200)
    t = project.config.train
    t.eval_every, t.checkpoint_every, t.sample_every, t.early_stopping_patience = 2, 100, 100, 3
    t.judge_style = True
    # step 2: L1 0.20 at style 0.9 (rank 0.22); step 4: L1 0.18 but style 0.1 (rank 0.342, a blur of
    # the fonts); later ones worse still. The best is step 2, though step 4 has the lowest L1.
    styles = iter([0.9, 0.1] + [0.5] * 100)
    _fake_held_out_l1(monkeypatch, iter([0.20, 0.18] + [0.25] * 100))
    monkeypatch.setattr(Trainer, "held_out_style_accuracy", lambda self, glyphs: next(styles))
    reports = list(train(project))
    finished = reports[-1]
    assert finished.reason == "early-stopped" and finished.step == 2 * 4
    assert load_checkpoint(finished.checkpoint_path)["step"] == 2
    evals = [r for r in reports if isinstance(r, EvalReport)]
    assert evals[0].style_accuracy == 0.9 and evals[0].held_out_l1 == 0.20   # the figures shown stay the real ones
    assert any("weighted by style accuracy" in r.message for r in reports if isinstance(r, NoticeReport))
    from core.training.history import history_path, read_records
    judged = [r["style_accuracy"] for r in read_records(history_path(project.root)) if r["type"] == "eval"]
    assert judged[:2] == [0.9, 0.1]                                           # kept for the curves


def test_some_handwritten_characters_are_held_out_and_judge_fine_tuning(tmp_path):
    base, project = _hand_project(tmp_path)
    project.held_out = choose_held_out(project)
    project.save()
    written = sorted(set(project.held_out) & set(written_characters(project, 2)))
    assert 4 <= len(written) <= 30
    assert choose_held_out(project) == project.held_out  # repeatable
    data = load_pairs(project, 32)
    hand_held = data.held_out_indices[data.pair_style[data.held_out_indices] == 2]
    assert sorted(data.codepoints_of(hand_held)) == written
    assert not set(data.codepoints_of(data.train_indices[data.pair_style[data.train_indices] == 2])) & set(written)
    trainer = Trainer(project.config, data, [s.name for s in project.styles], torch.device("cpu"),
                      init_from=CheckpointStore(base.checkpoints_dir).latest())
    assert set(data.pair_style[trainer.evaluation_pairs()]) == {2}  # fine-tuning is scored on the hand


def test_keep_base_styles_replays_the_fonts_and_off_trains_the_hand_alone(tmp_path):
    base, project = _hand_project(tmp_path)
    data = load_pairs(project, 32)
    names = [s.name for s in project.styles]
    ckpt = CheckpointStore(base.checkpoints_dir).latest()
    mixed = Trainer(project.config, data, names, torch.device("cpu"), init_from=ckpt).training_indices()
    share = np.mean(data.pair_style[mixed] == 2)
    assert {0, 1, 2} <= set(data.pair_style[mixed]) and 0.35 <= share <= 0.65
    project.config.train.keep_base_styles = False
    alone = Trainer(project.config, data, names, torch.device("cpu"), init_from=ckpt).training_indices()
    assert set(data.pair_style[alone]) == {2}
    assert len(alone) == int(np.sum(data.pair_style[data.train_indices] == 2))


def test_frozen_encoder_keeps_its_weights_while_the_decoder_learns(tmp_path):
    base, project = _hand_project(tmp_path)
    project.config.train.freeze_encoder = True
    project.config.train.steps = 4
    data = load_pairs(project, 32)
    trainer = Trainer(project.config, data, [s.name for s in project.styles], torch.device("cpu"),
                      init_from=CheckpointStore(base.checkpoints_dir).latest())
    encoder = {id(p) for p in trainer.generator.encoder_parameters()}
    before = {n: p.detach().clone() for n, p in trainer.generator.named_parameters()}
    for _ in range(4):
        trainer.train_step()
    after = dict(trainer.generator.named_parameters())
    frozen = [n for n, p in after.items() if id(p) in encoder]
    learned = [n for n, p in after.items() if id(p) not in encoder]
    assert frozen and all(torch.equal(before[n], after[n]) for n in frozen)
    assert any(not torch.equal(before[n], after[n]) for n in learned)


def _fake_held_out_l1(monkeypatch, scores) -> None:
    """The trainer's held-out evaluation with the L1 figures given (the glyphs stay the model's own)."""
    real = Trainer.held_out_evaluation
    monkeypatch.setattr(Trainer, "held_out_evaluation", lambda self: (next(scores), 0.5, real(self)[2]))


def test_early_stopping_stops_keeps_the_best_model_and_says_why(tmp_path, monkeypatch):
    project = tiny_project(tmp_path / "p", steps=200)
    t = project.config.train
    t.eval_every, t.checkpoint_every, t.sample_every, t.early_stopping_patience = 2, 100, 100, 3
    # Held-out L1 improves for two evaluations, then gets worse: the run must stop three evaluations later.
    scores = iter([0.30, 0.20] + [0.25 + 0.01 * i for i in range(100)])
    _fake_held_out_l1(monkeypatch, scores)
    reports = list(train(project))
    finished = reports[-1]
    assert isinstance(finished, FinishedReport) and finished.reason == "early-stopped"
    assert finished.step == 2 * 5  # evaluations at steps 2, 4 (best), 6, 8, 10
    assert Path(finished.checkpoint_path).name == "best.pt"
    assert load_checkpoint(finished.checkpoint_path)["step"] == 4
    notice = [r.message for r in reports if isinstance(r, NoticeReport)]
    assert any("stopped early" in m and "3 evaluations" in m for m in notice)


def test_evaluations_before_best_after_neither_make_the_best_nor_stop_the_run(tmp_path, monkeypatch):
    project = tiny_project(tmp_path / "p", steps=40)
    t = project.config.train
    t.eval_every, t.checkpoint_every, t.sample_every, t.early_stopping_patience = 2, 100, 100, 3
    t.best_after = 0.5   # from step 20
    # The first checks score best of all (a fine-tune's first checks mostly show the base model) and the
    # scores then get worse: without best_after the run would stop at step 8 keeping step 2.
    scores = iter([0.05] * 9 + [0.30, 0.20] + [0.25 + 0.01 * i for i in range(100)])
    _fake_held_out_l1(monkeypatch, scores)
    reports = list(train(project))
    finished = reports[-1]
    assert finished.reason == "early-stopped" and finished.step == 22 + 2 * 3   # best at 22, then 3 worse
    assert load_checkpoint(finished.checkpoint_path)["step"] == 22
    shown = [r.held_out_l1 for r in reports if isinstance(r, EvalReport)]
    assert shown[:2] == [0.05, 0.05]                       # early figures are still shown


def test_fine_tune_style_is_judged_on_unwritten_characters_too(tmp_path):
    from core.training.trainer import STYLE_PROBE_CHARS

    base, project = _hand_project(tmp_path)
    data = load_pairs(project, 32)
    trainer = Trainer(project.config, data, [s.name for s in project.styles], torch.device("cpu"),
                      init_from=CheckpointStore(base.checkpoints_dir).latest())
    chars, styles = trainer.style_probe([2])
    written = set(data.pair_char[data.pair_style == 2])
    assert len(chars) == min(STYLE_PROBE_CHARS, len(data.sources) - len(written)) > 0
    assert set(styles) == {2} and not written & set(chars)    # characters the hand never wrote
    assert np.array_equal(trainer.style_probe([2])[0], chars)  # the same ones at every evaluation

def test_patience_zero_never_stops_early(tmp_path, monkeypatch):
    project = tiny_project(tmp_path / "p", steps=12)
    project.config.train.eval_every = 2
    _fake_held_out_l1(monkeypatch, iter([0.5] * 100))  # never improves
    finished = list(train(project))[-1]
    assert finished.reason == "completed" and finished.step == 12


def test_handwriting_wins_in_export_unless_generated_is_preferred(tmp_path):
    from core.export.project_glyphs import project_glyphs

    _, project = _hand_project(tmp_path, base_steps=1)
    hand = project.style_folder(2)
    written = sorted(int(p.stem, 16) for p in hand.glob("*.png"))[:2]
    generated = project.glyphs_dir / "generated" / "My hand"
    generated.mkdir(parents=True)
    only_generated = 0x4E00 if 0x4E00 not in written else 0x4E01
    for cp in (written[0], only_generated):
        Image.new("L", (32, 32), 0).save(generated / f"{cp:04X}.png")  # all ink: easy to tell apart
    glyphs, counts = project_glyphs(project, 2)
    assert glyphs[written[0]].max() == 255 and glyphs[only_generated].max() == 0
    project.config.export.prefer_generated_for_handwriting = True
    glyphs, counts = project_glyphs(project, 2)
    assert glyphs[written[0]].max() == 0 and glyphs[written[1]].max() == 255  # the hand fills the rest
    assert counts["generated"] == 2 and counts["handwriting"] == len(list(hand.glob("*.png"))) - 1
    (project.root / "review.json").write_text(json.dumps({"styles": {"My hand": {"rejected": [f"{written[0]:04X}"]}}}))
    glyphs, _ = project_glyphs(project, 2)
    assert glyphs[written[0]].max() == 255  # a rejected generated glyph gives way to the written one


def test_command_line_base_model_then_fine_tune_from_scans(tmp_path, capsys):
    from core.cli import main

    fonts = tmp_path / "fonts"
    fonts.mkdir()
    for name in ("ukai", "wenkai", "uming"):
        shutil.copy(demo_font_paths()[name], fonts)
    charset = str(Path(__file__).resolve().parents[2] / "resources" / "charsets" / "demo-hanzi.txt")
    tiny = ["--batch-size", "8", "--threads", "1", "--device", "cpu", "--set", "model.generator_channels=8",
            "--set", "model.discriminator_channels=8", "--set", "model.embedding_dim=16",
            "--set", "train.log_every=3", "--set", "train.sample_count=2"]
    assert main(["base-model", str(tmp_path / "base"), "--fonts", str(fonts), "--source", "demo:microhei",
                 "--charset", charset, "--image-size", "32"]) == 0
    assert main(["train", str(tmp_path / "base"), "--steps", "6", *tiny, "--set", "train.eval_every=3",
                 "--set", "train.checkpoint_every=3", "--set", "train.sample_every=6"]) == 0
    glyphs = tmp_path / "glyphs"
    scans = [str(p) for p in sorted(FIXTURES.glob("*.jpg"))]
    assert main(["extract", str(FIXTURES / "spec.json"), *scans, "--out", str(glyphs), "--size", "32"]) == 0
    capsys.readouterr()
    assert main(["handwriting-project", str(tmp_path / "hand"), "--base", str(tmp_path / "base"),
                 "--glyphs", str(glyphs), "--name", "Test hand"]) == 0
    assert "held out for validation" in capsys.readouterr().out
    from core.capture.normalize import WriterMetrics
    from core.project import Project
    from core.project.layout import writer_metrics_file
    hand_project = Project.open(tmp_path / "hand")
    inside = hand_project.style_folder(3)
    assert inside.is_relative_to(hand_project.root) and writer_metrics_file(inside).is_file()  # normalised copies
    assert len(list(inside.glob("*.png"))) == len(list(glyphs.glob("*.png")))
    assert WriterMetrics.load(writer_metrics_file(inside)).characters >= 8
    from core.generation import _writer_follower
    assert _writer_follower(hand_project, "Test hand", hand_project.source_face()) is not None
    assert _writer_follower(hand_project, hand_project.styles[0].name, hand_project.source_face()) is None
    assert main(["train", str(tmp_path / "hand"), "--steps", "4", *tiny, "--set", "train.eval_every=2",
                 "--json"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert any(r["type"] == "NoticeReport" and "base model" in r["message"] for r in lines)
    assert lines[-1]["type"] == "FinishedReport" and lines[-1]["step"] == 4
    state = load_checkpoint(lines[-1]["checkpoint_path"])
    assert state["style_names"][-1] == "Test hand" and len(state["style_names"]) == 4
    assert state["config"]["train"]["freeze_encoder"] and state["config"]["train"]["early_stopping_patience"] > 0
    assert state["config"]["train"]["freeze_discriminator_blocks"] == 2   # the base project's checkpoint has a D
    assert state["config"]["data"]["image_size"] == 32                    # the base model's size


def _bundled_hand_project(tmp_path: Path):
    """A wizard project fine-tuning the bundled demo model, with 120 stand-in handwritten glyphs at 64 px."""
    from core.handwriting import new_handwriting_project, prepare_training
    from core.recipes.base_model import read_base_model

    project = new_handwriting_project(tmp_path / "hand", name="Hand", image_size=128,
                                      base_model=read_base_model(), style_name="Hand")
    _write_hand(project.style_folder(project.style_id("Hand")), project.charset()[:120], 64)
    return project, prepare_training(project)


def test_wizard_project_fine_tunes_the_bundled_model_and_adds_one_style(tmp_path):
    from core.handwriting import WizardState, training_plan

    project, count = _bundled_hand_project(tmp_path)
    assert count == 120 and project.config.data.image_size == 64            # the model's size, not the asked 128
    assert [s.name for s in project.styles] == ["AR PL UKai", "LXGW WenKai", "Hand"]  # the model's fonts, in
    # the model's row order, then the hand: project style i is model row i, as inference reads it
    assert (project.checkpoints_dir / "base.pt").is_file()
    t = project.config.train
    assert t.freeze_encoder and t.keep_base_styles and t.early_stopping_patience > 0
    assert t.steps == handwriting_finetune_config(Config(), 120).train.steps
    held_hand = set(project.held_out) & set(project.charset()[:120])
    assert 4 <= len(held_hand) <= 30                                         # judged on unseen written ones
    plan = training_plan(project, WizardState.load(project.root))
    assert plan.base == "bundled" and plan.early_stopping and not plan.resumes
    t.steps, t.batch_size, t.threads, t.device, t.sample_count = 2, 4, 1, "cpu", 2
    t.eval_every = t.sample_every = t.checkpoint_every = 2
    project.save()
    reports = list(train(project))
    assert any(isinstance(r, NoticeReport) and "base model" in r.message for r in reports)
    state = load_checkpoint(reports[-1].checkpoint_path)
    assert state["style_names"] == ["AR PL UKai", "LXGW WenKai", "Hand"]     # one row more than the base


def test_wizard_project_without_a_model_trains_from_scratch_beside_the_bundled_fonts(tmp_path):
    from core.handwriting import WizardState, new_handwriting_project, training_plan, use_base_model
    from core.recipes.base_model import read_base_model

    project = new_handwriting_project(tmp_path / "hand", name="Hand", image_size=32)
    assert [s.kind for s in project.styles] == ["font", "font", "handwriting"]
    assert not (project.checkpoints_dir / "base.pt").exists()
    assert training_plan(project, WizardState.load(project.root)).base is None
    import pytest

    from core.errors import ProjectError
    with pytest.raises(ProjectError, match="64 px"):   # the bundled model cannot fine-tune a 32 px project
        use_base_model(project, WizardState.load(project.root), read_base_model())


def test_designer_glyphs_replace_the_targets_only_when_asked(tmp_path):
    from core.editing.session import placed_edit
    from core.editing.store import save_edit

    project = tiny_project(tmp_path / "p", steps=2)
    data = load_pairs(project, 32)
    style0 = data.train_indices[data.pair_style[data.train_indices] == 0]
    cp = data.codepoints_of(style0[:1])[0]
    ink = np.full((32, 32), 255, np.uint8)
    ink[8:24, 14:18] = 0                                  # a designer's bar, nothing like the font's glyph
    edit = dataclasses.replace(placed_edit(cp, ink, int(project.config.export.units_per_em)), edited=True)
    save_edit(project, project.styles[0].name, edit)
    assert np.array_equal(load_pairs(project, 32).targets, data.targets)      # off by default
    project.config.train.use_designer_glyphs = True
    changed = load_pairs(project, 32)
    row = int(np.flatnonzero((changed.pair_style == 0) & (changed.pair_char == data.pair_char[style0[0]]))[0])
    assert np.abs(changed.targets[row].astype(int) - ink).mean() < 10        # the edit is the target
    assert len(changed.targets) == len(data.targets)
    assert np.array_equal(np.delete(changed.targets, row, 0), np.delete(data.targets, row, 0))
    project.config.train.use_designer_glyphs = False
    assert np.array_equal(load_pairs(project, 32).targets, data.targets)      # the cache follows the flag
