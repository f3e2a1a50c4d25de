"""Cleaner stage: turn a raw page dump (text or HTML) into the article body plus its metadata."""
