"""Case views by kind. Importing this package registers them all."""
from ui.views import deviation  # noqa: F401
from ui.views import repair  # noqa: F401
from ui.views import org  # noqa: F401
from ui.views import certificate  # noqa: F401
from ui.views import urgent  # noqa: F401
