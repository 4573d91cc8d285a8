"""Measured glyph quality: contour distances, self-trained content/style classifiers, Frechet distance, report rows."""
