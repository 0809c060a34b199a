"""wfm serve: the what-if page in the browser (Streamlit), over the what-if library."""
