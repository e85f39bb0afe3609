"""Grouping: articles in (at import), versions and stories out (shingles and sketches of each
text, story signatures of names and rare terms, the groups files the browser reads)."""
