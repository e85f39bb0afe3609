"""The fields an export's columns are read into, and the usual column names of each (no imports)."""

FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "titre", "headline", "name"),
    "url": ("url", "link", "href", "permalink", "canonicalurl", "sourceurl", "articleurl"),
    "date": ("date", "published", "datepublished", "publisheddate", "publicationdate",
             "pubdate", "publishedat", "publishdate", "datecreated", "createdat", "created",
             "datetime", "time"),
    "text": ("text", "content", "body", "articlebody", "maintext", "articletext", "fulltext",
             "rawtext", "contenu", "texte", "article"),
    "summary": ("summary", "description", "excerpt", "teaser", "lead", "chapo", "abstract"),
    "category": ("category", "categories", "section", "rubrique", "categorie"),
    "tags": ("tags", "keywords", "tag", "keyword", "motscles"),
    "author": ("author", "authors", "byline", "auteur", "creator"),
    "site": ("site", "source", "sitename", "hostname", "publisher", "domain", "journal"),
}  # fmt: skip
