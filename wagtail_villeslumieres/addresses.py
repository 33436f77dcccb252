"""Postal addresses: one line as people write it, and its parts as schema.org reads them."""

import re

#: "Rue de la Station 3, 5650 Walcourt": street, then a Belgian (4-digit) or other
#: 4- to 5-digit postal code and the locality after the last comma.
_ONE_LINE = re.compile(
    r"^\s*(?P<street>.+?)\s*,\s*(?P<postal_code>\d{4,5})\s+(?P<locality>.+?)\s*$"
)


def split_address(text):
    """``{"street_address", "postal_code", "locality"}`` read from one line.

    A line that does not end in "postal code and locality" stays whole in
    ``street_address``, for an editor to split by hand.
    """
    text = (text or "").strip()
    match = _ONE_LINE.match(text)
    if match is None:
        return {"street_address": text, "postal_code": "", "locality": ""}
    return {
        "street_address": match["street"],
        "postal_code": match["postal_code"],
        "locality": match["locality"],
    }


def one_line(street_address, postal_code, locality):
    """The address on one line, as the agenda and calendars show it."""
    town = " ".join(part for part in (postal_code, locality) if part)
    return ", ".join(part for part in (street_address, town) if part)


def schema_org(street_address, postal_code, locality, country):
    """The address as a schema.org ``PostalAddress`` (the parts it has), or ``None``.

    ``None`` when there is neither a street nor a town: a country alone locates nothing.
    """
    if not (street_address or postal_code or locality):
        return None
    parts = {
        "streetAddress": street_address,
        "postalCode": postal_code,
        "addressLocality": locality,
        "addressCountry": country,
    }
    return {"@type": "PostalAddress", **{key: value for key, value in parts.items() if value}}
