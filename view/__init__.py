"""Renderers of a Report: rich terminal view, JSON (HTML and Markdown follow)."""
