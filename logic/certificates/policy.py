"""The certificates context's policy (logic.policy): certificate cases."""
from logic.certificates import permissions, services
from logic.policy import Policy, reach_visibility

POLICY = Policy(kinds=("certificate",), case_rule=permissions.case_rule,
                visibility=reach_visibility(permissions.reach),
                user_scopes={permissions.READ_SCOPE: services.read_scope})
