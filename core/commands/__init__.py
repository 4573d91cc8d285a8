"""Subcommands of the `zi2zi` command line, one module per group."""
