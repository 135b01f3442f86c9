"""Uncaught errors: the reader gets a Dutch message with a reference, the server log the traceback."""

from __future__ import annotations

import logging
import secrets

import streamlit as st

from accounts.sessions import SessionEnded
from presentation import labels

log = logging.getLogger("achter_de_cijfers")


def handle(error: Exception) -> bool:
    """Show `error` to the reader without any detail of the server; True: handled. The router
    calls it around every page, and dashboard/server.py for errors in widget callbacks (which
    run before the page)."""
    from dashboard import session  # noqa: PLC0415 - the session module imports the router's helpers

    if isinstance(error, SessionEnded):  # an action after the session ended: back to the login
        session.end_session(None, "beëindigd", str(error))
        st.info(str(error), icon=":material/info:")
        st.button(labels.TO_LOGIN, type="primary", key="naar_inloggen")
        return True
    reference = secrets.token_hex(3).upper()
    # The whole traceback, with the reference the reader passes on, for whoever reads the log.
    log.error("Fout in het dashboard, referentie %s", reference, exc_info=error)
    st.error(labels.SOMETHING_WENT_WRONG.format(reference=reference), icon=":material/error:")
    return True
