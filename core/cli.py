"""The `zi2zi` command line: fonts, new, train, generate, eval, export, bench, demo."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from core.errors import CoreError

log = logging.getLogger("zi2zi")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args) or 0)
    except CoreError as exc:
        return _fail(args, str(exc))
    except KeyboardInterrupt:
        print(f"zi2zi {args.command}: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:  # unwritable or impossible paths, a full disk: one line, never a traceback
        return _fail(args, describe_os_error(exc), exc)
    except MemoryError as exc:
        return _fail(args, "not enough memory (try a smaller batch size or image size)", exc)
    except Exception as exc:  # a bug: still one line; -v shows where
        if type(exc).__name__ == "DecompressionBombError":
            return _fail(args, "an image is too large to open safely (it may be a decompression bomb)", exc)
        text = str(exc).strip().splitlines()
        if "out of memory" in (text[0] if text else "").lower():
            return _fail(args, "the device ran out of memory (try a smaller batch size or image size)", exc)
        return _fail(args, f"unexpected {type(exc).__name__}: {text[0] if text else ''} "
                           f"(please report it; -v shows the details)", exc)


def _fail(args: argparse.Namespace, message: str, exc: BaseException | None = None) -> int:
    if exc is not None and getattr(args, "verbose", False):
        log.error("details", exc_info=exc)
    print(f"zi2zi {args.command}: error: {' '.join(message.split())}", file=sys.stderr)
    return 1


def describe_os_error(exc: OSError) -> str:
    """An OSError as a sentence a designer can act on, naming the path."""
    import errno

    name = exc.filename if exc.filename is not None else "a file"
    reasons = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is used up",
               errno.EACCES: "permission denied", errno.EPERM: "the operation is not permitted",
               errno.EROFS: "the disk is read-only", errno.ENOTDIR: "a part of the path is a file, not a folder",
               errno.EISDIR: "it is a folder", errno.ENOENT: "it does not exist",
               errno.ENAMETOOLONG: "the name is too long", errno.EEXIST: "it already exists"}
    reason = reasons.get(exc.errno, exc.strerror or type(exc).__name__)
    if exc.errno == errno.EEXIST and exc.filename is not None and Path(exc.filename).is_file():
        reason = "it is a file, not a folder"  # mkdir(parents=True) met a file on the way
    return f"cannot use {name}: {reason}"


class _Parser(argparse.ArgumentParser):
    """argparse that reports a wrong argument on one line (no usage block) and exits with 2."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    from core.commands import bench, capture, data, demo, export, model, quality

    parser = _Parser(
        prog="zi2zi", description="zi2zi Studio: learn a font style and generate a complete font.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    data.add_parsers(sub)
    model.add_parsers(sub)
    export.add_parser(sub)
    bench.add_parser(sub)
    demo.add_parser(sub)
    quality.add_parsers(sub)
    capture.add_parsers(sub)
    return parser


if __name__ == "__main__":
    sys.exit(main())
