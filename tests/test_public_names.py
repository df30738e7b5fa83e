"""No public name that tf-slim lacks: the other half of tests/test_surface.py.

test_surface.py proves every public name of a tf-slim 1.1.0 module exists in
slimcompat; this file proves the converse.  For every module path in
``tests/surface_modules.txt``, each public name in ``dir()`` of the slimcompat
module (one not starting with ``_``) must also be in ``dir()`` of the tf_slim
module of the same path, except the deliberate additions listed in
``ADDITIONS``.  Helpers a public module imports (``tf``, ``np``, a layer
function a net uses) are bound under ``_`` names, see docs/ARCHITECTURE.md.

All listed modules are imported on both sides first, so that the submodule
attributes Python binds on a package as a side effect of importing it are the
same on both sides.
"""

import importlib
import types

import pytest

from tests.parity import harness
from tests.test_surface import manifest_modules
from tests.test_surface import ours_name

# slimcompat module -> {name: why slimcompat has it and tf-slim does not}.
ADDITIONS = {
    'slimcompat': {
        'install': 'maps tf_slim / tf.contrib.slim imports to slimcompat',
        'uninstall': 'undoes install()',
        'track_tf1_style_variables': 'TF2 bridge: slim code in a tf.Module',
        'SlimModule': 'TF2 bridge: a tf.Module around a slim model function',
        'load_tf1_checkpoint': 'TF2 bridge: a TF1 checkpoint into the module',
        'SlimLayer': 'TF2 bridge: a Keras 3 layer around a slim model '
                     'function (Keras imported on first access only)',
    },
    'slimcompat.training': {
        name: 'the package stands for training.training when evaluation is '
              'imported first, so it also answers that module\'s names'
        for name in ('add_gradients_summaries', 'clip_gradient_norms',
                     'clip_gradient_norms_fn', 'create_train_op',
                     'multiply_gradients', 'train')
    },
}

MODULES = manifest_modules()


def _import_all():
  harness.reference()
  for name in MODULES:
    importlib.import_module(name)
    importlib.import_module(ours_name(name))
  importlib.import_module('slimcompat.contrib')
  importlib.import_module('slimcompat.v1_layers')
  importlib.import_module('slimcompat.rnn_cell')
  for name in ('track_tf1_style_variables', 'SlimModule',
               'load_tf1_checkpoint'):
    getattr(importlib.import_module('slimcompat'), name)


def _bound_child(module, name):
  """Whether `name` is a child module the import system bound on `module`.

  Importing ``package.child`` (or a legacy alias of it, e.g. TF 1.x's
  ``tensorflow.contrib.metrics.python``, whose parent *is* slimcompat.metrics)
  sets ``package.child``: whether it is there depends on what else the
  process imported, on both sides, so it says nothing about helpers leaking.
  A helper bound by an import statement (``tf``, ``np``, ``importlib``) is
  never such a child: its own name differs, or has no parent.
  """
  value = getattr(module, name, None)
  full = getattr(value, '__name__', None) if isinstance(
      value, types.ModuleType) else None
  return bool(full) and '.' in full and full.rsplit('.', 1)[1] == name


def extra_names(reference_module, our_module):
  """Public names of `our_module`'s dir() that `reference_module` lacks."""
  theirs = set(dir(reference_module))
  return sorted(name for name in dir(our_module)
                if not name.startswith('_') and name not in theirs and
                not _bound_child(our_module, name))


@pytest.mark.parametrize('module_name', MODULES)
def test_no_public_name_beyond_reference(module_name):
  _import_all()
  ours = ours_name(module_name)
  extra = extra_names(importlib.import_module(module_name),
                      importlib.import_module(ours))
  allowed = ADDITIONS.get(ours, {})
  unexpected = [name for name in extra if name not in allowed]
  assert not unexpected, (
      '%s has public names that %s lacks: %s. Bind helpers under a _name '
      '(docs/ARCHITECTURE.md, "Public and private"), or list a deliberate '
      'addition with its reason in ADDITIONS.' % (ours, module_name,
                                                  unexpected))


@pytest.mark.parametrize('ours', sorted(ADDITIONS))
def test_additions_are_still_needed(ours):
  _import_all()
  reference = importlib.import_module('tf_slim' + ours[len('slimcompat'):])
  extra = extra_names(reference, importlib.import_module(ours))
  stale = sorted(set(ADDITIONS[ours]) - set(extra))
  assert not stale, ('ADDITIONS lists names that %s no longer adds (gone, or '
                     'tf-slim has them too): %s' % (ours, stale))


def test_extra_names_spots_a_helper():
  reference = types.ModuleType('reference')
  reference.conv2d = 1
  ours = types.ModuleType('ours')
  ours.conv2d = 1
  ours.tf = 2
  ours._tf = 3
  ours.child = types.ModuleType('ours.child')  # bound by an import: allowed
  ours.np = types.ModuleType('numpy')  # a helper import: spotted
  assert extra_names(reference, ours) == ['np', 'tf']
