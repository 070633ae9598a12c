"""The pure domain: models, code lists, workflow, deadlines, validation and indicators.

Nothing in here imports Qt, SQL drivers or does I/O beyond reading shipped resource files.
"""
