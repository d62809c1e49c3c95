"""Development and CI scripts: not part of the running system (nothing in regeling/ or worker/ imports them)."""
