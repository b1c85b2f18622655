"""Tiny real files of each kind, recognised by content as the product does."""

from __future__ import annotations

from typing import Any

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 100


def required_materials(http: Any, headers: dict[str, str], item_code: str) -> list[dict[str, str]]:
    """Upload a small PDF for each required material of ``item_code`` (through ``POST /api/files``,
    as a client does) and return them as the ``materials`` of ``POST /api/cases``."""
    item = http.get(f"/api/catalog/items/{item_code}").json()
    refs = []
    for n, material in enumerate(item["materials"]):
        if material.get("required", True):
            body = PDF + f"% material {n}\n".encode()  # one file per material, not one shared hash
            uploaded = http.post("/api/files", files={"file": ("材料.pdf", body, "application/pdf")}, headers=headers)
            assert uploaded.status_code == 201, uploaded.text
            refs.append({"material": material["name"], "file_id": uploaded.json()["id"]})
    return refs
