"""History from the system a team leaves (IMP-9 … IMP-11): deviations, ORG cases,
certificates' metadata, urgent and normal insurance cases imported through the same screen,
command and dry run as master data (logic.importer), keeping their numbers."""
