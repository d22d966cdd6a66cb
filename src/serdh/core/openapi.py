"""drf-spectacular postprocessing: every operation documents its error responses as RFC 9457
problems (``application/problem+json``), and the OAuth2 token endpoint joins the schema.

With these, a client generator knows every status it may meet, and schemathesis'
undocumented-status check runs clean (tests/api/test_schemathesis.py).
"""

PROBLEM = "application/problem+json"

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details, in the request's language (Portuguese first).",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "field": {"type": "string", "nullable": True},
                    "message": {"type": "string"},
                },
            },
        },
    },
}

EVERY = {
    "400": "Invalid input or query parameter (see `errors`).",
    "401": "No credentials, or a token that is invalid, expired or revoked "
    '(`WWW-Authenticate: Bearer error="invalid_token"`).',
    "403": "The role or the token's scopes do not allow it "
    '(`WWW-Authenticate: Bearer error="insufficient_scope", scope="…"`).',
    "404": "Not found, or outside the caller's access (never a 403 that confirms it exists).",
    "405": "Method not allowed.",
    "406": "No acceptable representation for the Accept header.",
    "429": "Too many requests (`Retry-After`).",
}
WRITES = {
    "409": "Conflict with the current state.",
    "413": "Body too large.",
    "415": "Content type not accepted (send application/json).",
    "422": "A rule of the domain refused it (see `detail` and `errors`).",
}
PATCHES = {
    "412": "The case changed since it was read (If-Match no longer matches its ETag).",
    "428": "If-Match is required.",
}

OAUTH_ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "string",
            "enum": [
                "invalid_request",
                "invalid_client",
                "invalid_grant",
                "invalid_scope",
                "unauthorized_client",
                "unsupported_grant_type",
            ],
        },
        "error_description": {"type": "string"},
    },
}

TOKEN_PATH = {
    "post": {
        "operationId": "oauth_token",
        "summary": "Get a bearer token (OAuth2 client credentials, RFC 6749 §4.4)",
        "description": (
            "Client authentication by HTTP Basic (client_secret_basic) or in the form "
            "(client_secret_post), never both. Parameters must not repeat. Repeated failures "
            "from one address for one client id answer 429 with Retry-After."
        ),
        "tags": ["oauth"],
        "security": [{"clientBasic": []}, {}],
        "requestBody": {
            "required": True,
            "content": {
                "application/x-www-form-urlencoded": {
                    "schema": {
                        "type": "object",
                        "required": ["grant_type"],
                        "properties": {
                            "grant_type": {"type": "string", "enum": ["client_credentials"]},
                            "scope": {"type": "string"},
                            "client_id": {"type": "string"},
                            "client_secret": {"type": "string"},
                        },
                    }
                }
            },
        },
        "responses": {
            "200": {
                "description": "The token.",
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["access_token", "token_type", "expires_in"],
                            "properties": {
                                "access_token": {"type": "string"},
                                "token_type": {"type": "string", "enum": ["Bearer"]},
                                "expires_in": {"type": "integer"},
                                "scope": {"type": "string"},
                            },
                        }
                    }
                },
            },
            **{
                code: {
                    "description": description,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/OAuthError"}}
                    },
                }
                for code, description in (
                    ("400", "invalid_request, unsupported_grant_type or invalid_scope."),
                    ("401", "invalid_client."),
                    ("429", "Too many failed client authentications (Retry-After)."),
                )
            },
        },
    }
}


def _problem_response(description):
    return {
        "description": description,
        "content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def document_errors(result, generator, request, public):
    components = result.setdefault("components", {})
    components.setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    components["schemas"]["OAuthError"] = OAUTH_ERROR
    components.setdefault("securitySchemes", {})["clientBasic"] = {
        "type": "http",
        "scheme": "basic",
        "description": "client_id and client_secret, for the token endpoint only.",
    }
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            codes = dict(EVERY)
            if method != "get":
                codes.update(WRITES)
            if method == "patch":
                codes.update(PATCHES)
            responses = operation.setdefault("responses", {})
            for code, description in codes.items():
                responses.setdefault(code, _problem_response(description))
    result["paths"]["/oauth/token/"] = TOKEN_PATH
    return result
