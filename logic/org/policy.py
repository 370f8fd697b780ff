"""The ORG context's policy (logic.policy): organisational and care deviations."""
from logic.org import rules, services
from logic.org.model import KINDS
from logic.policy import Policy, reach_visibility

POLICY = Policy(kinds=KINDS, case_rule=rules.case_rule, visibility=reach_visibility(rules.reach),
                user_scopes={rules.HANDLED: services.handled_scope, rules.MANAGED: services.managed_scope},
                subtype_names=services.subtype_names)
