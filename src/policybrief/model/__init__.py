"""The brief's data model: the single source of truth for the format and its JSON Schema.

It knows nothing of YAML (see `policybrief.load`) or of ReportLab (see `policybrief.render`).
"""
