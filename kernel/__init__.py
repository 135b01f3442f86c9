"""What every layer shares: viewer and roles, vocabulary, formatting, settings, file and DuckDB helpers.

The kernel imports nothing else of the project and never Streamlit (import-linter holds it to that).
"""
