"""Keep PySide6's import hook from reading the source of every module the kiosk imports.

Once PySide6 is imported it sees every later import, to find out whether that module
uses PySide6 (for its optional ``from __feature__ import snake_case``). It does this with
``inspect.getsource(module)``, which keeps every line of every imported module in
``linecache`` for the life of the process: about 26 MB in the kiosk, a fifth of its
memory, and time at every start. ``lighten()`` gives the hook the same answer (does the
module's source mention "PySide6"?) by reading the file's bytes once and keeping nothing.
A PySide6 without that hook is left as it is.
"""

from __future__ import annotations

import linecache
import sys
from types import ModuleType

_HOOK_MODULE = "shibokensupport.feature"
_HOOK_NAME = "_mod_uses_pyside"


def lighten() -> bool:
    """Replace the hook's source check with a light one; True if it is in place."""
    import PySide6.QtCore  # noqa: F401 - installs the hook this replaces

    feature = sys.modules.get(_HOOK_MODULE)
    upstream = getattr(feature, _HOOK_NAME, None)
    if feature is None or not callable(upstream):
        return False
    if getattr(upstream, "light", False):
        return True

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
