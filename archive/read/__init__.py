"""Reading: files in, articles out (decoding, lines, pages, listing templates, dates,
agencies, entities, estimates, other formats, the import itself)."""
