"""auditor: reads a Chinese budget performance report and shows where its figures disagree."""

__version__ = "0.1.0"
