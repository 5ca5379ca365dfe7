"""The local web page, `zonedocs serve`: the whole job in a browser, as safe as the command line.

    workspace  where things are: the master workbook, its history, custom templates, outputs
    versions   every workbook the page received, kept with its time
    uploads    taking a workbook or a zip of it with its photo folders, confined and bounded
    outputs    listing and zipping what a build wrote; downloads confined to outputs/
    builds     one build at a time in a background thread, with its progress
    previews   page images of a document (LibreOffice, then PDFium)
    security   the token, the cookie, cross-site protection and the request size limit
    api        the JSON API the pages use (documented in the README)
    site       the Chinese pages
    app        the Starlette application that puts them together

Only `zonedocs serve` imports this package: the command line never loads the web stack.
"""
