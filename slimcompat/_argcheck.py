"""Argument checks shared by the layers and variable functions.

Every check runs before a layer creates anything (scope, variable, op or
collection entry), raises the exception class tf-slim 1.1.0 raises for the
same mistake, and words one mistake one way wherever it is made:

    conv2d: num_outputs=-1 (int) is not valid: expected a non-negative int
    (the number of output channels). Pass e.g. num_outputs=64.

Where tf-slim's class is only an accident of its implementation (an
AttributeError from calling a method on a bad value), the check raises a
class that is both the natural one and tf-slim's (`ValueAndAttributeError`),
so an ``except`` clause written for either still catches it.
"""

import collections
import collections.abc
import functools
import inspect
import numbers
import operator
from typing import Any

from slimcompat import _identifiers
from slimcompat._compat import tf
from slimcompat._compat import tf2

__all__ = [
    'ValueAndAttributeError', 'ValueAndTypeError', 'TypeAndAttributeError',
    'ValueAndZeroDivisionError', 'describe', 'error',
    'callable_argument', 'non_negative_int', 'positive_int',
    'layer_initializer', 'variable_initializer', 'layer_regularizer',
    'variable_regularizer', 'regularization_loss', 'collections_argument',
    'variables_collections_argument', 'normalizer', 'probe_regularizer',
    'probe_initializer', 'LayerArguments', 'layer_arguments', 'as_size',
]


class ValueAndAttributeError(ValueError, AttributeError):
  """A bad value where tf-slim raised AttributeError by accident."""


class ValueAndTypeError(ValueError, TypeError):
  """A bad value where tf-slim raised TypeError (or ValueError) by accident."""


class TypeAndAttributeError(TypeError, AttributeError):
  """A value of a wrong type where tf-slim raised AttributeError by accident."""


class ValueAndZeroDivisionError(ValueError, ZeroDivisionError):
  """A zero size where tf-slim divided by it."""


def describe(value: Any) -> str:
  """``'relu' (str)``: a value and its type, short enough for a message."""
  text = repr(value)
  if len(text) > 60:
    text = text[:57] + '...'
  return '%s (%s)' % (text, type(value).__name__)


def error(cls: type, function: str, argument: str, value: Any, expected: Any,
          fix: Any) -> Exception:
  """An exception of class `cls` in the one wording all checks use.

  Args:
    cls: the exception class.
    function: the public function the argument was given to ('conv2d').
    argument: the argument's name.
    value: the value received.
    expected: what a valid value is, as a noun phrase.
    fix: one sentence saying how to fix the call.

  Returns:
    The exception (the caller raises it).
  """
  return cls('%s: %s=%s is not valid: expected %s. %s' %
             (function, argument, describe(value), expected, fix))


def _binds(fn: Any, positional: int, keywords: Any) -> bool:
  """False if `fn` surely cannot be called with `positional` positional and
  the `keywords` keyword arguments; True when unsure (builtins, C code).

  Layers are called with the same few functions over and over, and reading
  a signature is slow, so answers are cached.
  """
  keywords = tuple(sorted(keywords))
  try:
    return _binds_cached(fn, positional, keywords)
  except TypeError:  # an unhashable callable
    return _binds_uncached(fn, positional, keywords)


def _binds_uncached(fn: Any, positional: int, keywords: Any) -> bool:
  try:
    signature = inspect.signature(fn)
  except (TypeError, ValueError):
    return True
  try:
    signature.bind(*([None] * positional), **{k: None for k in keywords})
  except TypeError:
    return False
  return True


_binds_cached = functools.lru_cache(maxsize=512)(_binds_uncached)


def callable_argument(function: str, argument: str, value: Any,
                      positional: int = 1, keywords: Any = (),
                      allow_none: bool = True,
                      example: Any = 'tf.nn.relu') -> Any:
  """Checks that `value` is a callable taking `positional` positional and
  the `keywords` keyword arguments (or None, if allowed).

  Raises:
    TypeError: otherwise (calling it would raise TypeError too, but after
      the layer had created its variables).
  """
  if value is None and allow_none:
    return value
  if not callable(value):
    hint = ''
    if isinstance(value, str):
      hint = ' A name is not resolved here: pass the function itself.'
    raise error(TypeError, function, argument, value,
                'a callable%s' % (' or None' if allow_none else ''),
                'Pass e.g. %s=%s.%s' % (argument, example, hint))
  if not _binds(value, positional, keywords):
    raise error(TypeError, function, argument, value,
                'a callable that takes %d positional argument%s%s' %
                (positional, '' if positional == 1 else 's',
                 ' and the keyword arguments %s' % sorted(keywords)
                 if keywords else ''),
                'Check its signature%s.' % (
                    ' (and the params passed to it)' if keywords else ''))
  return value


def _is_int(value: Any) -> bool:
  return (isinstance(value, numbers.Integral) and
          not isinstance(value, bool))


def non_negative_int(function: str, argument: str, value: Any, what: str,
                     example: Any = 64, cls: type = ValueError) -> Any:
  """Checks a count that may be 0: an int (not bool), >= 0.

  Args:
    function: the public function's name.
    argument: the argument's name.
    value: the value received.
    what: what the number counts ('the number of output channels').
    example: a sensible value for the message.
    cls: the class to raise for a non-int (the reference's, which varies).

  Returns:
    `value` as a Python int.
  """
  return _int_at_least(0, 'non-negative', function, argument, value, what,
                       example, cls)


def positive_int(function: str, argument: str, value: Any, what: str,
                 example: Any = 1, cls: type = ValueError) -> Any:
  """Like `non_negative_int` for a count that must be at least 1."""
  return _int_at_least(1, 'positive', function, argument, value, what,
                       example, cls)


def _int_at_least(minimum: int, kind: str, function: str, argument: str,
                  value: Any, what: str, example: Any, cls: type) -> Any:
  expected = 'a %s int (%s)' % (kind, what)
  fix = 'Pass e.g. %s=%d.' % (argument, example)
  if not _is_int(value):
    raise error(cls, function, argument, value, expected, fix)
  if value < minimum:
    raise error(ValueError, function, argument, value, expected, fix)
  return int(value)


# ---- initializers and regularizers -----------------------------------------
#
# tf-slim hands the initializers / regularizers of its conv, dense and
# separable layers to TensorFlow's legacy layer classes ("layer" checks
# below), which resolve string identifiers and reject anything else that is
# not callable with a ValueError.  Its hand-built layers and the variable
# functions pass them straight to `get_variable` ("variable" checks), which
# takes a non-callable initializer for a constant value and calls the
# regularizer, whatever it is, after creating the variable.


def layer_initializer(function: str, argument: str, value: Any) -> Any:
  """Resolves an initializer of a layer built on the legacy layer classes.

  Returns:
    The initializer (a resolved identifier, or `value`; None means the
    layer's default).

  Raises:
    ValueError: for an unknown identifier or a value that is neither
      callable nor an identifier.
  """
  value = _identifiers.initializer(value, argument)
  if value is None or callable(value):
    return value
  raise error(ValueError, function, argument, value,
              'an initializer: a callable, an identifier such as '
              "'glorot_uniform' or 'zeros', or None",
              'Could not interpret initializer identifier; pass e.g. '
              '%s=tf.zeros_initializer().' % argument)


def variable_initializer(function: str, argument: str, value: Any,
                         shape: Any) -> Any:
  """Checks an initializer that reaches `get_variable` as it is.

  A string is refused with ValueError (the reference's class: it becomes a
  string constant that does not match the variable's dtype); a constant
  value (not callable) must come without a shape, as `get_variable`
  requires.

  Args:
    function: the public function's name.
    argument: the argument's name.
    value: the initializer received.
    shape: the variable's shape argument (None if not given).

  Returns:
    `value`.
  """
  if isinstance(value, str):
    raise error(ValueError, function, argument, value,
                'an initializer object or a constant value',
                'Names are resolved only by the conv, dense and separable '
                'layers; here pass e.g. %s=tf.%s.' %
                (argument, _initializer_call(value)))
  if value is None or callable(value):
    return value
  if shape is not None:
    raise error(ValueError, function, argument, value,
                'a callable initializer when a shape is given',
                'Pass the value without `shape` (it gives the shape), or an '
                'initializer such as tf.constant_initializer(value).')
  return value


def _initializer_call(name: str) -> Any:
  calls = {'zeros': 'zeros_initializer()', 'ones': 'ones_initializer()',
           'glorot_uniform': 'glorot_uniform_initializer()',
           'glorot_normal': 'glorot_normal_initializer()'}
  return calls.get(name, 'initializers.variance_scaling()')


def layer_regularizer(function: str, argument: str, value: Any) -> Any:
  """Resolves a regularizer of a layer built on the legacy layer classes.

  Raises:
    ValueError: for an unknown identifier or a value that is neither
      callable nor an identifier (the reference's class).
    TypeError: for a callable that cannot take one argument.
  """
  value = _identifiers.regularizer(value, argument)
  if value is None:
    return None
  if not callable(value):
    raise error(ValueError, function, argument, value,
                "a regularizer: a callable, an identifier such as 'l2', or "
                'None', 'Could not interpret regularizer identifier; pass e.g. '
                '%s=slim.l2_regularizer(1e-4).' % argument)
  return callable_argument(function, argument, value,
                           example='slim.l2_regularizer(1e-4)')


def variable_regularizer(function: str, argument: str, value: Any) -> Any:
  """Checks a regularizer that reaches `get_variable` as it is: a callable
  of one argument, or None.

  Raises:
    TypeError: otherwise (the reference's class, raised after it had created
      the variable).
  """
  if isinstance(value, str):
    raise error(TypeError, function, argument, value,
                'a callable regularizer or None',
                'Names are resolved only by the conv, dense and separable '
                'layers; here pass e.g. %s=slim.l2_regularizer(1e-4).' %
                argument)
  return callable_argument(function, argument, value,
                           example='slim.l2_regularizer(1e-4)')


def regularization_loss(result: Any, variable: Any, regularizer: Any,
                        convert_numbers: bool) -> Any:
  """Checks (and converts) what a regularizer returned for `variable`.

  Args:
    result: the regularizer's return value.
    variable: the variable it was applied to.
    regularizer: the regularizer, for the message.
    convert_numbers: True where tf-slim converts a Python number to a
      float32 tensor (its layers built on the legacy layer classes).

  Returns:
    A tensor, or None for no loss.

  Raises:
    TypeError: for a result that is neither a tensor, nor None, nor (with
      `convert_numbers`) a number.
  """
  if result is None or isinstance(result, (tf2.Tensor, tf2.Variable)):
    return result
  if convert_numbers and isinstance(result, numbers.Number) and not isinstance(
      result, bool):
    return tf.convert_to_tensor(result, dtype=tf.float32)
  raise TypeError(
      'The regularizer %r returned %s for variable %s: expected a scalar '
      'tensor (or None for no loss). Make the regularizer return a tensor '
      'computed from the variable.' %
      (getattr(regularizer, '__name__', regularizer), describe(result),
       getattr(variable, 'name', variable)))


def collections_argument(function: str, argument: str, value: Any) -> Any:
  """Checks a collections argument: None or an iterable of collection names.

  A string is iterated as tf-slim iterates it (one collection per
  character), so it is accepted.

  Raises:
    TypeError: for a value that cannot be iterated.
  """
  if value is None:
    return value
  try:
    iter(value)
  except TypeError:
    raise error(TypeError, function, argument, value,
                'None or a list of collection names',
                "Pass e.g. %s=['my_collection']." % argument) from None
  return value


def variables_collections_argument(function: str, value: Any, keys: Any) -> Any:
  """Checks a layer's `variables_collections`: None, a list of names, or a
  dict from variable names (`keys`) to such lists.

  Raises:
    TypeError: for a value (or a dict entry for one of `keys`) that cannot
      be iterated, as adding the variable to it would.
  """
  if isinstance(value, dict):
    for key in keys:
      collections_argument(function, "variables_collections['%s']" % key,
                           value.get(key))
    return value
  return collections_argument(function, 'variables_collections', value)


def normalizer(function: str, normalizer_fn: Any,
               normalizer_params: Any) -> None:
  """Checks `normalizer_fn` and that it takes `normalizer_params`.

  Raises:
    TypeError: for a normalizer that is not callable, params that are not a
      dict (when a normalizer is given), or params the normalizer does not
      take.
  """
  if normalizer_fn is None:
    return
  params = normalizer_params or {}
  if not isinstance(params, collections.abc.Mapping):
    raise error(TypeError, function, 'normalizer_params', normalizer_params,
                'a dict of keyword arguments of normalizer_fn, or None',
                "Pass e.g. normalizer_params={'decay': 0.9}.")
  callable_argument(function, 'normalizer_fn', normalizer_fn,
                    keywords=tuple(params), allow_none=False,
                    example='slim.batch_norm')


# ---- probes -----------------------------------------------------------------
#
# A user's regularizer or initializer can only be seen to be wrong by calling
# it, and a layer calls it while creating the variable, too late to leave the
# graph as it was.  A probe calls it first in a scratch graph, on a
# placeholder of the variable's shape and dtype; if the probe itself fails
# (the function may need the real variable, or tensors of the user's graph)
# nothing is concluded and the real call decides.  TensorFlow's and
# slimcompat's own initializers and regularizers are not probed.


def _trusted(fn: Any) -> bool:
  module = (getattr(fn, '__module__', None) or
            getattr(type(fn), '__module__', None) or '')
  return module.startswith(('tensorflow', 'slimcompat', 'tf_slim'))


def probe_regularizer(function: str, argument: str, regularizer: Any,
                      shape: Any, dtype: Any, convert_numbers: bool,
                      variable: Any = None) -> None:
  """Raises the TypeError `regularization_loss` would raise for what
  `regularizer` returns on a variable of `shape` and `dtype` (named
  `variable` in the message; by default after `argument`)."""
  if regularizer is None or _trusted(regularizer):
    return
  with tf.Graph().as_default():
    try:
      result = regularizer(tf.placeholder(dtype, shape, name=argument))
    except Exception:
      return  # inconclusive: the real call decides
    if variable is None:
      variable = 'the %s of %s (%s)' % (argument.replace(
          '_regularizer', '').replace('param_regularizers', 'parameter'),
                                         function, argument)
    regularization_loss(result, variable, regularizer, convert_numbers)


def probe_initializer(function: str, argument: str, initializer: Any,
                      shape: Any, dtype: Any) -> None:
  """Raises what `initializer` would raise, or ValueError if it makes values
  of another shape than `shape` (TypeError if they are no tensor of `dtype`).

  TensorFlow's and slimcompat's initializers are only probed for a dtype
  that is not floating point, where they may refuse it; what they raise
  then is raised here.
  """
  if initializer is None or not callable(initializer) or shape is None:
    return
  dtype = tf.as_dtype(dtype)
  trusted = _trusted(initializer)
  if trusted and dtype.is_floating:
    return
  with tf.Graph().as_default():
    try:
      values = initializer(list(shape), dtype=dtype)
    except Exception:
      if trusted:
        raise  # its own check, independent of the user's graph
      return
    if not isinstance(values, (tf2.Tensor, tf2.Variable)):
      try:
        values = tf.convert_to_tensor(values, dtype=dtype)
      except (TypeError, ValueError):
        raise error(TypeError, function, argument, initializer,
                    'an initializer that returns a %s tensor' % dtype.name,
                    'It returned %s.' % describe(values)) from None
  if not values.shape.is_compatible_with(shape):
    raise error(ValueError, function, argument, initializer,
                'an initializer that makes values of shape %s' %
                (list(shape),),
                'It made shape %s; check how it uses its `shape` argument.'
                % (values.shape,))


class LayerArguments(collections.namedtuple(
    'LayerArguments', 'initializers regularizers')):
  """The resolved initializers and regularizers of a layer, by argument."""

  __slots__ = ()

  def weights_and_biases(self) -> Any:
    """(weights_initializer, biases_initializer, weights_regularizer,
    biases_regularizer), resolved."""
    return (self.initializers['weights_initializer'],
            self.initializers['biases_initializer'],
            self.regularizers['weights_regularizer'],
            self.regularizers['biases_regularizer'])


def layer_arguments(function: str, initializers: Any, regularizers: Any,
                    activation_fn: Any, normalizer_fn: Any,
                    normalizer_params: Any, variables_collections: Any,
                    outputs_collections: Any, resolve: bool = True,
                    collection_keys: Any = ('weights', 'biases'),
                    shapes: Any = None, dtype: Any = None) -> Any:
  """The checks every conv / dense layer makes before creating anything.

  Args:
    function: the public function's name.
    initializers: {argument name: value} of its initializers.
    regularizers: {argument name: value} of its regularizers.
    activation_fn: its activation (a callable of one tensor, or None).
    normalizer_fn: its normalizer (or None) ...
    normalizer_params: ... and the normalizer's keyword arguments.
    variables_collections: its variables_collections argument.
    outputs_collections: its outputs_collections argument.
    resolve: True for layers built, in tf-slim, on the legacy layer classes
      (identifiers resolved, non-callables refused with ValueError); False
      for hand-built ones (values reach `get_variable` as they are).
    collection_keys: the dict keys of `variables_collections` it reads.
    shapes: {initializer or regularizer argument: list of the shapes of the
      variables it will make or regularize}, for those that will be made;
      with `dtype` (their dtype), user functions are probed (see
      `probe_initializer`).  Omitted or unknown shapes are not probed.
    dtype: the variables' dtype, or None.

  Returns:
    A `LayerArguments` of the resolved initializers and regularizers, by
    argument name.
  """
  if resolve:
    inits = {k: layer_initializer(function, k, v)
             for k, v in initializers.items()}
    regs = {k: layer_regularizer(function, k, v)
            for k, v in regularizers.items()}
  else:
    inits = {k: variable_initializer(function, k, v, shape=())
             for k, v in initializers.items()}
    regs = {k: variable_regularizer(function, k, v)
            for k, v in regularizers.items()}
  callable_argument(function, 'activation_fn', activation_fn)
  normalizer(function, normalizer_fn, normalizer_params)
  variables_collections_argument(function, variables_collections,
                                 collection_keys)
  collections_argument(function, 'outputs_collections', outputs_collections)
  if dtype is not None:
    for argument, argument_shapes in (shapes or {}).items():
      for shape in argument_shapes:
        if shape is None or any(d is None for d in shape):
          continue
        if argument in inits:
          probe_initializer(function, argument, inits[argument], shape, dtype)
        elif argument in regs:
          probe_regularizer(function, argument, regs[argument], shape, dtype,
                            convert_numbers=resolve)
  return LayerArguments(inits, regs)


def output_channels(function: str, num_outputs: Any) -> Any:
  """Checks the `num_outputs` of a convolution (None is not allowed here).

  Non-integral numbers pass, as tf-slim's layer classes truncate them; so do
  a TF1 `Dimension` of known value (``net.get_shape()[3]`` under v1 shape
  behaviour) and anything else with an ``__index__`` (a 0-d integer NumPy
  array), which tf-slim's layer classes turn into ints too.

  Returns:
    The number of output channels as a Python int.

  Raises:
    ValueError: for None, an unknown Dimension or a negative number.
    TypeError: for a string or a bool (a `ValueAndTypeError` for a bool:
      tf-slim's class for it differs between TensorFlow versions).
  """
  expected = 'a non-negative int (the number of output channels)'
  fix = 'Pass e.g. num_outputs=64.'
  if num_outputs is None:
    raise error(ValueError, function, 'num_outputs', num_outputs, expected,
                fix)
  if isinstance(num_outputs, tf.Dimension) and num_outputs.value is None:
    raise error(ValueError, function, 'num_outputs', num_outputs,
                expected + ', or a Dimension of known value',
                'The dimension is unknown when the graph is built; give '
                'the tensor a static shape or pass the number itself.')
  if isinstance(num_outputs, bool):
    raise error(ValueAndTypeError, function, 'num_outputs', num_outputs,
                expected, fix)
  if isinstance(num_outputs, (tf2.Tensor, tf2.Variable)):
    # parity: tf-slim compares it with 0 in Python, which graph mode forbids.
    raise tf2.errors.OperatorNotAllowedInGraphError(
        '%s: num_outputs=%s is a tensor: a layer\'s size must be known when '
        'the graph is built. %s' % (function, describe(num_outputs), fix))
  num_outputs = as_size(num_outputs)
  if not isinstance(num_outputs, numbers.Real):
    raise error(TypeError, function, 'num_outputs', num_outputs, expected,
                fix)
  if num_outputs < 0:
    raise error(ValueError, function, 'num_outputs', num_outputs, expected,
                fix)
  return int(num_outputs)  # type: ignore[call-overload]  # a Real has __int__


def as_size(value: Any) -> Any:
  """A size as legacy code computes it, as a Python int.

  A TF1 `Dimension` of known value (``net.get_shape()[3]`` under v1 shape
  behaviour) and a non-number with an ``__index__`` (a 0-d integer NumPy
  array) become ints, as tf-slim's layer classes and `tf.one_hot` make
  them; anything else (numbers, tensors, bad values) is returned unchanged
  for the caller's own check.
  """
  if isinstance(value, tf.Dimension):
    return value if value.value is None else value.value
  if (isinstance(value, (numbers.Number, str, bytes)) or tf.is_tensor(value)
      or not hasattr(type(value), '__index__')):
    return value
  try:
    return operator.index(value)
  except TypeError:
    return value


def variable_exists(full_name: str) -> bool:
  """Whether the graph has variable `full_name` (or its partitions)."""
  return any(v.op.name == full_name or v.op.name.startswith(full_name + '/part_')
             for v in tf.global_variables() + tf.local_variables())


def reused_variable_exists(function: str, scope: Any, reuse: Any,
                           name: str) -> None:
  """With ``reuse=True``, checks that the layer's first variable exists.

  `get_variable` would raise the same ValueError, but only after the layer
  had opened its scope (and, for some layers, added ops).

  Args:
    function: the public function's name.
    scope: the layer's `scope` argument (a string or a VariableScope; other
      values are left to `variable_scope` to judge).
    reuse: the layer's `reuse` argument.
    name: the variable the layer creates first ('weights', 'beta', ...).
  """
  if reuse is not True:
    return
  if isinstance(scope, tf.VariableScope):
    prefix = scope.name
  elif isinstance(scope, str) and scope:
    outer = tf.get_variable_scope().name
    prefix = outer + '/' + scope if outer else scope
  else:
    return
  full_name = prefix + '/' + name
  if variable_exists(full_name):
    return
  raise ValueError(
      '%s: reuse=True, but the variable %s does not exist, so there is '
      'nothing to reuse. Create the layer first (reuse=None), or pass '
      'reuse=tf.AUTO_REUSE to create it when missing.' % (function, full_name))
