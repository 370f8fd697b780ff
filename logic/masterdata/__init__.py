"""Master data (ADM-…) maintained in the app and imported from files (IMP-…).

`logic/registry.py::KINDS` lists every kind explicitly (nothing registers itself on import);
`plan` turns rows into a plan and applies it in one transaction with the settings log.
"""
