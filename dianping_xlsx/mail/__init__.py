"""E-mail in and out: the units' submissions from the office mailbox (or exported messages)
into an inbox folder with a manifest; return files, reminders and the summary out.

    names.py    attachment names, senders and subjects as mail clients really write them
    parts.py    one message -> its spreadsheet attachments (zip members, forwarded messages)
                and what could not be taken (with the reason)
    intake.py   saving attachments into the inbox once, never overwriting; the manifest
    sources.py  where messages come from: .eml / .mbox / .msg files, an IMAP mailbox
    manifest.py reading the manifest back (merge uses it: sender and time received)
    outbox.py   composing the messages to send, a dry run, SMTP, the record of what was sent
"""
