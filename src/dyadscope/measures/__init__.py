"""Measures of a dyad: vote alignment (one dyad or every dyad at once), and the dyad-year frame."""
