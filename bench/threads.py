"""Training speed with torch's default threads against one thread and the automatic rule, on this machine now.

Each setting runs `zi2zi bench` in its own process (threads are fixed per process), alternating settings so
a change in the machine's load hits all of them alike; the load average is printed beside every figure.

    .venv/bin/python bench/threads.py [--rounds 2] [--image-size 64]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load() -> str:
    return Path("/proc/loadavg").read_text().strip() if Path("/proc/loadavg").exists() else "n/a"


def run(threads: int, args) -> dict:
    command = [sys.executable, "-m", "core.cli", "bench", "--image-size", str(args.image_size), "--batch-size",
               str(args.batch_size), "--steps", str(args.steps), "--threads", str(threads), "--channels", "32",
               "--infer-glyphs", "64"]
    before = load()
    out = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    result = json.loads(out)
    return {"setting": {0: "auto"}.get(threads, str(threads)), "threads_used": result["threads"],
            "train_images_per_second": round(result["train_images_per_second"], 2),
            "load_before": before, "load_after": load()}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--image-size", type=int, default=64)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--steps", type=int, default=8)
    args = parser.parse_args()
    default = os.cpu_count() or 1   # torch's default on Linux: one thread per core
    rows = []
    for _ in range(args.rounds):
        for threads in (default, 1, 0):
            rows.append(run(threads, args))
            print(json.dumps(rows[-1]), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
