"""Thin Streamlit pages: each wires widgets to domain modules and holds no arithmetic."""
