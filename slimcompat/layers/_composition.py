"""Layer composition helpers: repeat and stack.

Both open one variable scope ('Repeat' / 'Stack' or the `scope` given) and call
the layer inside it with the scopes `<name>_1`, `<name>_2`, ..., where `<name>`
is `scope` if given, else the layer's function name, e.g. ``conv1/conv1_3`` or
``Stack/fully_connected_3``.
"""

import operator

from slimcompat import _argcheck
from slimcompat._compat import tf

__all__ = ['repeat', 'stack']


def _call_name(layer, scope, fallback):
  """`scope`, else the layer's (or partial's function's) name, else fallback."""
  if scope is not None:
    return scope
  if hasattr(layer, '__name__'):
    return layer.__name__
  if hasattr(layer, 'func') and hasattr(layer.func, '__name__'):
    return layer.func.__name__
  return fallback


def _check_common(function, inputs, layer):
  if inputs is None:
    raise ValueError('%s: inputs is None: pass the first layer\'s input '
                     'tensor. None values not supported.' % function)
  if not callable(layer):
    raise _argcheck.error(TypeError, function, 'layer', layer,
                          'a layer function such as slim.conv2d',
                          'Pass e.g. layer=slim.conv2d.')


def repeat(inputs, repetitions, layer, *args, **kwargs):
  """Applies `layer(outputs, *args, **kwargs)` `repetitions` times in a row.

  ``repeat(x, 3, conv2d, 64, [3, 3], scope='conv1')`` builds the scopes
  'conv1/conv1_1', 'conv1/conv1_2' and 'conv1/conv1_3'.

  Args:
    inputs: the first layer's input.
    repetitions: how many times to apply `layer`.
    layer: a callable `layer(inputs, *args, scope=..., **kwargs)`.
    *args: extra positional arguments for every call.
    **kwargs: extra keyword arguments for every call; `scope` names the outer
      variable scope (default 'Repeat') and the inner ones.

  Returns:
    The last call's output.
  """
  _check_common('repeat', inputs, layer)
  try:
    repetitions = operator.index(repetitions)
  except TypeError:
    raise _argcheck.error(TypeError, 'repeat', 'repetitions', repetitions,
                          'an int (how many times to apply the layer)',
                          'Pass e.g. repetitions=3.') from None
  scope = kwargs.pop('scope', None)
  # A layer that fails on its own arguments fails before creating anything,
  # but inside this scope; one that fails at a later repetition (a shape it
  # cannot take any more) leaves the earlier ones behind, as TensorFlow can
  # only know it by building them.
  with tf.variable_scope(scope, 'Repeat', [inputs]):
    inputs = tf.convert_to_tensor(inputs)
    name = _call_name(layer, scope, 'repeat')
    outputs = inputs
    for i in range(repetitions):
      kwargs['scope'] = name + '_' + str(i + 1)
      outputs = layer(outputs, *args, **kwargs)
    return outputs


def stack(inputs, layer, stack_args, **kwargs):
  """Applies `layer` once per entry of `stack_args`, feeding each output on.

  ``stack(x, fully_connected, [32, 64, 128], scope='fc')`` builds 'fc/fc_1',
  'fc/fc_2' and 'fc/fc_3' with 32, 64 and 128 units.

  Args:
    inputs: the first layer's input.
    layer: a callable `layer(inputs, *layer_args, scope=..., **kwargs)`.
    stack_args: a list or tuple; each entry is the positional argument (or a
      list/tuple of them) of one call.
    **kwargs: extra keyword arguments for every call; `scope` names the outer
      variable scope (default 'Stack') and the inner ones.

  Returns:
    The last call's output.

  Raises:
    ValueError: if `stack_args` is not a list or tuple.
  """
  _check_common('stack', inputs, layer)
  scope = kwargs.pop('scope', None)
  if not isinstance(stack_args, (list, tuple)):
    raise ValueError('stack_args need to be a list or tuple (one entry per '
                     'layer), got %s.' % type(stack_args).__name__)
  with tf.variable_scope(scope, 'Stack', [inputs]):
    inputs = tf.convert_to_tensor(inputs)
    name = _call_name(layer, scope, 'stack')
    outputs = inputs
    for i, layer_args in enumerate(stack_args):
      kwargs['scope'] = name + '_' + str(i + 1)
      if not isinstance(layer_args, (list, tuple)):
        layer_args = [layer_args]
      outputs = layer(outputs, *layer_args, **kwargs)
    return outputs
