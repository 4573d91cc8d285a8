"""The style judge's cost and figures on a wizard project fine-tuning the bundled model (64 px), 300 written glyphs.

The hand is the AR PL UMing subset, lightly jittered (bench_writer_metrics.jitter); the judge is fitted
as the trainer fits it at the first evaluation (core.training.style_judge), then reads the held-out
written characters and the source glyphs of the same characters.

    .venv/bin/python bench/bench_style_judge.py /tmp/judge-project
"""
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import torch  # noqa: E402
from bench_writer_metrics import jitter  # noqa: E402
from PIL import Image  # noqa: E402

from core.capture.normalize import reference_glyphs  # noqa: E402
from core.capture.planner import plan_characters  # noqa: E402
from core.dataset import load_pairs  # noqa: E402
from core.fonts import demo_font_paths, open_face  # noqa: E402
from core.handwriting import new_handwriting_project, prepare_training, template_candidates  # noqa: E402
from core.recipes.base_model import read_base_model  # noqa: E402
from core.training.style_judge import StyleJudge  # noqa: E402


def main() -> int:
    torch.set_num_threads(2)
    root = sys.argv[1] if len(sys.argv) > 1 else "judge-project"  # must not exist yet
    project = new_handwriting_project(root, name="Hand", base_model=read_base_model(), style_name="Hand")
    chars = plan_characters(300, template_candidates(project))
    hand = jitter(reference_glyphs(open_face(demo_font_paths()["uming"]), chars, 256), 0, (0.85, 1.0), 0.02, 1.0)
    folder = project.style_folder(project.style_id("Hand"))
    folder.mkdir(parents=True, exist_ok=True)
    for cp, g in hand.items():
        Image.fromarray(g).save(folder / f"{cp:04X}.png")
    count = prepare_training(project)
    data = load_pairs(project, project.config.data.image_size)
    t0 = time.perf_counter()
    judge = StyleJudge.fit(data)
    fit = time.perf_counter() - t0
    held = data.held_out_indices[data.pair_style[data.held_out_indices] == 2]
    t0 = time.perf_counter()
    real = judge.accuracy(data.targets[held], data.pair_style[held])
    copied = judge.accuracy(data.sources[data.pair_char[held]], data.pair_style[held])
    judge_s = time.perf_counter() - t0
    t = project.config.train
    print(dict(written=count, held_out_hand=len(held), train_pairs=len(data.train_indices), fit_s=round(fit, 1),
               judge_s=round(judge_s, 3), fit_acc=round(judge.fit_accuracy, 3), real_hand_acc=round(real, 3),
               copy_source_acc=round(copied, 3), steps=t.steps, eval_every=t.eval_every, ema=round(t.ema_decay, 4),
               freeze_d=t.freeze_discriminator_blocks, augment=t.augment, lr=(t.generator_lr, t.discriminator_lr),
               load=os.getloadavg()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
