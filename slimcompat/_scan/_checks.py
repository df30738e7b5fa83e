"""What stands between a use and a working program, each with a one-line fix.

`Checker.check(use)` sorts one `_names.Use` into a `Finding` (or None when the
name is fine): a ``tf_slim`` / ``tf.contrib`` name slimcompat does not serve,
a ``tf.X`` / ``tf.compat.v1.X`` name the installed TensorFlow lacks, a private
``tensorflow.python`` import, a name that only ``tf.compat.v1`` has (the file
needs ``slimcompat run --tf1``), or a Python 2 idiom.  Kinds:

    syntax, python2-syntax, encoding   the file cannot be parsed
    unreadable         the file cannot be read, or the reader failed on it
    not-served         a tf_slim / tf.contrib name slimcompat does not serve
    unsupported-on-call  served, but raises when called
    tf-missing         a TensorFlow name the installed TensorFlow lacks
    private-tf         a tensorflow.python import (blocks when it is gone)
    needs-tf1          only tf.compat.v1 has it: run with --tf1 (never blocks)
    python2            a Python 2 name or method that Python 3 lacks
    numpy-removed      a NumPy alias NumPy removed (np.int, np.float_ ...)

A finding blocks when its kind can fail at run time and no ``try`` guards it;
a blocking finding with a ``condition`` may block (its branch may not run).
A legacy Python or NumPy name that ``slimcompat run --tf1`` serves (the
table `slimcompat._legacy_python`) is ``served``: it does not block the run,
and blocks plain ``python`` (``blocks_python``).  An ``except ImportError``
fallback whose ``try`` imports all exist here never runs: its names are
``guarded``.
"""

import collections
import re

from slimcompat import _legacy_python
from slimcompat._scan import _installed
from slimcompat._scan import _names

Finding = collections.namedtuple(
    'Finding',
    'file line kind name context function main blocking hint condition '
    'served blocks_python', defaults=(None, None, None))
Finding.__doc__ = """One thing that stands in the way, with its fix (`hint`).

condition: the `_names.Use` condition of a call-time finding inside a branch
that may not run (``if FLAGS.quantize``): it blocks only if the branch runs;
served: 'run --tf1' when ``slimcompat run --tf1`` serves the name (then
`blocking` is False and `blocks_python` says whether plain ``python`` fails
on it); blocks_python: None means the same as `blocking`.
"""

NON_BLOCKING_KINDS = ('needs-tf1',)

# Python 2 names and modules -> what Python 3 code uses instead.
PY2_HINTS = {
    'builtins.xrange': 'use range',
    'builtins.unicode': 'use str',
    'builtins.basestring': 'use str',
    'builtins.raw_input': 'use input',
    'builtins.unichr': 'use chr',
    'builtins.execfile': 'use exec(open(path).read())',
    'builtins.reduce': 'use functools.reduce',
    'builtins.long': 'use int',
    'builtins.cmp': 'compare with (a > b) - (a < b), sort with key=',
    'builtins.file': 'use open',
    'builtins.reload': 'use importlib.reload',
    'builtins.buffer': 'use memoryview',
    'dict.iteritems': 'use .items()',
    'dict.itervalues': 'use .values()',
    'dict.iterkeys': 'use .keys()',
    'dict.has_key': 'use `key in d`',
    'cPickle': 'use pickle',
    'cStringIO': 'use io.StringIO / io.BytesIO',
    'StringIO': 'use io.StringIO / io.BytesIO',
    'urllib2': 'use urllib.request',
    'urlparse': 'use urllib.parse',
    'Queue': 'use queue',
    'ConfigParser': 'use configparser',
    '__builtin__': 'use builtins',
    'string.letters': 'use string.ascii_letters',
    'string.lowercase': 'use string.ascii_lowercase',
    'string.uppercase': 'use string.ascii_uppercase',
    'string.maketrans': 'use str.maketrans',
    'string.join': 'use sep.join(items)',
    'string.atoi': 'use int',
    'sys.maxint': 'use sys.maxsize',
    'os.getcwdu': 'use os.getcwd',
    'itertools.izip': 'use zip',
    'itertools.imap': 'use map',
    'itertools.ifilter': 'use filter',
    'itertools.izip_longest': 'use itertools.zip_longest',
    'scipy.misc.imread': 'removed from SciPy: use imageio.imread or PIL.Image',
    'scipy.misc.imsave': 'removed from SciPy: use imageio.imwrite',
    'scipy.misc.imresize': 'removed from SciPy: use PIL.Image.resize',
}
# Every name of the runtime's table is checked too, so that the scan reports
# each one it serves (the hint above wins where there is one).
PY2_HINTS.update({
    **{'builtins.' + n: 'use ' + new
       for n, new in _legacy_python.PY2_BUILTINS.items()},
    **{m: 'use ' + new for m, new in _legacy_python.PY2_MODULES.items()},
    **{'%s.%s' % key: 'use ' + new
       for key, new in _legacy_python.PY2_ATTRIBUTES.items()},
    **PY2_HINTS})
_PY2_ROOTS = frozenset(name.split('.')[0] for name in PY2_HINTS)

# TensorFlow names (after ``tensorflow.`` / ``tensorflow.compat.v1.``) that
# are known to go away, longest prefix first -> hint.
TF_HINTS = (
    ('estimator', 'tf.estimator was removed in TensorFlow 2.16: pin '
     'tensorflow<=2.15 or port to a custom training loop'),
    ('layers', 'tf.compat.v1.layers needs Keras 2: install tf_keras '
     '(TF_USE_LEGACY_KERAS=1) or use the slim layers (slim.conv2d ...)'),
    ('nn.rnn_cell', 'TF1 RNN cells need Keras 2: install tf_keras '
     '(TF_USE_LEGACY_KERAS=1) or port them to the Keras RNN layer'),
    ('contrib', 'tf.contrib is gone from TensorFlow 2: see `slimcompat run` '
     'for what slimcompat serves'),
)
PRIVATE_HINTS = {
    'tensorflow.python.pywrap_tensorflow.NewCheckpointReader':
        'use tf.train.load_checkpoint(path)',
    'tensorflow.python.framework.ops.Tensor': 'use tf.Tensor',
    'tensorflow.python.framework.graph_util.convert_variables_to_constants':
        'use tf.compat.v1.graph_util.convert_variables_to_constants',
}
_PRIVATE_HINT = 'a private TensorFlow module: use its public tf / tf.compat.v1 name'
_TF1_HINT = ('only tf.compat.v1 has it: run with `slimcompat run --tf1`, or '
             'write `import tensorflow.compat.v1 as tf`')

_PY2_SYNTAX = re.compile(
    r"Missing parentheses in call to '(print|exec)'|"
    r'leading zeros in decimal integer|multiple exception types must be '
    r'parenthesized|invalid decimal literal|invalid hexadecimal literal|'
    r'invalid syntax')
_PY2_LINE = re.compile(
    r'^\s*(print\s+[^\s(=]|print\s*$|exec\s+["\'\w])|\bexcept\s+[\w.]+\s*,\s*'
    r'\w+\s*:|\braise\s+\w+\s*,|\b\d+[lL]\b|\b0\d+\b|`|<>|\bur["\']')


def interesting(name):
  """Dotted names the scan records: TensorFlow, tf_slim, Python 2 modules,
  NumPy's removed aliases (not a call's result: ``tf.Session().run``)."""
  if '(' in name:
    return False
  root = name.split('.', 1)[0]
  if root in ('tensorflow', 'tf_slim'):
    return True
  if root in _PY2_ROOTS:
    return _py2_key(name) is not None
  if root == 'numpy':
    return _numpy_key(name) is not None
  return False


def _numpy_key(name):
  parts = name.split('.')
  if len(parts) >= 2 and parts[1] in _legacy_python.NUMPY_REMOVED:
    return parts[1]
  return None


def _release(version):
  return tuple(int(''.join(c for c in part if c.isdigit()) or 0)
               for part in version.split('.')[:2])


def served_by_runner(name):
  """Whether ``slimcompat run --tf1`` serves this Python 2 name (its table)."""
  parts = name.split('.')
  if parts[0] == 'builtins':
    return parts[-1] in _legacy_python.PY2_BUILTINS
  if parts[0] in _legacy_python.PY2_MODULES:
    return True
  return tuple(parts[:2]) in _legacy_python.PY2_ATTRIBUTES


def _py2_key(name):
  parts = name.split('.')
  for cut in range(len(parts), 0, -1):
    key = '.'.join(parts[:cut])
    if key in PY2_HINTS:
      return key
  return None


def is_legacy(name):
  return (name == 'tf_slim' or name.startswith('tf_slim.') or
          name == 'tensorflow.contrib' or name.startswith('tensorflow.contrib.'))


def normalise(name):
  """``tensorflow.compat.v1.contrib.x`` is ``tensorflow.contrib.x``."""
  for prefix in ('tensorflow.compat.v1', 'tensorflow.compat.v2'):
    if name == prefix or name.startswith(prefix + '.'):
      return 'tensorflow' + name[len(prefix):]
  return name


def source_finding(filename, error):
  """The finding for a file that cannot be decoded or parsed."""
  line = getattr(error, 'lineno', None) or 1
  message = '%s: %s' % (type(error).__name__, getattr(error, 'msg', None) or
                        str(error))
  text = getattr(error, 'text', None) or ''
  if isinstance(error, OSError):
    kind, hint = 'unreadable', 'check the file exists and can be read'
  elif isinstance(error, (UnicodeError, ValueError)) or 'codec' in message:
    kind, hint = 'encoding', 'save it as UTF-8 or declare its encoding'
  elif isinstance(error, SyntaxError) and (
      _PY2_LINE.search(text) and _PY2_SYNTAX.search(message) or
      'Missing parentheses' in message):
    kind, hint = 'python2-syntax', 'Python 2 source: port it (2to3 does most)'
  else:
    kind, hint = 'syntax', 'fix the syntax error'
  return Finding(filename, line, kind, message.strip(), 'import-time', None,
                 False, True, hint)


def reader_finding(filename, error):
  """The `unreadable` finding for a file the reader failed on."""
  return Finding(filename, 1, 'unreadable', '%s: %s' % (
      type(error).__name__, (str(error).splitlines() or [''])[0][:200]),
                 'import-time', None, False, True,
                 'the scan could not read this file (nested too deeply, or '
                 'a reader fault): check it by hand')


class Checker(object):
  """Turns the uses of one scan into findings, asking `installed` once a name."""

  def __init__(self, installed):
    self.installed = installed
    self._verdicts = {}

  def _finding(self, filename, use, kind, hint, blocking=True, served=None):
    context = 'guarded' if self._fallback_only(use) else use.context
    blocking = (blocking and context != 'guarded' and
                kind not in NON_BLOCKING_KINDS)
    if served is None:
      return Finding(filename, use.line, kind, use.name, context,
                     use.function, use.main, blocking, hint, use.condition)
    return Finding(filename, use.line, kind, use.name, context,
                   use.function, use.main, False, hint, use.condition, served,
                   blocking)

  def _fallback_only(self, use):
    """True for a use in an ``except ImportError`` that cannot run here."""
    if not use.fallback:
      return False
    return all(self.installed.importable(m) for m in use.fallback)

  def check(self, filename, use, other_stars=False):
    """A `Finding` for `use` in `filename`, or None if nothing is wrong."""
    # The answer depends on the name and how it is reached, not on where.
    key = (use.name, use.call, use.import_, use.star, other_stars)
    if key not in self._verdicts:
      probe = _names.Use(0, use.name, 'import-time', None, False, use.call,
                         use.import_, use.star)
      self._verdicts[key] = self._check(filename, probe, other_stars)
    found = self._verdicts[key]
    if found is None:
      return None
    if found.served is not None:
      return self._finding(filename, use, found.kind, found.hint,
                           found.blocks_python, found.served)
    return self._finding(filename, use, found.kind, found.hint,
                         found.blocking)

  def _check(self, filename, use, other_stars):
    name = use.name
    if name.startswith('numpy.'):
      return self._numpy(filename, use)
    key = _py2_key(name)
    if key is not None and name.split('.')[0] not in ('tensorflow', 'tf_slim'):
      served = (self.installed.legacy_python_served() and
                served_by_runner(name))
      return self._finding(filename, use, 'python2', PY2_HINTS[key],
                           served='run --tf1' if served else None)
    plain = normalise(name)
    if is_legacy(plain):
      return self._legacy(filename, use, plain, other_stars)
    if plain == 'tensorflow.python' or plain.startswith('tensorflow.python.'):
      return self._private(filename, use)
    if name.startswith('tensorflow'):
      return self._tensorflow(filename, use)
    return None

  def _subpackage(self, rest):
    """Whether ``tensorflow.<first part of rest>`` is a package here."""
    first = rest.split('.')[0]
    if first in ('', 'python', 'contrib', 'compat', '_api'):
      return False
    return self.installed.importable('tensorflow.' + first)

  def _numpy(self, filename, use):
    """`numpy-removed` for an alias the installed NumPy lacks; a warning
    (not blocking) for one a later NumPy removed."""
    alias = _numpy_key(use.name)
    removed_in, meaning = _legacy_python.NUMPY_REMOVED[alias]
    version = self.installed.numpy_version()
    gone = version is None or alias in _legacy_python.numpy_removed(version)
    fix = 'np.%s means %s: write %s' % (
        alias, meaning.replace('numpy.', 'np.'),
        meaning.replace('numpy.', 'np.'))
    if not gone:
      if _release(version) >= _release(removed_in):
        return None  # a name NumPy brought back (np.bool in NumPy 2)
      return self._finding(filename, use, 'numpy-removed',
                           'removed in NumPy %s (NumPy %s here still has it); '
                           '%s' % (removed_in, version, fix), blocking=False)
    served = self.installed.legacy_python_served()
    return self._finding(filename, use, 'numpy-removed',
                         'removed in NumPy %s (NumPy %s here); %s' % (
                             removed_in, version or 'missing', fix),
                         served='run --tf1' if served else None)

  def _legacy(self, filename, use, plain, other_stars):
    verdict, hint = self.installed.legacy(plain)
    if verdict == _installed.SERVED:
      return None
    if use.star and other_stars:
      return None  # the name may come from another star import
    if verdict == _installed.UNSUPPORTED_ON_CALL:
      if not use.call:
        return None
      return self._finding(filename, use, 'unsupported-on-call', hint)
    return self._finding(filename, use, 'not-served',
                         hint or 'not served by slimcompat: port it to TF 2')

  def _private(self, filename, use):
    found, why = self.installed.module(use.name)
    hint = PRIVATE_HINTS.get(normalise(use.name), _PRIVATE_HINT)
    if found is False:
      return self._finding(filename, use, 'private-tf',
                           'gone from TensorFlow %s (%s); %s' % (
                               self.installed.tf_version, why, hint))
    return self._finding(filename, use, 'private-tf', hint, blocking=False)

  def _tensorflow(self, filename, use):
    name = use.name
    if name == 'tensorflow':
      return None
    explicit_v1 = name.startswith('tensorflow.compat.v1.')
    rest = normalise(name)[len('tensorflow.'):]
    # slimcompat serves the TF1 layers and cells (one switch) where
    # TensorFlow's own need Keras 2.
    if (any(rest == served or rest.startswith(served + '.')
            for served in ('layers', 'nn.rnn_cell')) and
        self.installed.serves_v1_layers()):
      return None
    if (use.import_ or self._subpackage(rest)) and not explicit_v1:
      # tensorflow.core.* (the public protobuf modules) and the like are
      # packages that `tf.` does not expose as attributes: find the module.
      found, why = self.installed.module(name)
      if found is not False:
        return None
    if explicit_v1:
      found, why = self.installed.tf_name(rest, v1=True)
      in_v1 = found
    else:
      found, why = self.installed.tf_name(rest, v1=False)
      in_v1 = None
      if found is False:
        in_v1, why_v1 = self.installed.tf_name(rest, v1=True)
        if in_v1:
          return self._finding(filename, use, 'needs-tf1', _TF1_HINT)
        why = why_v1 or why
    if found is None or found or in_v1:
      return None  # unchecked (no TensorFlow) or present
    hint = next((h for prefix, h in TF_HINTS
                 if rest == prefix or rest.startswith(prefix + '.')), None)
    return self._finding(filename, use, 'tf-missing', hint or (
        'not in TensorFlow %s (%s): find its TF 2 replacement' % (
            self.installed.tf_version, why)))
