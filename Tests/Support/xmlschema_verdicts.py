#!/usr/bin/env python3
"""Independent XSD processor for cross-checks: validates files with Python's `xmlschema`.

    xmlschema_verdicts.py SCHEMA.xsd FILE...   ->  one JSON object {file: {"valid": bool, "reason": str}}

Used by the Swift tests to confirm that a second, unrelated XSD 1.0 implementation accepts our
schemas and reaches the same verdict as libxml2 on every sample. Remote resources are refused.
"""
import json
import sys

import xmlschema

schema = xmlschema.XMLSchema10(sys.argv[1], defuse="always", allow="local")
result = {}
for path in sys.argv[2:]:
    try:
        error = next(iter(schema.iter_errors(path)), None)
        result[path] = {"valid": error is None, "reason": "" if error is None else str(error.reason or error.message)[:300]}
    except Exception as exc:  # not well-formed, refused DTD, etc.
        result[path] = {"valid": False, "reason": f"{type(exc).__name__}: {str(exc)[:300]}"}
json.dump(result, sys.stdout, indent=1, sort_keys=True)
