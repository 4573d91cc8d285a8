"""Controlled experiments on the model: the discriminator comparison grid, its stability figures and report."""
