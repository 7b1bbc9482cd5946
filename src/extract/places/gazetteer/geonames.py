"""Prints Debian libgeonames' cities as JSON: each city's GeoNames id, English name, first-level
division (code and name), country, coordinates and population, with its translations, and the
translations of the first-level divisions and of the countries.

libgeonames keeps its city records (GeoNames cities over 15 000 people, CC-BY 4.0) as a GVariant
array `a(sssssssudd)` in a GResource inside the shared library; libgeonames-common ships their
translations as gettext catalogues keyed by GeoNames id (cities), `CC.admin1` (divisions) and `CC`
(countries). Run by build.ts; needs libgeonames0, libgeonames-common and GLib.
"""
import ctypes
import gettext
import json
import sys

LIB = '/usr/lib/x86_64-linux-gnu/libgeonames.so.0'
RESOURCE = b'/com/lomiri/geonames/cities.compiled'
LANGS = ('zh', 'zh_CN', 'zh_TW', 'zh_SG', 'ja')
FIELDS = ('id', 'name', 'admin1', 'state', 'country', 'country_name', 'timezone', 'population', 'lat', 'lon')


def records():
    geonames = ctypes.CDLL(LIB)
    glib = ctypes.CDLL('libglib-2.0.so.0')
    gio = ctypes.CDLL('libgio-2.0.so.0')
    geonames.geonames_get_resource.restype = ctypes.c_void_p
    gio.g_resource_lookup_data.restype = ctypes.c_void_p
    gio.g_resource_lookup_data.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_void_p]
    glib.g_variant_type_new.restype = ctypes.c_void_p
    glib.g_variant_type_new.argtypes = [ctypes.c_char_p]
    glib.g_variant_new_from_bytes.restype = ctypes.c_void_p
    glib.g_variant_new_from_bytes.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int]
    glib.g_variant_n_children.restype = ctypes.c_size_t
    glib.g_variant_n_children.argtypes = [ctypes.c_void_p]
    glib.g_variant_get_child_value.restype = ctypes.c_void_p
    glib.g_variant_get_child_value.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
    glib.g_variant_get_string.restype = ctypes.c_char_p
    glib.g_variant_get_string.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    glib.g_variant_get_uint32.restype = ctypes.c_uint32
    glib.g_variant_get_uint32.argtypes = [ctypes.c_void_p]
    glib.g_variant_get_double.restype = ctypes.c_double
    glib.g_variant_get_double.argtypes = [ctypes.c_void_p]

    data = gio.g_resource_lookup_data(geonames.geonames_get_resource(), RESOURCE, 0, None)
    if not data:
        sys.exit(f'geonames.py: {RESOURCE.decode()} not found in {LIB}')
    array = glib.g_variant_new_from_bytes(glib.g_variant_type_new(b'a(sssssssudd)'), data, 1)
    for i in range(glib.g_variant_n_children(array)):
        city = glib.g_variant_get_child_value(array, i)
        child = [glib.g_variant_get_child_value(city, j) for j in range(len(FIELDS))]
        values = [glib.g_variant_get_string(c, None).decode('utf-8') for c in child[:7]]
        values += [glib.g_variant_get_uint32(child[7]), glib.g_variant_get_double(child[8]), glib.g_variant_get_double(child[9])]
        yield dict(zip(FIELDS, values))


def main():
    catalogues = {}
    for lang in LANGS:
        with open(f'/usr/share/locale/{lang}/LC_MESSAGES/geonames.mo', 'rb') as f:
            catalogues[lang] = gettext.GNUTranslations(f)._catalog
    names = lambda key: {lang: cat[key] for lang, cat in catalogues.items() if cat.get(key)}
    cities, admin1 = [], {}
    # Japanese country names (北朝鮮) are not Chinese usage: only the Chinese catalogues for those.
    countries = {key: {lang: name for lang, name in names(key).items() if lang.startswith('zh')} for key in catalogues['zh'] if len(key) == 2 and key.isupper()}
    for city in records():
        city['names'] = names(city['id'])
        cities.append(city)
        key = f"{city['country']}.{city['admin1']}"
        if key not in admin1:
            admin1[key] = {'name': city['state'], 'names': names(key)}
    json.dump({'cities': cities, 'admin1': admin1, 'countries': countries}, sys.stdout, ensure_ascii=False)


main()
