"""Delivery to council systems: Open311 GeoReport v2 and a signed JSON webhook."""
