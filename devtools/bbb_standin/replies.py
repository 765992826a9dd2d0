"""HTTP replies of the stand-in, and the BBB XML documents in them."""

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any, TypeAlias

XML_CONTENT_TYPE = "text/xml;charset=utf-8"

XmlValue: TypeAlias = "str | int | bool | list[tuple[str, XmlValue]] | None"
XmlFields: TypeAlias = list[tuple[str, XmlValue]]
"""Child elements in document order; a list value nests, so repeated names (``attendee``) are possible."""


@dataclass(frozen=True)
class Reply:
    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


class ApiError(Exception):
    """A FAILED API response with BBB's ``messageKey`` (``key``) and ``message``."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key
        self.message = message


def success(fields: XmlFields) -> Reply:
    return xml_reply([("returncode", "SUCCESS"), *fields])


def failed(error: ApiError) -> Reply:
    """BBB answers errors with HTTP 200 and ``returncode`` FAILED, never with an HTTP error status."""
    return xml_reply([("returncode", "FAILED"), ("messageKey", error.key), ("message", error.message)])


def xml_reply(fields: XmlFields) -> Reply:
    root = ET.Element("response")
    _append(root, fields)
    return Reply(200, XML_CONTENT_TYPE, ET.tostring(root, encoding="unicode").encode())


def _append(parent: ET.Element, fields: XmlFields) -> None:
    for name, value in fields:
        child = ET.SubElement(parent, name)
        if isinstance(value, list):
            _append(child, value)
        elif isinstance(value, bool):
            child.text = "true" if value else "false"
        elif value is not None:
            child.text = str(value)


def html_reply(document: str, status: int = 200) -> Reply:
    return Reply(status, "text/html;charset=utf-8", document.encode())


def json_reply(data: Any, status: int = 200) -> Reply:
    return Reply(status, "application/json", json.dumps(data, indent=2).encode())


def redirect(location: str, status: int = 302) -> Reply:
    return Reply(status, "text/plain;charset=utf-8", b"", (("Location", location),))


def method_not_allowed(allowed: str) -> Reply:
    return Reply(405, "text/plain;charset=utf-8", b"Method not allowed", (("Allow", allowed),))
