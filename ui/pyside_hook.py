"""Keep PySide6's import hook from reading the source of every module the kiosk imports.

Once PySide6 is imported it sees every later import, to find out whether that module
uses PySide6 (for its optional ``from __feature__ import snake_case``): its
``shibokensupport/feature.py`` calls ``_mod_uses_pyside(module)``, which runs
``inspect.getsource(module)``. That keeps every line of every imported module in
``linecache`` for the life of the process: about 26 MB in the kiosk, and time at every
start. ``lighten()`` gives the hook the same answer (does the module's source mention
"PySide6"?) by reading the file's bytes once and keeping nothing.

Upstream: the cost is described in napari/napari#8584 ("Very slow startup of the bundled
app on Windows 11", 2026: "the PySide6 __feature__ startup tax", traced to
``_mod_uses_pyside``) and the ``inspect.getsource`` -> ``linecache`` path in pyzo/pyzo#851.
We did not find a report of it in Qt's own tracker (bugreports.qt.io, PYSIDE project)
from here, so no PYSIDE number is cited; whoever next looks should search it for
``_mod_uses_pyside`` and file one if there is none.

``main.py`` calls ``lighten()`` before it makes the window (``kiosk run``, ``kiosk
audit``). It checks the behaviour first: on a PySide6 whose hook no longer leaves the
module's lines in ``linecache`` (or has no such hook) it changes nothing.
"""

from __future__ import annotations

import linecache
import sys
from types import ModuleType

import PySide6.QtCore  # noqa: F401 - installs the hook this replaces

_HOOK_MODULE = "shibokensupport.feature"
_HOOK_NAME = "_mod_uses_pyside"


def needs_lightening() -> bool:
    """Whether PySide6's hook, asked about a module, leaves that module's source in
    ``linecache`` (asked about this very module, with its lines taken out first)."""
    feature = sys.modules.get(_HOOK_MODULE)
    hook = getattr(feature, _HOOK_NAME, None)  # PySide6's private name: it may go
    if not callable(hook) or getattr(hook, "light", False):
        return False
    probe = sys.modules[__name__]
    path = probe.__file__
    if path is None:
        return False
    linecache.cache.pop(path, None)
    try:
        hook(probe)
    except Exception:  # a hook that cannot answer for us cannot be judged: leave it
        return False
    kept = path in linecache.cache
    linecache.cache.pop(path, None)
    return kept


def lighten() -> bool:
    """Replace the hook's source check with a light one when it needs it; True if the
    light one is in place."""
    feature = sys.modules.get(_HOOK_MODULE)
    upstream = getattr(feature, _HOOK_NAME, None)
    if getattr(upstream, "light", False):
        return True
    if feature is None or not callable(upstream) or not needs_lightening():
        return False

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return bool(upstream(module))  # built in, compiled or source-less: as before
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return bool(upstream(module))

    uses_pyside.light = True  # type: ignore[attr-defined]
    uses_pyside.upstream = upstream  # type: ignore[attr-defined]
    setattr(feature, _HOOK_NAME, uses_pyside)
    linecache.clearcache()  # what the hook read before now (tracebacks read it again)
    return True
