"""The report and the views it shares with the web app: sections, charts, the claims ledger."""
