"""The API's documentation page (/api/v1/docs/): the OpenAPI schema that
drf-spectacular generates, rendered on the server as a GOV.UK page. A
script-driven viewer (Swagger UI, Redoc) would need inline script or style,
which the site's Content-Security-Policy forbids; this page needs neither."""

import re
from functools import cache

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from drf_spectacular.generators import SchemaGenerator

from .pagination import MAX_PAGE_SIZE, PAGE_SIZE


@cache
def schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


_CODE_SPAN = re.compile(r"`([^`]+)`")


def _with_code(text: str, code: str) -> str:
    """Escaped text with its `code` spans as <code>; the only markup made."""
    return _CODE_SPAN.sub(rf"<code{code}>\1</code>", escape(text))


def as_html(description: str, *, in_table: bool = False) -> SafeString:
    """A schema description (CommonMark, as drf-spectacular writes it:
    paragraphs, and "* " lists of choices) as GOV.UK paragraphs and lists.
    Outside tables a code span may break anywhere, so that a long name cannot
    widen a phone's page; in a table it keeps its column wide enough to read,
    and the table scrolls in its own box instead."""
    code = "" if in_table else ' class="app-break-anywhere"'
    blocks = []
    for block in re.split(r"\n\s*\n", description.strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if lines and all(line.startswith("* ") for line in lines):
            items = "".join(f"<li>{_with_code(line[2:], code)}</li>" for line in lines)
            blocks.append(('<ul class="govuk-list govuk-list--bullet{}">', items, "</ul>"))
        elif lines:
            blocks.append(('<p class="govuk-body{}">', _with_code(" ".join(lines), code), "</p>"))
    # In a cell the blocks are spaced less, and the last adds no space below the row's text.
    spacing = [" govuk-!-margin-bottom-2"] * (len(blocks) - 1) + [" govuk-!-margin-bottom-0"] if in_table else []
    html = "".join(
        start.format(spacing[n] if spacing else "") + content + end for n, (start, content, end) in enumerate(blocks)
    )
    return mark_safe(html)  # noqa: S308 - every piece of text escaped by _with_code


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
            "description": as_html(spec.get("description", ""), in_table=True),
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
            "description": as_html(operation.get("description", "")),
            "parameters": [
                {
                    "name": parameter["name"],
                    "where": parameter["in"],
                    "type": _type_of(parameter.get("schema", {}), components),
                    "description": as_html(parameter.get("description", ""), in_table=True),
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
