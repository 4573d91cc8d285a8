"""The `zi2zi` command line: fonts, new, train, generate, eval, export, bench, demo."""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys

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
        print(f"zi2zi {args.command}: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"zi2zi {args.command}: interrupted", file=sys.stderr)
        return 130


def build_parser() -> argparse.ArgumentParser:
    from core.capture import command as capture_command
    from core.commands import bench, data, demo, model
    from core.commands import quality as quality_commands

    parser = argparse.ArgumentParser(
        prog="zi2zi", description="zi2zi Studio: learn a font style and generate a complete font.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    data.add_parsers(sub)
    model.add_parsers(sub)
    _add_export(sub)
    bench.add_parser(sub)
    demo.add_parser(sub)
    quality_commands.add_parsers(sub)
    capture_command.add_parsers(sub)
    return parser


def _add_export(sub) -> None:
    try:
        from core.export import command as export_command
    except ImportError as exc:  # only while the export package is being built
        log.debug("export command unavailable: %s", exc)
        return
    export_parser = export_command.add_parser(sub)
    export_parser.set_defaults(handler=export_command.run)


def print_json(obj) -> None:
    print(json.dumps(obj, indent=2, ensure_ascii=False))


def install_cancel_on_interrupt(control) -> None:
    """Ctrl+C asks the job to stop cleanly (training saves a checkpoint) instead of killing it."""
    def _handler(signum, frame):
        print("\nstopping after this step (saving a checkpoint)...", file=sys.stderr)
        control.cancel()
        signal.signal(signal.SIGINT, signal.default_int_handler)  # a second Ctrl+C exits at once
    signal.signal(signal.SIGINT, _handler)


if __name__ == "__main__":
    sys.exit(main())
