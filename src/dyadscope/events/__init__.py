"""Event data: code tables (CAMEO, PLOVER, Goldstein), source layouts and downloads."""
