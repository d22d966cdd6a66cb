"""JSON Schemas (draft 2020-12) of the HSDS 3.0 objects SER-DH publishes, written for these
tests from the Open Referral HSDS 3.0 field reference: required fields, types, enumerations
and UUID identifiers. (The official schema files are not distributed through PyPI or npm, and
this project does not copy third-party files; see docs/api.md.)"""

UUID = {"type": "string", "format": "uuid"}
TEXT = {"type": "string"}


def obj(required, **properties):
    return {"type": "object", "required": list(required), "properties": properties}


def array_of(ref):
    return {"type": "array", "items": {"$ref": f"#/$defs/{ref}"}}


DEFS = {
    "phone": obj(
        ["id", "number"],
        id=UUID,
        organization_id=UUID,
        service_id=UUID,
        location_id=UUID,
        number=TEXT,
        type={
            "type": "string",
            "enum": ["text", "voice", "fax", "cell", "video", "pager", "textphone"],
        },
    ),
    "schedule": obj(["id"], id=UUID, service_id=UUID, location_id=UUID, description=TEXT),
    "taxonomy": obj(["id", "name", "description"], id=UUID, name=TEXT, description=TEXT),
    "taxonomy_term": obj(
        ["id", "name", "description"],
        id=UUID,
        code=TEXT,
        name=TEXT,
        description=TEXT,
        taxonomy=TEXT,
        taxonomy_id=UUID,
        language=TEXT,
    ),
    "attribute": obj(
        ["id"],
        id=UUID,
        link_id=UUID,
        link_type=TEXT,
        link_entity=TEXT,
        taxonomy_term_id=UUID,
        taxonomy_term={"$ref": "#/$defs/taxonomy_term"},
    ),
    "address": obj(
        ["id", "address_1", "city", "state_province", "postal_code", "country", "address_type"],
        id=UUID,
        location_id=UUID,
        address_1=TEXT,
        city=TEXT,
        state_province=TEXT,
        postal_code=TEXT,
        country={"type": "string", "pattern": "^[A-Z]{2}$"},
        address_type={"type": "string", "enum": ["physical", "postal", "virtual"]},
    ),
    "location": obj(
        ["id", "location_type"],
        id=UUID,
        location_type={"type": "string", "enum": ["physical", "postal", "virtual"]},
        name=TEXT,
        addresses=array_of("address"),
        phones=array_of("phone"),
    ),
    "service_at_location": obj(
        ["id"],
        id=UUID,
        service_id=UUID,
        location_id=UUID,
        location={"$ref": "#/$defs/location"},
    ),
    "organization": obj(
        ["id", "name", "description"],
        id=UUID,
        name=TEXT,
        alternate_name=TEXT,
        description=TEXT,
        email={"type": "string", "format": "email"},
        phones=array_of("phone"),
    ),
    "service": obj(
        ["id", "name", "status"],
        id=UUID,
        organization_id=UUID,
        name=TEXT,
        description=TEXT,
        email={"type": "string", "format": "email"},
        status={
            "type": "string",
            "enum": ["active", "inactive", "defunct", "temporarily closed"],
        },
        phones=array_of("phone"),
        schedules=array_of("schedule"),
        attributes=array_of("attribute"),
        organization={"$ref": "#/$defs/organization"},
        service_at_locations=array_of("service_at_location"),
    ),
}


def schema(name):
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": f"#/$defs/{name}",
        "$defs": DEFS,
    }


def page_schema(name):
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$defs": DEFS,
        **obj(
            [
                "total_items",
                "total_pages",
                "page_number",
                "size",
                "first_page",
                "last_page",
                "empty",
                "contents",
            ],
            total_items={"type": "integer", "minimum": 0},
            total_pages={"type": "integer", "minimum": 1},
            page_number={"type": "integer", "minimum": 1},
            size={"type": "integer", "minimum": 0},
            first_page={"type": "boolean"},
            last_page={"type": "boolean"},
            empty={"type": "boolean"},
            contents=array_of(name),
        ),
    }
