"""The first stage: the units' submissions from the office mailbox (or exported messages) into an
inbox folder, with the manifest (see ../manifest.py) that says who sent each file and when.

    account.py  a mailbox to read from; MailError, the one error of the mail stages
    names.py    attachment names, senders and subjects as mail clients really write them
    parts.py    one message -> its spreadsheet attachments (zip members, forwarded messages)
                and what could not be taken (with the reason)
    store.py    saving attachments into the inbox once, never overwriting; a manifest line each
    sources.py  where messages come from: .eml / .mbox / .msg files, an IMAP mailbox
    run.py      the two intake jobs (import, fetch) and their report; book.py, console.py
                the manifest as a workbook and as screen lines
"""
