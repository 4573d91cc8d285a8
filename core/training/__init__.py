"""Training: the loop (loop.py, a generator of reports), the Trainer (trainer.py, one D-then-G step), checkpoints, devices and DDP."""
