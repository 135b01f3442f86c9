"""Benchmarks: ETL, pages, search and memory at sample or city scale (`python -m bench`)."""
