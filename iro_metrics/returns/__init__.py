"""Statutory returns in and out: ``import`` builds a data directory from SSDA903 returns and CIN
census files (``importer.import_returns``), ``export-903`` writes a data directory's looked-after
tables back out as SSDA903 returns (``export.export_903``). The rules are in
``docs/returns-import.md``; ``report.read_import_report`` gives pages the import's provenance."""
