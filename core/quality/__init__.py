"""Measured glyph quality: pixel metrics, contour distances, self-trained content/style judges, Frechet distance, report rows."""
