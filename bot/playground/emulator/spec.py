"""Validation of request bodies against Discord's own OpenAPI description."""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

_ROOT = "urn:discord-openapi"


@dataclass(frozen=True, slots=True)
class Operation:
    method: str
    template: str
    pattern: re.Pattern[str]
    has_json_body: bool


class SpecValidator:
    """Finds the operation for a method and path and validates a JSON body against it."""

    def __init__(self, document: dict[str, Any]) -> None:
        from jsonschema import Draft202012Validator
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012

        self._document = document
        resource: Resource[Any] = DRAFT202012.create_resource({"$id": _ROOT, **document})
        self._registry: Registry[Any] = Registry().with_resource(_ROOT, resource)
        self._validator_cls = Draft202012Validator
        self._validators: dict[tuple[str, str], Any] = {}
        self.operations: list[Operation] = []
        for template, methods in document["paths"].items():
            regex = "^" + re.sub(r"\\\{[^}]+\\\}", r"[^/]+", re.escape(template)) + "$"
            for method, operation in methods.items():
                if method == "parameters":
                    continue
                content = (operation.get("requestBody") or {}).get("content") or {}
                self.operations.append(
                    Operation(
                        method.upper(), template, re.compile(regex), "application/json" in content
                    )
                )
        # Literal segments first ("/messages/@original" before "/messages/{message_id}").
        self.operations.sort(key=lambda op: op.template.count("{"))

    @classmethod
    def from_file(cls, path: Path) -> SpecValidator:
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def find(self, method: str, path: str) -> Operation | None:
        for operation in self.operations:
            if operation.method == method and operation.pattern.match(path):
                return operation
        return None

    def validate(self, method: str, path: str, body: Any) -> list[str]:
        """Problems with `body` for this operation; [] when valid or when it takes no body."""
        operation = self.find(method, path)
        if operation is None:
            return [f"{method} {path} is not an operation in Discord's API"]
        if not operation.has_json_body:
            return []
        validator = self._validator_for(operation)
        errors = sorted(validator.iter_errors(body), key=lambda error: list(error.absolute_path))
        return [_describe(error) for error in errors[:10]]

    def _validator_for(self, operation: Operation) -> Any:
        key = (operation.method, operation.template)
        if key not in self._validators:
            pointer = "/".join(
                part.replace("~", "~0").replace("/", "~1")
                for part in (
                    "paths",
                    operation.template,
                    operation.method.lower(),
                    "requestBody",
                    "content",
                    "application/json",
                    "schema",
                )
            )
            schema = {"$ref": f"{_ROOT}#/{pointer}"}
            self._validators[key] = self._validator_cls(schema, registry=self._registry)
        return self._validators[key]


def _describe(error: Any) -> str:
    """One line per error; for unions, the deepest failure, which says what is really wrong."""
    best = _deepest(error)
    where = ".".join(str(part) for part in best.absolute_path) or "(body)"
    limit = best.validator_value
    if best.validator in ("maxLength", "maxItems") and isinstance(best.instance, str | list):
        message = f"must be {limit} or fewer in length (got {len(best.instance)})"
    elif best.validator in ("minLength", "minItems") and isinstance(best.instance, str | list):
        message = f"must be at least {limit} in length (got {len(best.instance)})"
    else:
        message = best.message if len(best.message) < 200 else best.message[:200] + "…"
    return f"{where}: {message}"


def _deepest(error: Any) -> Any:
    if not error.context:
        return error
    candidates = [_deepest(sub) for sub in error.context]
    return max(candidates, key=lambda sub: (len(list(sub.absolute_path)), sub.validator != "type"))


def default_spec_path() -> Path:
    """`DISCORD_OPENAPI_SPEC`, else ../shared/discord-api-spec/openapi.json beside the repo."""
    import os

    configured = os.environ.get("DISCORD_OPENAPI_SPEC")
    if configured:
        return Path(configured)
    repo = Path(__file__).resolve().parents[3]
    return repo.parent / "shared" / "discord-api-spec" / "openapi.json"


def load_default_validator() -> SpecValidator | None:
    path = default_spec_path()
    if not path.is_file():
        return None
    try:
        return SpecValidator.from_file(path)
    except ImportError:
        log.info("jsonschema is not installed: request bodies are not checked against the spec")
        return None
