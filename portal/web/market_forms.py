"""Turning the market's listing form into the service's data (shared by the firm and institution areas)."""

from __future__ import annotations

from portal.market.forms import ListingForm
from portal.market.patents import ListingData


def listing_data(form: ListingForm) -> ListingData:
    return ListingData(
        application_no=form.application_no.data,
        title=form.title.data,
        ipc=form.ipc.data,
        legal_status=form.legal_status.data,
        field=form.field.data,
        mode=form.mode.data,
        terms=form.terms.data,
        price=form.price.data,
        open_licence_terms=form.open_licence_terms.data or "",
    )
