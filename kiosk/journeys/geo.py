"""Coordinates: WGS84 latitude and longitude to British National Grid easting and northing.

Open311 servers in front of UK back offices often ask for ``easting``/``northing``
(``automated: server_set``). This is the Ordnance Survey's published method: a
seven-parameter Helmert shift from WGS84 to OSGB36 (good to about 5 metres, plenty for
"where is the fly-tipping"), then the Transverse Mercator projection on the Airy 1830
ellipsoid.
"""

from __future__ import annotations

import math

# Ellipsoids: (semi-major axis a, semi-minor axis b).
_WGS84 = (6378137.000, 6356752.3141)
_AIRY1830 = (6377563.396, 6356256.909)
# Helmert WGS84 -> OSGB36: translations (m), rotations (arc seconds), scale (ppm).
_TX, _TY, _TZ = -446.448, 125.157, -542.060
_RX, _RY, _RZ = -0.1502, -0.2470, -0.8421
_S = 20.4894
# National Grid projection constants.
_F0 = 0.9996012717
_LAT0 = math.radians(49.0)
_LON0 = math.radians(-2.0)
_E0, _N0 = 400000.0, -100000.0


def _to_cartesian(lat: float, lon: float, a: float, b: float) -> tuple[float, float, float]:
    e2 = 1 - (b * b) / (a * a)
    nu = a / math.sqrt(1 - e2 * math.sin(lat) ** 2)
    return (nu * math.cos(lat) * math.cos(lon), nu * math.cos(lat) * math.sin(lon),
            (1 - e2) * nu * math.sin(lat))


def _from_cartesian(x: float, y: float, z: float, a: float, b: float) -> tuple[float, float]:
    e2 = 1 - (b * b) / (a * a)
    p = math.hypot(x, y)
    lat = math.atan2(z, p * (1 - e2))
    for _ in range(10):
        nu = a / math.sqrt(1 - e2 * math.sin(lat) ** 2)
        lat = math.atan2(z + e2 * nu * math.sin(lat), p)
    return lat, math.atan2(y, x)


def helmert_wgs84_to_osgb36(lat_deg: float, lon_deg: float) -> tuple[float, float]:
    """WGS84 latitude/longitude (degrees) to OSGB36 latitude/longitude (degrees)."""
    x, y, z = _to_cartesian(math.radians(lat_deg), math.radians(lon_deg), *_WGS84)
    s = _S * 1e-6
    rx, ry, rz = (math.radians(r / 3600) for r in (_RX, _RY, _RZ))
    x2 = _TX + (1 + s) * x - rz * y + ry * z
    y2 = _TY + rz * x + (1 + s) * y - rx * z
    z2 = _TZ - ry * x + rx * y + (1 + s) * z
    lat, lon = _from_cartesian(x2, y2, z2, *_AIRY1830)
    return math.degrees(lat), math.degrees(lon)


def osgb36_to_grid(lat_deg: float, lon_deg: float) -> tuple[float, float]:
    """OSGB36 latitude/longitude (degrees) to National Grid (easting, northing) in metres."""
    a, b = _AIRY1830
    lat, lon = math.radians(lat_deg), math.radians(lon_deg)
    e2 = 1 - (b * b) / (a * a)
    n = (a - b) / (a + b)
    sin_lat, cos_lat, tan_lat = math.sin(lat), math.cos(lat), math.tan(lat)
    nu = a * _F0 / math.sqrt(1 - e2 * sin_lat**2)
    rho = a * _F0 * (1 - e2) / (1 - e2 * sin_lat**2) ** 1.5
    eta2 = nu / rho - 1
    dlat, slat = lat - _LAT0, lat + _LAT0
    m = b * _F0 * (
        (1 + n + 5 / 4 * n**2 + 5 / 4 * n**3) * dlat
        - (3 * n + 3 * n**2 + 21 / 8 * n**3) * math.sin(dlat) * math.cos(slat)
        + (15 / 8 * n**2 + 15 / 8 * n**3) * math.sin(2 * dlat) * math.cos(2 * slat)
        - 35 / 24 * n**3 * math.sin(3 * dlat) * math.cos(3 * slat)
    )
    one = m + _N0
    two = nu / 2 * sin_lat * cos_lat
    three = nu / 24 * sin_lat * cos_lat**3 * (5 - tan_lat**2 + 9 * eta2)
    three_a = nu / 720 * sin_lat * cos_lat**5 * (61 - 58 * tan_lat**2 + tan_lat**4)
    four = nu * cos_lat
    five = nu / 6 * cos_lat**3 * (nu / rho - tan_lat**2)
    six = nu / 120 * cos_lat**5 * (5 - 18 * tan_lat**2 + tan_lat**4 + 14 * eta2 - 58 * tan_lat**2 * eta2)
    dlon = lon - _LON0
    northing = one + two * dlon**2 + three * dlon**4 + three_a * dlon**6
    easting = _E0 + four * dlon + five * dlon**3 + six * dlon**5
    return easting, northing


def wgs84_to_osgb36(lat: float, long: float) -> tuple[float, float]:
    """WGS84 latitude/longitude (degrees, as GPS and the gazetteer give) to (easting, northing)."""
    return osgb36_to_grid(*helmert_wgs84_to_osgb36(lat, long))
