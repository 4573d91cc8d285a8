"""Subcommands of the `zi2zi` command line, one module per group."""


def positive_int(text: str) -> int:
    """argparse type: a whole number of at least 1 (a batch size, a count, an epoch count)."""
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value
