"""The urgent context's policy (logic.policy): urgent cases and claims."""
from logic.access import Action
from logic.policy import Policy, reach_visibility
from logic.urgent import rules, services

POLICY = Policy(kinds=("urgent", "claim"), case_rule=rules.case_rule, visibility=reach_visibility(rules.reach),
                action_rules={Action.URGENT_REPORT: rules.report_rule},
                user_scopes={rules.TASKS: services.tasks_scope},
                untyped=True)       # their subtype is the insurer
