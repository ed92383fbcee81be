"""Checks each request to a fake against the platform's published description.

YouTube: the Discovery document (method path, parameter names, required parameters).
X: the OpenAPI document (path template and its pattern, declared query parameters and
their enums).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any, Final

SPECS_DIR: Final = Path(__file__).resolve().parents[3] / ".." / "shared" / "platform-api-specs"


def specs_dir() -> Path:
    return SPECS_DIR.resolve()


@cache
def _load(relative: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((specs_dir() / relative).read_text(encoding="utf-8"))
    return data


class YouTubeSpec:
    """youtube.v3.json: `resources.<name>.methods.list` for channels, playlistItems, videos."""

    def __init__(self) -> None:
        self._doc = _load("youtube/youtube.v3.json")

    def problems(self, method: str, path: str, query: Mapping[str, str]) -> list[str]:
        same_path = [
            description
            for resource in self._doc["resources"].values()
            for description in resource.get("methods", {}).values()
            if description["path"] == "youtube/v3/" + path
        ]
        if not same_path:
            return [f"no method has the path youtube/v3/{path}"]
        found = next((d for d in same_path if d["httpMethod"] == method), None)
        if found is None:
            return [f"youtube/v3/{path} has no {method} method"]
        problems = []
        known = {**self._doc["parameters"], **found["parameters"]}
        for name in query:
            if name not in known:
                problems.append(f"{path}: unknown parameter {name!r}")
        for name, parameter in found["parameters"].items():
            if parameter.get("required") and name not in query:
                problems.append(f"{path}: required parameter {name!r} missing")
        return problems


class XSpec:
    """openapi.json: GET /2/users/by/username/{username} and its declared parameters."""

    TEMPLATE: Final = "/2/users/by/username/{username}"

    def __init__(self) -> None:
        self._doc = _load("x/openapi.json")

    def _resolve(self, item: dict[str, Any]) -> dict[str, Any]:
        node: Any = item
        while "$ref" in node:
            reference: str = node["$ref"]
            node = self._doc
            for part in reference.removeprefix("#/").split("/"):
                node = node[part]
        resolved: dict[str, Any] = node
        return resolved

    def problems(self, method: str, path: str, query: Mapping[str, str]) -> list[str]:
        operation = self._doc["paths"].get(self.TEMPLATE, {}).get(method.lower())
        prefix = self.TEMPLATE.split("{")[0]
        if operation is None or not path.startswith(prefix):
            return [f"{method} {path} matches no path of the X API description"]
        parameters = [self._resolve(p) for p in operation.get("parameters", [])]
        problems = []
        username = path[len(prefix) :]
        for parameter in parameters:
            if parameter["in"] == "path":
                pattern = parameter.get("schema", {}).get("pattern")
                if pattern and re.search(pattern, username) is None:
                    problems.append(f"path parameter {username!r} breaks {pattern}")
        declared = {p["name"]: p for p in parameters if p["in"] == "query"}
        for name, value in query.items():
            if name not in declared:
                problems.append(f"unknown query parameter {name!r}")
                continue
            allowed = declared[name].get("schema", {}).get("items", {}).get("enum")
            if allowed:
                for part in value.split(","):
                    if part not in allowed:
                        problems.append(f"{name}: {part!r} is not one of the declared values")
        return problems
