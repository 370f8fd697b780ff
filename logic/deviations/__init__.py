"""Deviations and complaints on assistive devices — avvikelse/reklamation (DEV-1 … DEV-15)."""
