"""Prints the cities of Debian's libgeonames that have a Chinese name: zh name, country code, state.

libgeonames keeps its city records (GeoNames, CC-BY 4.0) inside the shared library and their
translations in gettext catalogues; asking it for each city under a Chinese locale gives the
Chinese name where a translation exists. Run by build.ts; needs libgeonames0 and libgeonames-common.
"""
import ctypes
import locale
import os
import sys

LIB = '/usr/lib/x86_64-linux-gnu/libgeonames.so.0'


def load():
    lib = ctypes.CDLL(LIB if os.path.exists(LIB) else LIB + '.3.0')
    lib.geonames_get_n_cities.restype = ctypes.c_int
    lib.geonames_get_city.restype = ctypes.c_void_p
    lib.geonames_get_city.argtypes = [ctypes.c_int]
    for name in ('geonames_city_get_name', 'geonames_city_get_country_code', 'geonames_city_get_state'):
        fn = getattr(lib, name)
        fn.restype = ctypes.c_char_p
        fn.argtypes = [ctypes.c_void_p]
    return lib


def main():
    os.environ['LANGUAGE'] = sys.argv[1] if len(sys.argv) > 1 else 'zh_CN:zh'
    locale.setlocale(locale.LC_ALL, 'C.UTF-8')
    lib = load()
    out = sys.stdout
    for i in range(lib.geonames_get_n_cities()):
        city = lib.geonames_get_city(i)
        name = lib.geonames_city_get_name(city).decode('utf-8')
        if not any('\u4e00' <= ch <= '\u9fff' for ch in name):
            continue
        code = lib.geonames_city_get_country_code(city).decode('utf-8')
        state = (lib.geonames_city_get_state(city) or b'').decode('utf-8')
        out.write(f'{name}\t{code}\t{state}\n')


main()
