"""The "Train on my handwriting" wizard and its review grid (app side of core.capture)."""
