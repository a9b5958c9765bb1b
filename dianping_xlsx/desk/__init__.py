"""The clerk's desk: a local web page that runs the half-year without a terminal.

A face like the command line: it calls the library's face (api.py) and renders what it returns.

    workspace.py  the work folder: its settings (office, roster, period, due date, mail account;
                  never a password), each period's inbox and results
    tasks.py      one task at a time per workspace, in the background, with progress
    state.py      what the pages show, made from a merge's result (saved, so the desk remembers)
    app.py        the ASGI app (Starlette): pages, uploads, downloads; token and Host checked
    server.py     `dianping desk`: 127.0.0.1 on a free port, a random token, the browser opened
    templates/    the pages (Jinja2, Chinese); static/ htmx (vendored, no CDN) and the style
"""
