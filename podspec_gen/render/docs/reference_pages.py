"""The docs' reference pages beside the field groups (formats, merge keys...).

Each entry is (page path, navigation title). The navigation (mkdocs_hooks) and the
index page list them after the shared types, in this order; `jobs` in this package
renders them.
"""

from __future__ import annotations

# How a strategic merge treats each list, map and object field (merge_keys.py).
MERGE_KEYS = ("merge-keys.md", "Merge keys")

PAGES: tuple[tuple[str, str], ...] = (MERGE_KEYS,)
