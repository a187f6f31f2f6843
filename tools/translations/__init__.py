"""The translators' workflow: ``python -m tools.translations <command>`` (``nox -s
translations -- <command>``), the commands ``__main__`` lists.

Shaped like sphinx-intl (its ``commands``, ``basic`` and ``catalog`` modules): the
command line apart from the workflow, and both apart from the files.

=============  ==================================================================
module         what it does
=============  ==================================================================
``__main__``   the command line: arguments, which command runs
``update``     ``update`` and ``add``: extract the English, merge it into every
               catalog, carry translations that moved, suggest what matches
``report``     ``stats`` and ``todo``: what is translated, what is left
``check``      ``check``: the build's own checks and GNU ``msgfmt --check``, then
               the translation teams' (``lint``, ``spelling``, ``glossary``)
``lint``       sphinx-lint on the catalogs
``spelling``   hunspell, with each language's word list
``glossary``   names never translated, each language's chosen words
``form``       ``format``: files written again in the one form (``pofile``'s)
=============  ==================================================================

What a catalog holds, how much of it is translated and what the build refuses are
the extension's (``bpd.translations``: ``Catalogs`` in ``catalogs``, ``pofile``,
``counts``, ``markup``): the build and these commands read catalogs the same way,
with the one model. Every command is given the project (``Catalogs(root)``), as
sphinx-intl's are given ``locale_dir``.
"""
