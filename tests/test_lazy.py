"""slimcompat._lazy: the one loader behind every lazy package.

Checks the helper on a module made here (what it resolves, binds, lists and
raises), `LazyModule`, and that the packages use it rather than a module
``__getattr__`` of their own (only the contrib stand-ins, which load
nothing, write theirs: they raise the alias table's hinted errors).
"""

import ast
import os
import sys
import types

import pytest

from slimcompat import _lazy

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture
def module():
  made = types.ModuleType('lazy_probe')
  sys.modules['lazy_probe'] = made
  made.__getattr__, made.__dir__ = _lazy.attribute_loader(
      'lazy_probe', {'json_module': 'json', 'dumps': ('json', 'dumps')},
      reference='probe_reference', fallback=lambda name: name.upper(),
      fallback_names=['shout'])
  yield made
  del sys.modules['lazy_probe']


def test_resolves_and_binds(module):
  import json
  assert module.json_module is json
  assert module.dumps is json.dumps
  assert module.shout == 'SHOUT'
  # Bound in the module: the second lookup does not reach __getattr__.
  assert vars(module)['dumps'] is json.dumps
  assert vars(module)['shout'] == 'SHOUT'


def test_dir_lists_what_it_serves(module):
  listing = dir(module)
  assert {'json_module', 'dumps', 'shout'} <= set(listing)
  assert listing == sorted(listing)


def test_unknown_name_error(module):
  with pytest.raises(AttributeError) as info:
    module.nothing
  assert str(info.value) == (
      "module 'lazy_probe' has no attribute 'nothing' (probe_reference has "
      'no such name either, or slimcompat does not provide it yet)')
  assert 'nothing' not in vars(module)


def test_lazy_module_imports_on_first_read():
  name = 'slimcompat._lazy_probe_target_does_not_exist'
  stand_in = _lazy.LazyModule(name)  # making it imports nothing
  assert name in repr(stand_in)
  with pytest.raises(ModuleNotFoundError):
    stand_in.anything
  assert _lazy.LazyModule('json').dumps([1]) == '[1]'


@pytest.mark.parametrize('package, name, reference', [
    ('slimcompat', 'no_such_name', 'tf_slim'),
    ('slimcompat.nets', 'no_such_net', 'tf_slim.nets'),
    ('slimcompat.data', 'no_such_module', 'tf_slim.data'),
    ('slimcompat.v1_layers', 'NoSuchLayer', 'tf.compat.v1.layers'),
])
def test_packages_share_the_wording(package, name, reference):
  target = __import__(package, fromlist=['_'])
  with pytest.raises(AttributeError) as info:
    getattr(target, name)
  assert str(info.value) == str(_lazy.missing_attribute(package, name,
                                                        reference))


def test_no_hand_written_module_getattr():
  written = []
  for folder, _, files in os.walk(os.path.join(ROOT, 'slimcompat')):
    for file_name in files:
      if not file_name.endswith('.py'):
        continue
      path = os.path.join(folder, file_name)
      with open(path, encoding='utf-8') as f:
        tree = ast.parse(f.read())
      if any(isinstance(node, ast.FunctionDef) and node.name == '__getattr__'
             for node in tree.body):
        written.append(os.path.relpath(path, ROOT))
  assert all(p.startswith(os.path.join('slimcompat', 'contrib'))
             for p in written), written
