"""The translators' workflow: ``python -m tools.translations <command>`` (``nox -s
translations -- <command>``), the commands ``__main__`` lists.

Shaped like sphinx-intl (its ``commands``, ``basic`` and ``catalog`` modules): the
command line apart from the workflow, and both apart from the files.

Its modules, one a command (``update`` also ``add``; ``report``: ``stats`` and
``todo``; ``form``: ``format``; ``check``, with the translation teams' ``lint``,
``spelling`` and ``glossary``), are in CONTRIBUTING.md ("Where to make a change").

What a catalog holds, how much of it is translated and what the build refuses are
the extension's (``bpd.translations``: ``Catalogs`` in ``catalogs``, ``pofile``,
``counts``, ``markup``): the build and these commands read catalogs the same way,
with the one model. Every command is given the project (``Catalogs(root)``), as
sphinx-intl's are given ``locale_dir``.
"""
