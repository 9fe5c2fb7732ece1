"""The Streamlit side of the dashboard: the only part of ``iro_metrics`` that imports streamlit."""
