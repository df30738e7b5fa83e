"""Layer composition helpers: repeat and stack.

Both open one variable scope ('Repeat' / 'Stack' or the `scope` given) and call
the layer inside it with the scopes `<name>_1`, `<name>_2`, ..., where `<name>`
is `scope` if given, else the layer's function name, e.g. ``conv1/conv1_3`` or
``Stack/fully_connected_3``.

Before opening that scope, every step is checked in a dry run (see
`_dry_run`), so a bad argument of any step, or an input the first layer
refuses, raises before anything is created.
"""

import itertools
import operator

from slimcompat import _argcheck
from slimcompat._compat import tf
from slimcompat.layers import _dry_run

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


def _check_steps(inputs, layer, scope, fallback, steps, kwargs):
  """Calls every step of a repeat / stack in a dry run.

  Stops, leaving the rest to the real calls, at a layer that cannot take a
  dry run (one unknown to slimcompat) or whose output cannot be predicted.

  Args:
    inputs: the first step's input.
    layer: the layer of every step.
    scope: the `scope` argument of repeat / stack.
    fallback: the steps' scope name when neither `scope` nor the layer
      gives one.
    steps: the positional arguments (after the input) of each step.
    kwargs: the keyword arguments of every step, without `scope`.
  """
  if not _dry_run.supports(layer):
    return
  if scope is not None and not isinstance(scope, str):
    return  # the real scope decides what is wrong with it
  name = _call_name(layer, scope, fallback)
  spec = _dry_run.input_spec(inputs)
  with _dry_run.dry_running():
    for i, args in enumerate(steps):
      if spec is None:
        return
      spec = layer(spec, *args, scope=name + '_' + str(i + 1), **kwargs)


def _chain(inputs, layer, scope, steps, kwargs, default_scope, fallback):
  """The body of repeat and stack: every step checked in a dry run, then
  built in order inside one variable scope, each step in ``<name>_<i>``.

  Args:
    inputs: the first step's input.
    layer: the layer of every step.
    scope: the outer scope given (None: `default_scope`, made unique).
    steps: the positional arguments (after the input) of each step.
    kwargs: the keyword arguments of every step, without `scope`.
    default_scope: 'Repeat' or 'Stack'.
    fallback: the steps' name when neither `scope` nor the layer gives one.

  Returns:
    The last step's output.
  """
  steps = list(steps)
  _check_steps(inputs, layer, scope, fallback, steps, kwargs)
  with tf.variable_scope(scope, default_scope, [inputs]):
    outputs = tf.convert_to_tensor(inputs)
    name = _call_name(layer, scope, fallback)
    for i, args in enumerate(steps, 1):
      outputs = layer(outputs, *args, scope='%s_%d' % (name, i), **kwargs)
    return outputs


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

  Raises:
    TypeError: if `layer` is not callable or `repetitions` is not an int.
    ValueError: if `inputs` is None.
    Exception: what the layer raises.  For slimcompat's layers (and partials
      of them) every repetition's arguments are checked before anything is
      built, so that a call that fails leaves nothing behind.  A layer
      function of your own is simply called; if it fails at a later
      repetition, the earlier ones stay in the graph.
  """
  _check_common('repeat', inputs, layer)
  try:
    repetitions = operator.index(repetitions)
  except TypeError:
    raise _argcheck.error(TypeError, 'repeat', 'repetitions', repetitions,
                          'an int (how many times to apply the layer)',
                          'Pass e.g. repetitions=3.') from None
  scope = kwargs.pop('scope', None)
  return _chain(inputs, layer, scope, itertools.repeat(args, repetitions),
                kwargs, 'Repeat', 'repeat')


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
    TypeError: if `layer` is not callable.
    ValueError: if `inputs` is None or `stack_args` is not a list or tuple.
    Exception: what the layer raises.  For slimcompat's layers (and partials
      of them) every call's arguments are checked before anything is built,
      so that a call that fails leaves nothing behind.  A layer function of
      your own is simply called; if it fails at a later entry of
      `stack_args`, the layers before it stay in the graph.
  """
  _check_common('stack', inputs, layer)
  scope = kwargs.pop('scope', None)
  if not isinstance(stack_args, (list, tuple)):
    raise ValueError('stack_args need to be a list or tuple (one entry per '
                     'layer), got %s.' % type(stack_args).__name__)
  steps = [args if isinstance(args, (list, tuple)) else [args]
           for args in stack_args]
  return _chain(inputs, layer, scope, steps, kwargs, 'Stack', 'stack')
