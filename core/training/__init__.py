"""Training: the zi2zi trainer (a generator of reports), checkpoints, devices and DDP."""
