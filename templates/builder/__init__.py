"""Builds the default .docx templates in templates/ from python-docx.

Run from the repository root: `uv run python -m templates.builder`. The templates are ordinary
Word documents afterwards; a party office may restyle them in Word or WPS.
"""
