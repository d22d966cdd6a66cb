"""The OpenAPI 3 document of SER-DH's Open Referral HSDS 3.0 endpoints (public, read-only),
linked from the HSDS root's ``openapi_url``. Item schemas name the fields every client relies
on; the full field reference is HSDS 3.0's own (docs/api.md)."""

PROBLEM = {
    "description": "RFC 9457 problem.",
    "content": {
        "application/problem+json": {
            "schema": {
                "type": "object",
                "required": ["title", "status"],
                "properties": {
                    "type": {"type": "string"},
                    "title": {"type": "string"},
                    "status": {"type": "integer"},
                    "detail": {"type": "string"},
                },
            }
        }
    },
}

LIST_PARAMETERS = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
    {
        "name": "per_page",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "maximum": 100},
    },
    {"name": "search", "in": "query", "schema": {"type": "string"}},
]
SERVICE_PARAMETERS = [
    {"name": "modified_after", "in": "query", "schema": {"type": "string", "format": "date-time"}},
    {"name": "taxonomy_term_id", "in": "query", "schema": {"type": "string", "format": "uuid"}},
    {
        "name": "municipality",
        "in": "query",
        "description": "IBGE code (a SER-DH extension).",
        "schema": {"type": "integer"},
    },
]

ITEMS = {
    "services": ("Service", ["id", "name", "status"]),
    "organizations": ("Organization", ["id", "name", "description"]),
    "service_at_locations": ("ServiceAtLocation", ["id", "service_id", "location_id"]),
    "taxonomies": ("Taxonomy", ["id", "name", "description"]),
    "taxonomy_terms": ("TaxonomyTerm", ["id", "name", "description"]),
}


def _item_schema(required):
    properties = {name: {"type": "string"} for name in required}
    properties["id"] = {"type": "string", "format": "uuid"}
    return {"type": "object", "required": required, "properties": properties}


def _page_schema(ref):
    return {
        "type": "object",
        "required": ["total_items", "total_pages", "page_number", "size", "contents"],
        "properties": {
            "total_items": {"type": "integer"},
            "total_pages": {"type": "integer"},
            "page_number": {"type": "integer"},
            "size": {"type": "integer"},
            "first_page": {"type": "boolean"},
            "last_page": {"type": "boolean"},
            "empty": {"type": "boolean"},
            "contents": {"type": "array", "items": {"$ref": f"#/components/schemas/{ref}"}},
        },
    }


def _json(schema):
    return {"content": {"application/json": {"schema": schema}}}


def document(base_path="/api/hsds"):
    paths = {
        f"{base_path}/": {
            "get": {
                "operationId": "hsds_root",
                "summary": "HSDS version, profile and this document's address",
                "responses": {
                    "200": {
                        "description": "About this HSDS API.",
                        **_json(
                            {
                                "type": "object",
                                "required": ["version"],
                                "properties": {
                                    "version": {"type": "string"},
                                    "profile": {"type": "string"},
                                    "openapi_url": {"type": "string"},
                                },
                            }
                        ),
                    }
                },
            }
        }
    }
    schemas = {}
    for collection, (name, required) in ITEMS.items():
        schemas[name] = _item_schema(required)
        parameters = LIST_PARAMETERS + (SERVICE_PARAMETERS if collection == "services" else [])
        paths[f"{base_path}/{collection}"] = {
            "get": {
                "operationId": f"hsds_{collection}_list",
                "parameters": parameters,
                "responses": {
                    "200": {"description": f"A page of {collection}.", **_json(_page_schema(name))},
                    "400": PROBLEM,
                },
            }
        }
        paths[f"{base_path}/{collection}/{{id}}"] = {
            "get": {
                "operationId": f"hsds_{collection}_detail",
                "parameters": [
                    {
                        "name": "id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string", "format": "uuid"},
                    }
                ],
                "responses": {
                    "200": {
                        "description": f"One of {collection}.",
                        **_json({"$ref": f"#/components/schemas/{name}"}),
                    },
                    "404": PROBLEM,
                },
            }
        }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "SER-DH — Open Referral HSDS 3.0",
            "version": "3.0",
            "description": "The public directory of the protection network (no personal data).",
        },
        "paths": paths,
        "components": {"schemas": schemas},
    }
