"""The deviations context's policy (logic.policy): deviations and repairs."""
from logic.deviations import permissions
from logic.policy import Policy, reach_visibility

POLICY = Policy(kinds=("deviation", "repair"), case_rule=permissions.case_rule,
                visibility=reach_visibility(permissions.reach))
