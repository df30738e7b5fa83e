"""slimcompat uses public TensorFlow only, and never Keras or tf-slim.

An AST scan of every ``.py`` file under ``slimcompat/`` rejects imports of
``tensorflow.python*``, ``keras*``, ``tf_keras*`` and ``tf_slim*`` (statements
and ``importlib.import_module`` / ``__import__`` with a literal name), the
attribute paths ``*.keras`` and ``tf.layers`` / ``tf.compat.v1.layers``, and
NumPy names missing from part of the supported NumPy range (``np.object``...).  A
subprocess then imports slimcompat with keras, tf_keras and tf_slim made
unimportable.
"""

import ast
import os
import subprocess
import sys
import textwrap

import pytest

# The scanner's own reading of an attribute chain ('a.b.c'), not a copy.
from slimcompat._scan._names import dotted as _dotted
from tests.child_env import child_env

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = os.path.join(ROOT, 'slimcompat')
FORBIDDEN_MODULES = ('tensorflow.python', 'keras', 'tf_keras', 'tf_slim')
# Names slimcompat code binds TensorFlow (or its v1 API) to.
TF_NAMES = {'tf', 'tf1', 'tf2', 'v1', 'tfv1', 'tf_v1', 'tensorflow', 'compat'}
# NumPy names that exist on only part of the supported NumPy range (1.23 to
# 2.x): removed in 1.24 or 2.0, or (np.bool, np.long) back only in 2.0.
NUMPY_PARTIAL = {'bool', 'int', 'float', 'complex', 'object', 'str', 'long',
                 'unicode', 'product', 'cumproduct', 'alltrue', 'sometrue',
                 'asscalar', 'round_', 'float_', 'complex_', 'string_',
                 'unicode_', 'NaN', 'Inf', 'infty', 'PINF', 'NINF', 'in1d',
                 'trapz', 'row_stack', 'msort'}


def _python_files():
  found = []
  for directory, _, files in os.walk(PACKAGE):
    for name in files:
      if name.endswith('.py'):
        found.append(os.path.join(directory, name))
  return sorted(found)


def _forbidden_module(name):
  return any(name == bad or name.startswith(bad + '.')
             for bad in FORBIDDEN_MODULES)


def violations(source, filename='<source>'):
  """(line, what) for each forbidden import or attribute use in `source`."""
  found = []
  for node in ast.walk(ast.parse(source, filename)):
    if isinstance(node, ast.Import):
      for alias in node.names:
        if _forbidden_module(alias.name):
          found.append((node.lineno, 'import %s' % alias.name))
    elif isinstance(node, ast.ImportFrom):
      module = node.module or ''
      if node.level == 0 and _forbidden_module(module):
        found.append((node.lineno, 'from %s import ...' % module))
      elif node.level == 0 and module in ('tensorflow', 'tensorflow.compat'):
        for alias in node.names:
          if alias.name in ('python', 'keras'):
            found.append((node.lineno, 'from %s import %s' % (module,
                                                             alias.name)))
    elif isinstance(node, ast.Call):
      function = _dotted(node.func) or ''
      if function.split('.')[-1] in ('import_module', '__import__') and (
          node.args and isinstance(node.args[0], ast.Constant) and
          isinstance(node.args[0].value, str) and
          _forbidden_module(node.args[0].value)):
        found.append((node.lineno, '%s(%r)' % (function,
                                               node.args[0].value)))
      if function == 'getattr' and len(node.args) >= 2 and isinstance(
          node.args[1], ast.Constant) and node.args[1].value in ('keras',
                                                                 'layers'):
        owner = _dotted(node.args[0]) or ''
        if node.args[1].value == 'keras' or owner.split('.')[-1] in TF_NAMES:
          found.append((node.lineno, 'getattr(%s, %r)' % (
              owner or '...', node.args[1].value)))
    elif isinstance(node, ast.Attribute):
      if node.attr == 'keras':
        found.append((node.lineno, '%s' % (_dotted(node) or '....keras')))
      elif (node.attr in NUMPY_PARTIAL and isinstance(node.value, ast.Name)
            and node.value.id in ('np', 'numpy')):
        found.append((node.lineno, '%s.%s (not on every supported NumPy)' % (
            node.value.id, node.attr)))
      elif node.attr == 'layers':
        owner = _dotted(node.value)
        if owner and owner.split('.')[-1] in TF_NAMES:
          found.append((node.lineno, '%s.layers' % owner))
  return found


FILES = _python_files()


# The one module allowed to import Keras (3, by its public API, lazily: it
# is imported only when a program asks for slimcompat.SlimLayer or decorates
# the call of a Keras layer), and exactly what it may use.  IMPORT_CHECK
# below skips it and the module that resolves slimcompat.SlimLayer to it.
KERAS_ADAPTER = os.path.join(PACKAGE, '_bridge', '_keras.py')
KERAS_ADAPTER_ALLOWED = {'import keras'}


@pytest.mark.parametrize('path', FILES,
                         ids=[os.path.relpath(p, ROOT) for p in FILES])
def test_uses_public_tensorflow_only(path):
  with open(path) as source:
    found = violations(source.read(), path)
  if path == KERAS_ADAPTER:
    found = [item for item in found if item[1] not in KERAS_ADAPTER_ALLOWED]
  assert not found, '%s uses what slimcompat must not:\n%s' % (
      os.path.relpath(path, ROOT),
      '\n'.join('  line %d: %s' % item for item in found))


def test_there_are_files_to_scan():
  assert os.path.join(PACKAGE, '__init__.py') in FILES
  assert len(FILES) > 5


@pytest.mark.parametrize('snippet', [
    'from tensorflow.python.ops import array_ops',
    'import tensorflow.python.framework.ops as ops',
    'from tensorflow import python',
    'import keras',
    'from keras import layers',
    'import tf_keras.src',
    'import tf_slim',
    'from tf_slim.ops import arg_scope',
    'importlib.import_module("tf_slim.nets")',
    '__import__("keras")',
    'x = tf.keras.layers.Dense',
    'x = tf2.keras',
    'x = tf.layers.conv2d',
    'x = tf.compat.v1.layers.dense',
    'x = v1.layers.flatten',
    'x = getattr(tf, "keras")',
    'x = getattr(tf.compat.v1, "layers")',
    'x = np.object',
    'x = numpy.float',
    'x = np.product(s)',
])
def test_scan_catches(snippet):
  assert violations(snippet), snippet


@pytest.mark.parametrize('snippet', [
    'from slimcompat._compat import tf, tf2',
    'import tensorflow',
    'import tensorflow.compat.v1 as tf',
    'from slimcompat import layers',
    'x = slim.layers.conv2d',
    'x = slimcompat.layers',
    'from . import layers',
    'x = tf.nn.relu',
    'x = np.bool_',
    'x = np.float32',
    'x = np.prod(s)',
    'ALIASES = {"tf_slim": "slimcompat"}',
])
def test_scan_allows(snippet):
  assert not violations(snippet), snippet


# Makes keras, tf_keras and tf_slim unimportable in a fresh interpreter (after
# TensorFlow has loaded); `attempts` records every import that was refused.
BLOCK_KERAS = textwrap.dedent(r'''
    import importlib
    import importlib.abc
    import pkgutil
    import sys

    BLOCKED = ('keras', 'tf_keras', 'tf_slim')
    attempts = []

    class Block(importlib.abc.MetaPathFinder):
      def find_spec(self, fullname, path=None, target=None):
        if fullname.split('.')[0] in BLOCKED:
          attempts.append(fullname)
          raise ImportError('blocked for this test: ' + fullname)
        return None

    def blocked_loaded():
      return sorted(n for n in sys.modules if n.split('.')[0] in BLOCKED)

    # TensorFlow itself imports parts of Keras while it loads (both 2.12 and
    # 2.21 do); that is TensorFlow's business.  Load it first, then make every
    # Keras / tf_keras / tf-slim module unimportable, including those already
    # loaded, and import slimcompat.
    import tensorflow
    for name in blocked_loaded():
      del sys.modules[name]
    sys.meta_path.insert(0, Block())
''')

IMPORT_CHECK = textwrap.dedent(r'''
    import slimcompat
    import slimcompat.layers
    import slimcompat.ops.arg_scope
    import slimcompat.ops.variables
    others = {}
    # The Keras adapter imports Keras by design, only when asked for it
    # (slimcompat.SlimLayer); every other module must not.
    KERAS_ADAPTER = ('slimcompat._bridge._keras',
                     'slimcompat._bridge._slim_layer')
    for info in pkgutil.walk_packages(slimcompat.__path__, 'slimcompat.'):
      if info.name in KERAS_ADAPTER:
        continue
      before = len(attempts)
      try:
        importlib.import_module(info.name)
      except Exception as err:  # only blocked imports concern this test
        others[info.name] = '%s: %s' % (type(err).__name__, err)
      if len(attempts) > before:
        print('BLOCKED-BY', info.name, attempts[before:])
    assert not attempts, 'slimcompat tried to import %s' % attempts
    assert not blocked_loaded(), 'loaded although blocked: %s' % (
        blocked_loaded(),)
    for name, error in sorted(others.items()):
      print('not importable here (not checked):', name, error)

    # With the real tf_slim unimportable, install() still serves it.
    slimcompat.install()
    import tf_slim.layers
    assert tf_slim.layers.__name__ == 'slimcompat.layers', tf_slim.layers
    print('SLIMCOMPAT-OK')
''')


def run_with_keras_blocked(code):
  """Runs `code` in a fresh interpreter after `BLOCK_KERAS`."""
  env = child_env()
  return subprocess.run([sys.executable, '-c', BLOCK_KERAS + code], cwd=ROOT,
                        env=env, capture_output=True, text=True, check=False)


def test_imports_without_keras_and_tf_slim():
  result = run_with_keras_blocked(IMPORT_CHECK)
  assert result.returncode == 0 and 'SLIMCOMPAT-OK' in result.stdout, (
      'slimcompat did not import with keras, tf_keras and tf_slim blocked:\n'
      + result.stdout[-3000:] + result.stderr[-3000:])
