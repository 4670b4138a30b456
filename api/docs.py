"""The API's documentation page (/api/v1/docs/): the OpenAPI schema that
drf-spectacular generates, rendered on the server as a GOV.UK page. A
script-driven viewer (Swagger UI, Redoc) would need inline script or style,
which the site's Content-Security-Policy forbids; this page needs neither."""

from functools import cache

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator

from .pagination import MAX_PAGE_SIZE, PAGE_SIZE


@cache
def schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def _type_of(spec: dict, components: dict) -> str:
    if "$ref" in spec:
        return spec["$ref"].rsplit("/", 1)[-1]
    if "allOf" in spec:
        return " or ".join(_type_of(part, components) for part in spec["allOf"])
    if "oneOf" in spec:
        return " or ".join(_type_of(part, components) for part in spec["oneOf"])
    if "enum" in spec:
        return "one of " + ", ".join(str(value) for value in spec["enum"] if value not in ("", None))
    kind = spec.get("type", "object")
    if kind == "array":
        return f"list of {_type_of(spec.get('items', {}), components)}"
    return f"{kind} ({spec['format']})" if "format" in spec else kind


def _fields(name: str, components: dict) -> list[dict]:
    properties = components.get(name, {}).get("properties", {})
    return [
        {
            "name": field,
            "type": _type_of(spec, components) + (", or null" if spec.get("nullable") else ""),
            "description": spec.get("description", ""),
        }
        for field, spec in properties.items()
    ]


def endpoints() -> list[dict]:
    """Each address with its parameters and the fields of what it answers."""
    generated = schema()
    components = generated.get("components", {}).get("schemas", {})
    found = []
    for address, operations in generated["paths"].items():
        operation = operations.get("get")
        if operation is None or address.endswith("/schema/"):
            continue
        answer = operation["responses"]["200"]["content"].get("application/json", {}).get("schema", {})
        name = _type_of(answer, components)
        if name.startswith("Paginated"):
            name = _type_of(components[name]["properties"]["results"]["items"], components)
        found.append({
            "address": address,
            "id": operation["operationId"],
            "description": operation.get("description", ""),
            "parameters": [
                {
                    "name": parameter["name"],
                    "where": parameter["in"],
                    "type": _type_of(parameter.get("schema", {}), components),
                    "description": parameter.get("description", ""),
                }
                for parameter in operation.get("parameters", [])
            ],
            "object": name,
            "fields": _fields(name, components),
        })  # fmt: skip
    return found


def documentation(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "api/docs.html",
        {"endpoints": endpoints(), "info": schema()["info"], "page_size": PAGE_SIZE, "max_page_size": MAX_PAGE_SIZE},
    )
