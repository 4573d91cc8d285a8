"""`zi2zi bench`: training images/s, inference glyphs/s and peak memory as JSON."""

from __future__ import annotations

import argparse

from core.config import field_choices, field_help


def add_parser(sub) -> None:
    bench = sub.add_parser("bench", help="measure training and inference speed (prints JSON)",
                           description="Time training steps and inference of the default model on synthetic "
                                       "glyphs at one size, batch and device.")
    bench.add_argument("--image-size", type=int, default=128, choices=field_choices("data", "image_size"))
    bench.add_argument("--batch-size", type=int, default=16)
    bench.add_argument("--steps", type=int, default=5,
                       help="timed training steps (after 2 warm-up steps); 0 times inference alone")
    bench.add_argument("--device", default="auto", choices=field_choices("train", "device"))
    bench.add_argument("--threads", type=int, default=0)
    bench.add_argument("--infer-batch", type=int, default=64)
    bench.add_argument("--infer-glyphs", type=int, default=256)
    bench.add_argument("--channels", type=int, default=None,
                       help="generator and discriminator width (default: the model's defaults)")
    bench.add_argument("--generator-channels", type=int, default=None, help="generator width alone")
    bench.add_argument("--loss", choices=field_choices("train", "adversarial_loss"),
                       help=field_help("train", "adversarial_loss") + " Default: the model's.")
    bench.add_argument("--no-mixed-precision", action="store_true", help="no bf16 autocast on CUDA")
    bench.set_defaults(handler=run_bench)


def run_bench(args: argparse.Namespace) -> int:
    from core.bench import run_benchmark
    from core.commands.output import print_json

    print_json(run_benchmark(image_size=args.image_size, batch_size=args.batch_size, steps=args.steps,
                             device=args.device, threads=args.threads, infer_batch=args.infer_batch,
                             infer_glyphs=args.infer_glyphs, channels=args.channels,
                             mixed_precision=not args.no_mixed_precision, adversarial_loss=args.loss,
                             generator_channels=args.generator_channels))
    return 0
