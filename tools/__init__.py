"""Scripts behind the nox sessions: building the site, translations, checks."""
