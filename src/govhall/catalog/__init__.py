"""The service catalogue (事项): items, their guides and application forms, versioned."""

from govhall.catalog.forms import coerce_form_post, mask_form_data, validate_form
from govhall.catalog.models import CatalogItem, CatalogItemVersion
from govhall.catalog.schemas import ItemContent, LegalBasis, Material, Step
from govhall.catalog.service import (
    builtin_items,
    create_item,
    current_contents,
    departments,
    find_form,
    get_item,
    is_initialised,
    item_content,
    item_version,
    item_versions,
    list_items,
    parse_item,
    sync_builtin,
    update_item,
)

__all__ = [
    "CatalogItem",
    "CatalogItemVersion",
    "ItemContent",
    "LegalBasis",
    "Material",
    "Step",
    "builtin_items",
    "coerce_form_post",
    "create_item",
    "current_contents",
    "departments",
    "find_form",
    "get_item",
    "is_initialised",
    "item_content",
    "item_version",
    "item_versions",
    "list_items",
    "mask_form_data",
    "parse_item",
    "sync_builtin",
    "update_item",
    "validate_form",
]
