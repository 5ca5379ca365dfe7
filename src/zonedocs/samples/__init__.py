"""Sample data: the fictional company in inputs/, and synthetic rosters for scale tests."""
