"""zi2zi Studio engine: fonts, data, models, training, inference, export; never imports Qt."""

__version__ = "0.1.0"
