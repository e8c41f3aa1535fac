"""The case's data leaving in the formats the field uses: FollowTheMoney, citations, CSV, a zip
of originals. Each exporter writes only to the one output the user names (see output.py)."""
