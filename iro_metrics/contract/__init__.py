"""The extract contract: the tables and codes of ``extracts.md``, the pandera schemas that hold
every row rule, and the loader that applies the three validation levels."""
