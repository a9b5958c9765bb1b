"""The last stage: what goes out after a merge. Return files back to the units, reminders to the
units still missing, the upward workbook to the level above; a dry run first, then SMTP.

    outbox.py   reading what merge wrote, planning the messages, the dry run, SMTP, the sent log
"""
