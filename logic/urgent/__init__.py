"""Urgent cases (akut sager): partners of an insurer create them when their office may, the
insurer converts them to normal cases or links them into existing ones (URG-1 … URG-12).

Its policy (the case rules for the kinds 'urgent' and 'claim', the URG-12 report rule and the
user scope they read) is in policy.py."""
