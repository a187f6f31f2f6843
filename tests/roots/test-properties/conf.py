# Any YAML at all, in both grids' data files: tests/test_properties.py writes them.
extensions = ["myst_parser", "bpd"]
exclude_patterns = ["_build"]
# Text comes out as written (docutils' smart quotes would curl the quotation marks of
# the hostile strings), so that test_hostile_text_comes_out_as_text compares it as is.
smartquotes = False
