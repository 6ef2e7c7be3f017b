"""The bundled JSON-LD contexts and a pyld document loader that never fetches.

Only the contexts listed here are ever served (contexts/README.md says where each file
came from); any other URL raises ContextNotBundled, so a credential that needs a context
credstack does not ship is reported as not verifiable rather than fetched.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

BUNDLED: dict[str, str] = {
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
    "https://www.w3.org/2018/credentials/v1": "credentials-v1.jsonld",
    "https://www.w3.org/ns/credentials/examples/v2": "credentials-examples-v2.jsonld",
    "https://w3id.org/security/data-integrity/v2": "data-integrity-v2.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json": "ob-v3p0-context-3.0.2.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "ob-v3p0-context-3.0.3.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json": "ob-v3p0-extensions.jsonld",
    "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json": "clr-v2p0-context-2.0.1.jsonld",
    "https://purl.imsglobal.org/spec/clr/v2p0/context.json": "clr-v2p0-context.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json": "ob-v3p0-context-3.0.1.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context.json": "ob-v3p0-context.jsonld",
    "https://w3id.org/security/suites/ed25519-2020/v1": "ed25519-signature-2020-v1.jsonld",
    "https://w3id.org/security/data-integrity/v1": "data-integrity-v1.jsonld",
    "https://www.w3.org/ns/credentials/status/v1": "credentials-status-v1.jsonld",
}


class ContextNotBundled(Exception):
    """A JSON-LD context that credstack does not bundle (it never fetches one)."""

    def __init__(self, url: str) -> None:
        super().__init__(f"JSON-LD context {url} is not bundled with credstack (never fetched)")
        self.url = url


@cache
def _document(url: str) -> str:
    name = BUNDLED[url]
    return resources.files("credstack.badges").joinpath("contexts", name).read_text("utf-8")


def bundled_context(url: str) -> dict[str, Any]:
    """The parsed context document for a bundled URL (ContextNotBundled otherwise)."""
    if url not in BUNDLED:
        raise ContextNotBundled(url)
    document: dict[str, Any] = json.loads(_document(url))
    return document


def document_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """pyld's documentLoader: serve a bundled context, refuse everything else."""
    return {"contextUrl": None, "documentUrl": url, "document": bundled_context(url)}
