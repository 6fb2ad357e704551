"""The sopkit benchmark: synthetic sites, measurements, budgets (``python -m bench.run``)."""
