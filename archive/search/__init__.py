"""Searching: articles in (at import), an index on disk; a query in, ranked ids, facets,
rows and highlights out (analysis, index, query language, matching, ranking)."""
