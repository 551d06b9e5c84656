"""Import spaCy without its command-line package, and spacy-pkuseg without its downloader.

``spacy/__init__.py`` re-exports ``spacy.info`` with ``from .cli.info import
info``, and ``spacy.cli`` imports every CLI command and, through them, weasel,
httpx, requests and a typer app: about 0.15-0.25 s of a cold ``audit`` run that
the library never uses. (spaCy knows: explosion/spaCy#13933 proposes a lazy
CLI.) While ``spacy`` is first imported we put two stand-in modules in
``sys.modules`` so that re-export resolves to a lazy ``info``, and remove them
as soon as the import is done: a later ``import spacy.cli`` gets the real
package, and ``spacy.info()`` still works (it imports the real one on use).

If anything goes wrong (a spaCy release that imports more of ``spacy.cli``
during ``import spacy``), the stand-ins are dropped with every partly imported
spaCy module and spaCy is imported the ordinary way, so the worst case is the
old start-up time, never a failure.
"""

from __future__ import annotations

import sys
import types

_STANDINS = ("spacy.cli", "spacy.cli.info")


def _lazy_info(*args, **kwargs):
    """``spacy.info``: import the real CLI command on first use."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def import_spacy() -> types.ModuleType:
    """Return the ``spacy`` module, importing it without ``spacy.cli`` if not yet imported."""
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    cli = types.ModuleType("spacy.cli")
    cli.__path__ = []  # a package with no files: any other spacy.cli.* import fails fast
    info = types.ModuleType("spacy.cli.info")
    info.info = _lazy_info
    sys.modules["spacy.cli"], sys.modules["spacy.cli.info"] = cli, info
    try:
        import spacy
    except ImportError:
        # Drop the stand-ins and every partly imported spaCy module, then import normally.
        for name in [m for m in sys.modules if m == "spacy" or m.startswith("spacy.")]:
            del sys.modules[name]
        import spacy
    finally:
        for name in _STANDINS:
            if sys.modules.get(name) in (cli, info):
                del sys.modules[name]
    return spacy


def _no_download(*args, **kwargs):
    raise RuntimeError("auditor never downloads a model: its pkuseg model ships inside the package")


def import_pkuseg() -> types.ModuleType:
    """Return ``spacy_pkuseg`` with its downloader replaced by one that refuses.

    ``spacy_pkuseg/__init__`` imports ``download_model`` from a module that
    imports requests (~35 ms) for the one case we never use: fetching a model by
    name. Putting a stand-in that raises in its place both saves that time and
    enforces, in code, that nothing is fetched at run time.
    """
    if "spacy_pkuseg" in sys.modules:
        return sys.modules["spacy_pkuseg"]
    if "spacy_pkuseg.download" not in sys.modules:
        stub = types.ModuleType("spacy_pkuseg.download")
        stub.download_model = _no_download
        sys.modules["spacy_pkuseg.download"] = stub
    import spacy_pkuseg

    return spacy_pkuseg


spacy = import_spacy()
