"""Rendering: Jinja2 templates to YAML text with a line map, then to plain data."""
