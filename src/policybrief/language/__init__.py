"""A brief's language: the labels we print, and dates, numbers, lists and quotation marks
(see catalogue.py; how to add a language: docs/languages.md)."""

from policybrief.language.catalogue import (
    LABEL_NAMES,
    Language,
    catalogue_names,
    has_catalogue,
    language_of,
)

__all__ = ["LABEL_NAMES", "Language", "catalogue_names", "has_catalogue", "language_of"]
