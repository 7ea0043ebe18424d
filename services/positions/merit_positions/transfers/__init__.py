"""Transfers between agencies (mutasi antar instansi): release by the origin, acceptance by the destination."""
