"""`from tf_slim import *` binds tf_slim's public names (it has no
``__all__``); `from slimcompat import *` must bind the same ones although
the package root loads them lazily."""

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

_PROBE = '''
from %s import *
names = {n for n in dir() if not n.startswith('_')}
print(sorted(names & set(%r)))
'''
# A layer, arg_scope names, variables helpers, a subpackage, a TF1
# leftover, install: each comes from a different table of the root.
_EXPECTED = ('arg_scope', 'add_arg_scope', 'conv2d', 'get_variables',
             'model_variable', 'losses', 'array_ops')


def _bound(package):
  env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL='2', PYTHONPATH=ROOT)
  result = subprocess.run([sys.executable, '-c', _PROBE % (package, _EXPECTED)],
                          cwd=ROOT, env=env, capture_output=True, text=True,
                          check=True)
  return result.stdout.strip().splitlines()[-1]


def test_star_import_binds_what_tf_slims_does():
  assert _bound('slimcompat') == str(sorted(_EXPECTED))


def test_star_import_leaves_out_the_bridge_names():
  env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL='2', PYTHONPATH=ROOT)
  result = subprocess.run(
      [sys.executable, '-c', 'from slimcompat import *\n'
       'print("SlimModule" in dir(), "install" in dir())'],
      cwd=ROOT, env=env, capture_output=True, text=True, check=True)
  assert result.stdout.split()[-2:] == ['False', 'True']
