"""Commands that change workbooks rather than build documents: importing the national roster,
splitting the master by branch and merging it back, marking problems in a copy, and the next
year's workbook. Everything here reads and writes with openpyxl, so formatting, dropdowns and
column widths survive, and writes the master only through `book.save_in_place` (a dated backup
beside it, then an atomic replace)."""
