"""HTTP client for CBS's OData v4 service: one GET per page, with timeouts and Dutch errors."""

from __future__ import annotations

import json
from typing import Any

import httpx

from etl.cbs.odata import CbsRefused
from etl.cbs.tables import DEFAULT_BASE_URL
from kernel import adc_settings

TIMEOUT = httpx.Timeout(30.0, connect=10.0)
MAX_PAGE_BYTES = 50 * 1024 * 1024  # a page of CBS observations is at most a few megabytes


class HttpSource:
    """`get(url, params)` for etl.cbs.odata.collect, against `base_url` (default: the setting)."""

    def __init__(self, base_url: str | None = None, client: httpx.Client | None = None):
        self.base_url = (base_url or adc_settings.CBS_URL.get() or DEFAULT_BASE_URL).rstrip("/")
        self._client = client or httpx.Client(
            timeout=TIMEOUT, follow_redirects=True, headers={"Accept": "application/json"}
        )

    def close(self) -> None:
        self._client.close()

    def get(self, url: str, params: dict[str, str] | None = None) -> dict[str, Any]:
        try:
            response = self._client.get(url, params=params)
        except httpx.TimeoutException:
            raise CbsRefused(
                f"CBS antwoordde niet binnen {TIMEOUT.read:.0f} seconden op {url}. Probeer het later opnieuw."
            ) from None
        except httpx.HTTPError as error:
            raise CbsRefused(
                f"CBS is niet bereikbaar ({type(error).__name__}: {error}). Ophalen "
                f"vraagt een internetverbinding met {self.base_url}."
            ) from None
        if response.status_code == 404:
            raise CbsRefused(
                f"CBS kent {url} niet (404). Verwacht een bestaande tabel of pagina; "
                "een vervolgpagina die ontbreekt betekent een afgebroken antwoord."
            )
        if response.status_code != 200:
            raise CbsRefused(
                f"CBS antwoordde met status {response.status_code} op {url}; verwacht 200. Probeer het later opnieuw."
            )
        if len(response.content) > MAX_PAGE_BYTES:
            raise CbsRefused(
                f"Het antwoord op {url} is groter dan {MAX_PAGE_BYTES // 2**20} MB; verwacht een kleine selectie."
            )
        try:
            document: dict[str, Any] = json.loads(response.content)
            return document
        except ValueError:
            raise CbsRefused(
                f"Het antwoord van CBS op {url} is afgebroken of geen geldige JSON; "
                'verwacht een volledig OData-antwoord ({"value": [...]}).'
            ) from None
