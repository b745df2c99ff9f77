"""YAML text parsed safely, with syntax errors that say where they are.

The kiosk's own files (interface words, journeys, lessons) and a council's journey files
are YAML, easy for a council to read and edit. They are read straight from their YAML at
every start.
"""

from __future__ import annotations

from typing import Any

import yaml

# libyaml's loader when PyYAML was built with it (several times faster), else Python's.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlSyntaxError(ValueError):
    """The text is not valid YAML.

    Attributes:
        place: "line L, column C" when the parser knows it, else "".
        problem: what the parser found wrong, in its words.
    """

    def __init__(self, place: str, problem: str) -> None:
        super().__init__(f"{place}: {problem}" if place else problem)
        self.place = place
        self.problem = problem


def parse_yaml(text: str) -> Any:
    """``text`` parsed with a safe loader; ``YamlSyntaxError`` if it is not valid YAML."""
    try:
        return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        place = f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        raise YamlSyntaxError(place, str(exc.problem or "not valid YAML")) from None
    except yaml.YAMLError:
        raise YamlSyntaxError("", "not valid YAML") from None
