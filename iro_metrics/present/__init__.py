"""What pages, downloads and reports show: figures as text, findings, tables, disclosure control
for the public, definitions and the glossary."""
