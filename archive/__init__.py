"""Reading scraped news pages into articles, storing them, and searching them.

This package is plain Python: it never imports Textual or the tui package.
"""
