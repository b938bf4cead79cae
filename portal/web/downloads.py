"""Sending a stored upload: from the local folder, streamed from the object store, or a redirect to a
short-lived signed URL when UPLOAD_SIGNED_URL_SECONDS is set (the app server then moves no bytes)."""

from __future__ import annotations

import mimetypes
from urllib.parse import quote

from flask import Response, abort, redirect, send_file, stream_with_context

from portal.core.storage import LocalStore, get_store


def send_stored(stored_name: str | None, mimetype: str | None, download_name: str, max_age: int | None = None):
    """The download response for ``stored_name``; 404 when it is not in the store."""
    store = get_store()
    try:
        if not stored_name or not store.exists(stored_name):
            abort(404)
    except FileNotFoundError:
        abort(404)
    if isinstance(store, LocalStore):  # send_file guesses a missing type from the download name
        return send_file(
            store.path(stored_name), mimetype=mimetype, as_attachment=True, download_name=download_name, max_age=max_age
        )
    mimetype = mimetype or mimetypes.guess_type(download_name)[0] or "application/octet-stream"
    url = store.signed_url(stored_name, download_name, mimetype)
    if url:
        return redirect(url, code=302)
    response = Response(stream_with_context(store.chunks(stored_name)), mimetype=mimetype)
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(download_name, safe='')}"
    return response
