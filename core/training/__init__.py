"""Training: the SN-zi2zi trainer (a generator of reports), checkpoints, devices and DDP."""
