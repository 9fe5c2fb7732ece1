"""Indicators for the Independent Reviewing Officer service, computed from record-level extracts."""
