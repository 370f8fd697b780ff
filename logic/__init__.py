"""casedesk's rules and storage. Nothing in this package imports streamlit."""
