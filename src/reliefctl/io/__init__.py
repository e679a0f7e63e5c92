"""Files outside the ledger: atomic output, the nightly export's folder, spreadsheet readers.

Adapters between the core and the file system. ``tables`` (reading xlsx and CSV) is the only
module here that imports openpyxl, and only when an xlsx file is read.
"""
