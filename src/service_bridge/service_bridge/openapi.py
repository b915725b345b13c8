"""OpenAPI 3.0 description of the center service, served at /openapi.json.

The component schemas are also what the bridge checks every response against (see `schema.py`), so
the published contract and the client's checks cannot drift apart.
"""

from __future__ import annotations

from typing import Any

API_VERSION = "1.0.0"

_STR = {"type": "string"}
_STR_LIST = {"type": "array", "items": {"type": "string"}}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


SCHEMAS: dict[str, dict[str, Any]] = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {
                    "code": {
                        "type": "string",
                        "enum": [
                            "invalid_request",
                            "not_found",
                            "conflict",
                            "method_not_allowed",
                            "payload_too_large",
                            "unauthorized",
                            "internal",
                        ],
                    },
                    "message": _STR,
                },
            }
        },
    },
    "Procedure": {
        "type": "object",
        "required": [
            "id",
            "name",
            "field",
            "counter_id",
            "counter_name",
            "colloquial_names",
            "documents",
            "fee_vnd",
            "fee_text",
            "processing_time",
            "online_available",
            "level",
            "authority",
            "source",
            "reliability",
        ],
        "properties": {
            "id": _STR,
            "name": _STR,
            "field": _STR,
            "counter_id": _STR,
            "counter_name": _STR,
            "colloquial_names": _STR_LIST,
            "documents": _STR_LIST,
            "fee_vnd": {"type": "integer", "nullable": True, "minimum": 0, "description": "null: unknown"},
            "fee_text": _STR,
            "processing_time": _STR,
            "online_available": {"type": "boolean"},
            "level": {"type": "string", "enum": ["commune", "city"]},
            "authority": _STR,
            "source": _STR_LIST,
            "reliability": {"type": "string", "enum": ["S", "S-old", "2nd", "unverified"]},
            "notes": _STR,
        },
    },
    "Amenity": {
        "type": "object",
        "required": ["id", "name", "poi_id", "answer", "keywords", "source"],
        "properties": {
            "id": _STR,
            "name": _STR,
            "poi_id": _STR,
            "answer": _STR,
            "keywords": _STR_LIST,
            "source": _STR_LIST,
        },
    },
    "Counter": {
        "type": "object",
        "required": ["id", "number", "name", "fields"],
        "properties": {"id": _STR, "number": {"type": "integer"}, "name": _STR, "fields": _STR_LIST},
    },
    "Catalog": {
        "type": "object",
        "required": ["version", "procedures", "amenities", "counters"],
        "properties": {
            "version": _STR,
            "procedures": {"type": "array", "items": _ref("Procedure")},
            "amenities": {"type": "array", "items": _ref("Amenity")},
            "counters": {"type": "array", "items": _ref("Counter")},
        },
    },
    "SearchResult": {
        "type": "object",
        "required": ["query", "catalog_version", "results"],
        "properties": {
            "query": _STR,
            "catalog_version": _STR,
            "results": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["procedure", "score"],
                    "properties": {
                        "procedure": _ref("Procedure"),
                        "score": {"type": "number", "minimum": 0, "maximum": 1},
                    },
                },
            },
        },
    },
    "ProcedureResponse": {
        "type": "object",
        "required": ["procedure", "catalog_version"],
        "properties": {"procedure": _ref("Procedure"), "catalog_version": _STR},
    },
    "AmenityList": {
        "type": "object",
        "required": ["amenities", "catalog_version"],
        "properties": {"amenities": {"type": "array", "items": _ref("Amenity")}, "catalog_version": _STR},
    },
    "CounterList": {
        "type": "object",
        "required": ["counters"],
        "properties": {"counters": {"type": "array", "items": _ref("Counter")}},
    },
    "TicketRequest": {
        "type": "object",
        "required": ["request_key"],
        "additionalProperties": False,
        "properties": {
            "request_key": {
                "type": "string",
                "minLength": 1,
                "maxLength": 128,
                "description": "Chosen by the client; the same key always yields the same ticket.",
            },
            "counter_id": _STR,
            "procedure_id": _STR,
        },
    },
    "Ticket": {
        "type": "object",
        "required": [
            "ticket_number",
            "counter_id",
            "counter_name",
            "procedure_id",
            "request_key",
            "status",
            "waiting_ahead",
            "estimated_wait_s",
            "duplicate",
        ],
        "properties": {
            "ticket_number": {"type": "string", "example": "1-0042"},
            "counter_id": _STR,
            "counter_name": _STR,
            "procedure_id": _STR,
            "request_key": _STR,
            "status": {"type": "string", "enum": ["waiting", "serving", "done"]},
            "service_day": _STR,
            "issued_at": {"type": "number"},
            "waiting_ahead": {"type": "integer", "minimum": 0},
            "estimated_wait_s": {"type": "number", "minimum": 0},
            "duplicate": {"type": "boolean"},
        },
    },
    "TicketResponse": {"type": "object", "required": ["ticket"], "properties": {"ticket": _ref("Ticket")}},
    "CounterQueue": {
        "type": "object",
        "required": ["counter_id", "counter_name", "now_serving", "waiting", "estimated_wait_s"],
        "properties": {
            "counter_id": _STR,
            "counter_name": _STR,
            "now_serving": _STR,
            "waiting": {"type": "integer", "minimum": 0},
            "estimated_wait_s": {"type": "number", "minimum": 0},
            "average_service_time_s": {"type": "number"},
            "service_time_samples": {"type": "integer"},
        },
    },
    "QueueStatus": {
        "type": "object",
        "required": ["counters"],
        "properties": {"counters": {"type": "array", "items": _ref("CounterQueue")}},
    },
    "CallNextResult": {
        "type": "object",
        "required": ["counter_id", "finished", "now_serving", "waiting", "estimated_wait_s"],
        "properties": {
            "counter_id": _STR,
            "finished": _STR_LIST,
            "now_serving": _STR,
            "waiting": {"type": "integer"},
            "estimated_wait_s": {"type": "number"},
        },
    },
    "Application": {
        "type": "object",
        "required": [
            "application_code",
            "procedure_id",
            "procedure_name",
            "status",
            "status_text",
            "received_date",
            "expected_return_date",
            "counter_id",
        ],
        "properties": {
            "application_code": _STR,
            "procedure_id": _STR,
            "procedure_name": _STR,
            "status": {
                "type": "string",
                "enum": ["received", "processing", "supplement_required", "ready", "returned", "rejected"],
            },
            "status_text": _STR,
            "received_date": {"type": "string", "format": "date"},
            "expected_return_date": {"type": "string", "format": "date"},
            "counter_id": _STR,
            "counter_name": _STR,
        },
    },
    "ApplicationResponse": {
        "type": "object",
        "required": ["application"],
        "properties": {"application": _ref("Application")},
    },
    "Health": {
        "type": "object",
        "required": ["status", "catalog_version"],
        "properties": {"status": _STR, "catalog_version": _STR, "database": _STR},
    },
}


def _json_response(schema: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref(schema)}}}


_ERRORS = {
    "400": _json_response("Error", "Invalid request"),
    "404": _json_response("Error", "Not found"),
    "500": _json_response("Error", "Server error"),
}


def _path_param(name: str, description: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": _STR, "description": description}


def openapi_document(server_url: str = "") -> dict[str, Any]:
    """The service's OpenAPI 3.0.3 document."""
    paths: dict[str, Any] = {
        "/health": {
            "get": {
                "summary": "Liveness and catalog version",
                "responses": {"200": _json_response("Health", "OK")},
            }
        },
        "/v1/catalog": {
            "get": {
                "summary": "The whole catalog (procedures, amenities, counters) for clients that cache it",
                "responses": {"200": _json_response("Catalog", "The catalog")},
            }
        },
        "/v1/procedures": {
            "get": {
                "summary": "Search procedures by official or colloquial name (typos, no diacritics fine)",
                "parameters": [
                    {
                        "name": "q",
                        "in": "query",
                        "schema": {"type": "string", "maxLength": 500},
                        "description": "Free text; empty lists the whole catalog",
                    },
                    {
                        "name": "limit",
                        "in": "query",
                        "schema": {"type": "integer", "minimum": 1, "maximum": 100},
                    },
                ],
                "responses": {"200": _json_response("SearchResult", "Best first"), **_ERRORS},
            }
        },
        "/v1/procedures/{procedure_id}": {
            "get": {
                "summary": "One procedure",
                "parameters": [_path_param("procedure_id", "e.g. dang_ky_khai_sinh")],
                "responses": {"200": _json_response("ProcedureResponse", "The procedure"), **_ERRORS},
            }
        },
        "/v1/amenities": {
            "get": {
                "summary": "The free amenities of the service point",
                "responses": {"200": _json_response("AmenityList", "All amenities")},
            }
        },
        "/v1/counters": {
            "get": {
                "summary": "Intake counters and the fields each receives",
                "responses": {"200": _json_response("CounterList", "All counters")},
            }
        },
        "/v1/tickets": {
            "post": {
                "summary": "Issue a queue ticket for a counter or a procedure (idempotent by request_key)",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": _ref("TicketRequest")}},
                },
                "responses": {
                    "201": _json_response("TicketResponse", "A new ticket"),
                    "200": _json_response("TicketResponse", "The ticket already issued for this request_key"),
                    "409": _json_response(
                        "Error", "request_key already used for another counter or procedure"
                    ),
                    **_ERRORS,
                },
            }
        },
        "/v1/queues": {
            "get": {
                "summary": "Queue status of every counter",
                "responses": {"200": _json_response("QueueStatus", "Per counter")},
            }
        },
        "/v1/queues/{counter_id}": {
            "get": {
                "summary": "Queue status of one counter",
                "parameters": [_path_param("counter_id", "e.g. counter_1")],
                "responses": {"200": _json_response("QueueStatus", "One counter"), **_ERRORS},
            }
        },
        "/v1/queues/{counter_id}/call-next": {
            "post": {
                "summary": "Counter staff: finish the current ticket and call the next one",
                "parameters": [
                    _path_param("counter_id", "e.g. counter_1"),
                    {
                        "name": "X-Staff-Token",
                        "in": "header",
                        "schema": _STR,
                        "description": "Required when the service is configured with a staff token",
                    },
                ],
                "responses": {
                    "200": _json_response("CallNextResult", "The counter's new state"),
                    "401": _json_response("Error", "Missing or wrong staff token"),
                    **_ERRORS,
                },
            }
        },
        "/v1/applications/{application_code}": {
            "get": {
                "summary": "Status of a filed application by its receipt code",
                "parameters": [_path_param("application_code", "e.g. 000.00.12.H26-250801-0001")],
                "responses": {"200": _json_response("ApplicationResponse", "The application"), **_ERRORS},
            }
        },
    }
    document: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {
            "title": "Hanoi public administrative service point: center service",
            "version": API_VERSION,
            "description": "Procedure catalog, free amenities, queue tickets and application status "
            "for the reception robot and the counters.",
        },
        "paths": paths,
        "components": {"schemas": SCHEMAS},
    }
    if server_url:
        document["servers"] = [{"url": server_url}]
    return document
