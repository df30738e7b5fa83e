"""The leftovers of old Python and old NumPy that slim-era scripts still use.

One table, read by two sides that must agree: `slimcompat run --tf1` serves
these names to the script it runs (unless ``--no-legacy-python``), and
`slimcompat scan` reports them as *served by run --tf1* (blocking under plain
``python``).  Nothing here changes NumPy, ``builtins`` or ``sys.modules``:
this module is data and a resolver only.

Each entry maps the legacy spelling to the text of what it used to mean
(``'int'`` a builtin, ``'numpy.float64'`` a dotted path), which `resolve`
turns into the object.
"""

import builtins
import importlib

# NumPy attributes that NumPy removed -> (the NumPy release that removed it,
# what the name meant).  An alias is only served where the installed NumPy
# lacks it (NumPy 2 brought `numpy.bool` and `numpy.long` back as NumPy types).
NUMPY_REMOVED = {
    # Deprecated in 1.20, removed in 1.24: aliases of Python's builtins.
    'int': ('1.24', 'int'),
    'bool': ('1.24', 'bool'),
    'float': ('1.24', 'float'),
    'complex': ('1.24', 'complex'),
    'object': ('1.24', 'object'),
    'str': ('1.24', 'str'),
    'long': ('1.24', 'int'),
    'unicode': ('1.24', 'str'),
    # Removed in 2.0 (NEP 52): spellings of names NumPy keeps.
    'float_': ('2.0', 'numpy.float64'),
    'complex_': ('2.0', 'numpy.complex128'),
    'cfloat': ('2.0', 'numpy.complex128'),
    'longfloat': ('2.0', 'numpy.longdouble'),
    'singlecomplex': ('2.0', 'numpy.complex64'),
    'longcomplex': ('2.0', 'numpy.clongdouble'),
    'clongfloat': ('2.0', 'numpy.clongdouble'),
    'string_': ('2.0', 'numpy.bytes_'),
    'unicode_': ('2.0', 'numpy.str_'),
    'int0': ('2.0', 'numpy.intp'),
    'uint0': ('2.0', 'numpy.uintp'),
    'bool8': ('2.0', 'numpy.bool_'),
    'product': ('2.0', 'numpy.prod'),
    'cumproduct': ('2.0', 'numpy.cumprod'),
    'alltrue': ('2.0', 'numpy.all'),
    'sometrue': ('2.0', 'numpy.any'),
    'round_': ('2.0', 'numpy.round'),
    'NaN': ('2.0', 'numpy.nan'),
    'NAN': ('2.0', 'numpy.nan'),
    'Inf': ('2.0', 'numpy.inf'),
    'Infinity': ('2.0', 'numpy.inf'),
    'infty': ('2.0', 'numpy.inf'),
    'PINF': ('2.0', 'numpy.inf'),
}

# Python 2 module names -> the Python 3 module that holds what they held.
# (`StringIO.StringIO` and `cStringIO.StringIO` are `io.StringIO`; `urllib2`
# spread over `urllib.request` and `urllib.error`.)
PY2_MODULES = {
    'Queue': 'queue',
    'cPickle': 'pickle',
    'StringIO': 'io',
    'cStringIO': 'io',
    'ConfigParser': 'configparser',
    'urllib2': 'urllib.request',
    'urlparse': 'urllib.parse',
    '__builtin__': 'builtins',
    'HTMLParser': 'html.parser',
    'httplib': 'http.client',
    'cookielib': 'http.cookiejar',
    'copy_reg': 'copyreg',
    'commands': 'subprocess',
}

# Extra names a Python 2 module had beyond its Python 3 module's.
PY2_MODULE_EXTRAS = {
    'urllib2': {'URLError': 'urllib.error.URLError',
                'HTTPError': 'urllib.error.HTTPError'},
    'ConfigParser': {'SafeConfigParser': 'configparser.ConfigParser'},
    'commands': {'getoutput': 'subprocess.getoutput',
                 'getstatusoutput': 'subprocess.getstatusoutput'},
}

# Python 2 builtins -> what they meant in Python 3 terms.
PY2_BUILTINS = {
    'xrange': 'range',
    'raw_input': 'input',
    'unicode': 'str',
    'basestring': 'str',
    'long': 'int',
    'unichr': 'chr',
    'reduce': 'functools.reduce',
}

# Attributes Python 2 modules had that are harmless to add back.
PY2_ATTRIBUTES = {
    ('itertools', 'izip'): 'zip',
    ('itertools', 'imap'): 'map',
    ('itertools', 'ifilter'): 'filter',
    ('itertools', 'izip_longest'): 'itertools.zip_longest',
    ('itertools', 'ifilterfalse'): 'itertools.filterfalse',
    ('string', 'letters'): 'string.ascii_letters',
    ('string', 'lowercase'): 'string.ascii_lowercase',
    ('string', 'uppercase'): 'string.ascii_uppercase',
    ('sys', 'maxint'): 'sys.maxsize',
}


def resolve(meaning):
  """The object a table entry's meaning names (``'int'``, ``'numpy.nan'``)."""
  if '.' not in meaning:
    return getattr(builtins, meaning)
  module, _, name = meaning.rpartition('.')
  return getattr(importlib.import_module(module), name)


def numpy_removed(version):
  """The `NUMPY_REMOVED` names that NumPy `version` (a string) lacks."""
  have = _release(version)
  return sorted(name for name, (removed, _) in NUMPY_REMOVED.items()
                if have >= _release(removed) and
                not (name in ('bool', 'long') and have >= (2, 0)))


def _release(version):
  parts = []
  for part in version.split('.')[:2]:
    digits = ''.join(c for c in part if c.isdigit())
    parts.append(int(digits or 0))
  return tuple(parts)
