# Any YAML at all, in both grids' data files: tests/test_properties.py writes them.
extensions = ["myst_parser", "bpd"]
exclude_patterns = ["_build"]
