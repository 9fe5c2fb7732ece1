"""Placeholder while the page is being built."""

import streamlit as st

st.title("participation")
