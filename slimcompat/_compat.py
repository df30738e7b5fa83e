"""Every TensorFlow version difference slimcompat cares about, named once.

slimcompat supports TensorFlow 2.12 to 2.21.  Code elsewhere in the package asks
this module (``_compat.TF_VERSION``, or one of the functions below that hide a
difference or a private TensorFlow attribute) instead of comparing
``tf.__version__`` or reaching into TensorFlow itself, so that the whole list
of differences stays in one short file.
"""

import importlib
import importlib.util
import os
import re
import sys

SUPPORTED_MIN = (2, 12)
SUPPORTED_TEXT = 'TensorFlow 2.12 to 2.21'
INSTALL_HINT = ('install one with `pip install "slimcompat[cpu]"` '
                '(tensorflow-cpu) or `pip install "slimcompat[tensorflow]"`, '
                'or keep the tensorflow / tensorflow-cpu / GPU build you have')


def _parse_version(text):
  numbers = re.findall(r'\d+', text or '')
  return tuple(int(n) for n in numbers[:3]) + (0,) * (3 - len(numbers[:3]))


def _load_tensorflow():
  try:
    module = importlib.import_module('tensorflow')
  except ImportError as err:
    raise ImportError(
        'slimcompat needs TensorFlow (%s) but it could not be imported (%s); %s.'
        % (SUPPORTED_TEXT, err, INSTALL_HINT)) from err
  version = _parse_version(getattr(module, '__version__', ''))
  if version[:2] < SUPPORTED_MIN:
    raise ImportError(
        'slimcompat supports %s, but TensorFlow %s is installed; %s.' %
        (SUPPORTED_TEXT, getattr(module, '__version__', '?'), INSTALL_HINT))
  return module, version


tf2, TF_VERSION = _load_tensorflow()
tf = tf2.compat.v1

# From TF 2.16 the Keras that TensorFlow bundles is Keras 3, under which TF's
# own Keras-2 code (the TF1 layers module, keras.utils' variable tracking)
# stops working; slimcompat serves its own replacements there.
KERAS3_ERA = TF_VERSION >= (2, 16, 0)


def tensorflow_keras2_runs():
  """Whether TensorFlow's own Keras-2 code (its TF1 layers module, the
  variable-tracking decorator of keras.utils) can run here.

  Always before TF 2.16; from 2.16 on only with ``tf_keras`` installed and
  ``TF_USE_LEGACY_KERAS`` set, which is how TensorFlow picks it.  Decided
  without importing Keras (a meta-path probe only).
  """
  if not KERAS3_ERA:
    return True
  legacy = os.environ.get('TF_USE_LEGACY_KERAS', '') in ('true', 'True', '1')
  try:
    return legacy and importlib.util.find_spec('tf_keras') is not None
  except (ImportError, ValueError):
    return False


def tf_v1_modules():
  """Every module object that is ``tf.compat.v1``: slimcompat's `tf`, and the
  module registered under that name where TensorFlow keeps a second one.
  What a served replacement of one of its attributes must patch.  Looked up
  in sys.modules only: importing the name would make TensorFlow probe for
  Keras."""
  modules = [tf]
  registered = sys.modules.get('tensorflow.compat.v1')
  if registered is not None and registered is not tf:
    modules.append(registered)
  return modules


def save_slice_info(variable):
  """The slice description of a partition of a partitioned variable, or None.

  TensorFlow keeps it on a private attribute of the variable; there is no
  public accessor, so this is the one place that reads it.
  """
  return getattr(variable, '_save_slice_info', None)


def tf2_behavior_enabled():
  """False after `tf.compat.v1.disable_v2_behavior()`, True otherwise.

  Gradient code that must build the same graph as tf-slim picks `tf.gradients`
  (v2: gradients colocated with their ops) or `tf.compat.v1.gradients` by this
  switch.  TensorFlow exposes it only under ``tf.__internal__``; without it we
  assume the TF2 default.
  """
  internal = getattr(getattr(tf2, '__internal__', None), 'tf2', None)
  enabled = getattr(internal, 'enabled', None)
  return True if enabled is None else bool(enabled())


def in_xla_context(graph):
  """Whether ops added to `graph` now are compiled by XLA (TPU, jit scopes).

  The control flow context of a graph (and of the graphs that enclose a
  function graph) is private to TensorFlow; this is the one place that reads
  it.  XLA ignores control dependencies, which `recompute_grad` relies on.
  """
  while graph is not None:
    get_context = getattr(graph, '_get_control_flow_context', None)
    context = get_context() if get_context is not None else None
    while context is not None:
      if context.IsXLAContext():
        return True
      context = getattr(context, 'outer_context', None)
    graph = getattr(graph, 'outer_graph', None)
  return False


def autograph_layer_call(method):
  """`method` as the legacy TF1 `Layer` class runs `call`: through AutoGraph.

  tf.layers converts a subclassed layer's `call` with AutoGraph (honouring an
  enclosing tf.function's setting), so Python `if`/`while` on tensors inside
  user functions work.  The converter is exported only under
  ``tf.__internal__.autograph`` (for Keras); without it `method` runs as is.
  """
  autograph = getattr(getattr(tf2, '__internal__', None), 'autograph', None)
  if autograph is None or not hasattr(autograph, 'tf_convert'):
    return method
  return autograph.tf_convert(method, autograph.control_status_ctx())


def proto_message_class(descriptor):
  """The message class of protobuf `descriptor`.

  TensorFlow 2.12 allows protobuf 3.20 (``MessageFactory.GetPrototype``);
  protobuf 4.21+ has ``message_factory.GetMessageClass`` and 5.x dropped
  ``GetPrototype``.
  """
  from google.protobuf import message_factory  # pylint: disable=import-outside-toplevel
  get_class = getattr(message_factory, 'GetMessageClass', None)
  if get_class is not None:
    return get_class(descriptor)
  return message_factory.MessageFactory(descriptor.file.pool).GetPrototype(
      descriptor)
