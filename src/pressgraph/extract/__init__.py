"""Extraction: a release's text to a record, by named components run in order.

``structure → sentences → entities → resolution → relations``; see
:mod:`pressgraph.extract.pipeline`.
"""
