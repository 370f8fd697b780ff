"""Medical certificates (intyg, CERT-1 … CERT-12). Its policy (the certificate case rule, its
reach as the board's visibility, the CERT-2 reading scope) is in policy.py."""
