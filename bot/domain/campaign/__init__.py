"""Campaigns: a /mix plan, the creators booked, each post's results, and plan-vs-actual.

Modules: `models` (what a campaign records and its rules), `report` (the figures),
`results_csv` (the team's tracking spreadsheet).
"""
