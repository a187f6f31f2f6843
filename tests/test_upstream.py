"""The three upstream functions the extension replaces for speed (``bpd/rebuilds.py``,
"Upstream costs per parse") still take effect, and give what upstream's give.

Each replacement works only while upstream calls the function through its module's
name, from the place named here. An upgrade that changes that call fails here, naming
the workaround to remove or to move, instead of leaving the build a fifth slower in
silence. (An upgrade that makes the cost go while keeping the call is not seen here;
CONTRIBUTING's profiling shows it.) No upstream issue is
filed for any of the three yet; Sphinx fixed the same eager debug message elsewhere in
sphinx-doc/sphinx#7223.
"""

from __future__ import annotations

import pytest
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser as RSTParser
from docutils.utils import new_document
from myst_parser.config.main import MdParserConfig
from myst_parser.mdit_to_docutils import base
from myst_parser.parsers import sphinx_ as myst_sphinx
from sphinx.util import nodes as sphinx_nodes

from bpd import rebuilds

#: (workaround, the module whose name it replaces, that name, the upstream caller).
REPLACED = [
    (rebuilds.share_myst_default_settings, base, "make_document",
     base.DocutilsRenderer.setup_render),
    (rebuilds.reuse_myst_parsers, myst_sphinx, "create_md_parser", myst_sphinx.MystParser.parse),
    (rebuilds.defer_debug_xml, sphinx_nodes, "repr_domxml", sphinx_nodes.is_translatable),
]  # fmt: skip


@pytest.mark.parametrize(
    ("workaround", "module", "name", "caller"), REPLACED, ids=[r[2] for r in REPLACED]
)
def test_each_replacement_is_what_upstream_calls(workaround, module, name, caller):
    workaround()
    replaced = getattr(module, name)
    assert replaced.__code__.co_filename == rebuilds.__file__, (
        f"{module.__name__}.{name} is not the extension's: {workaround.__name__} no longer "
        "takes effect"
    )
    # Called by its name in that module: what the replacement takes the place of.
    assert name in caller.__code__.co_names and caller.__globals__ is vars(module), (
        f"{caller.__qualname__} no longer calls {module.__name__}.{name}: "
        f"{workaround.__name__} (bpd/rebuilds.py) does nothing now; remove it, or find "
        "where the cost went"
    )


def test_the_shared_settings_are_upstream_s():
    rebuilds.share_myst_default_settings()
    first, second = base.make_document(), base.make_document()
    expected = new_document("notset", get_default_settings(RSTParser)).settings

    def values(settings) -> dict:  # (a document's dependencies are its own: a new list)
        return {k: v for k, v in vars(settings).items() if k != "record_dependencies"}

    assert values(first.settings) == values(expected)
    # A copy each: a parse may change its own.
    assert first.settings is not second.settings
    assert first.settings.record_dependencies is not second.settings.record_dependencies


def test_a_reused_parser_renders_as_a_new_one():
    rebuilds.reuse_myst_parsers()
    config = MdParserConfig()
    texts = ["# A title\n\nA *first* text.", "A second text, with `code`."]
    rendered = []
    for text in texts:
        parser = myst_sphinx.create_md_parser(config, base.DocutilsRenderer)
        rendered.append(parser.render(text).pformat())
    again = myst_sphinx.create_md_parser(config, base.DocutilsRenderer)
    assert again is parser  # handed out again once it rendered
    fresh = myst_sphinx.create_md_parser.__wrapped__(config, base.DocutilsRenderer)
    assert [fresh.render(text).pformat() for text in texts] == rendered


def test_the_deferred_xml_is_upstream_s():
    rebuilds.defer_debug_xml()
    node = nodes.paragraph(text="Hello, readers.")
    assert str(sphinx_nodes.repr_domxml(node)) == sphinx_nodes.repr_domxml.__wrapped__(node)
