"""What the deviation services share: the service's zone and the lengths of what is typed
outside the draft."""
from __future__ import annotations



ZONE = "Europe/Stockholm"   # the service's zone; numbers follow its calendar weeks
# Lengths of what is typed outside the draft (X-7: refused at the field, never cut)
ANSWER_MAX = 4000
INVESTIGATION_MAX = 8000
CATEGORY_CODE_MAX = 30
CATEGORY_NAME_MAX = 100
PRESCRIBER_CODE_MAX = 20
NUMBER_PREFIX_MAX = 12
