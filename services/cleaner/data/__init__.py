"""Data files of the cleaner (a package so that setuptools ships the JSON with it)."""
