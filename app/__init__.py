"""zi2zi Studio desktop app (PySide6): windows, widgets and worker threads; imports core, never the reverse."""
