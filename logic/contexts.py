"""Import every case context once so each registers its case rules (access.CASE_RULES) and
action rules before anything decides. Without a registered rule a kind is refused."""
import logic.certificates  # noqa: F401
import logic.org  # noqa: F401
import logic.urgent  # noqa: F401
