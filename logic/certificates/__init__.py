"""Medical certificates (intyg, CERT-1 … CERT-12). Importing the package registers the
certificate case rule in logic.access.CASE_RULES."""
from logic.certificates import permissions  # noqa: F401
