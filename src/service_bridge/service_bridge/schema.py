"""Check JSON values against the OpenAPI component schemas (the subset this API uses).

The bridge must not trust what comes over the wire: a center that answers with a wrong shape is a
fault like any other, reported clearly instead of crashing the node or reaching a citizen.
"""

from __future__ import annotations

from typing import Any

from service_bridge.openapi import SCHEMAS

_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
}


class SchemaError(ValueError):
    """The value does not match its schema; the message says where."""


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if ref:
        return SCHEMAS[ref.rsplit("/", 1)[-1]]
    return schema


def validate(value: Any, schema: dict[str, Any] | str, path: str = "$") -> None:
    """Raise SchemaError at the first mismatch (types, required keys, enums, ranges, lengths)."""
    if isinstance(schema, str):
        schema = SCHEMAS[schema]
    schema = _resolve(schema)
    if value is None:
        if schema.get("nullable"):
            return
        raise SchemaError(f"{path}: null is not allowed")
    expected = schema.get("type")
    if expected:
        types = _TYPES[expected]
        if isinstance(value, bool) and expected in ("integer", "number"):
            raise SchemaError(f"{path}: expected {expected}, got boolean")
        if not isinstance(value, types):
            raise SchemaError(f"{path}: expected {expected}, got {type(value).__name__}")
    if "enum" in schema and value not in schema["enum"]:
        raise SchemaError(f"{path}: {value!r} is not one of {schema['enum']}")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            raise SchemaError(f"{path}: {value} is below {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            raise SchemaError(f"{path}: {value} is above {schema['maximum']}")
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            raise SchemaError(f"{path}: shorter than {schema['minLength']}")
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            raise SchemaError(f"{path}: longer than {schema['maxLength']}")
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in value:
                raise SchemaError(f"{path}: missing '{key}'")
        if schema.get("additionalProperties") is False:
            extra = sorted(set(value) - set(properties))
            if extra:
                raise SchemaError(f"{path}: unknown field(s) {extra}")
        for key, sub in properties.items():
            if key in value:
                validate(value[key], sub, f"{path}.{key}")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            validate(item, schema["items"], f"{path}[{index}]")
