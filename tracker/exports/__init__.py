"""Exports and imports in one format: columns per resource, CSV and JSON writers, data package.

`columns` is the one place that names the columns of each resource; the CSV and JSON writers,
the data package and the experiment import (tracker.services.imports) all read it.
"""
