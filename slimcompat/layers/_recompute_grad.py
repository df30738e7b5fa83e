"""recompute_grad: forget a function's activations, recompute them for backprop."""

import inspect

import numpy as np

from slimcompat import _compat
from slimcompat._compat import tf
from slimcompat._compat import tf2
from slimcompat.layers import _gradients
from slimcompat.ops import arg_scope as arg_scope_lib

__all__ = ['recompute_grad']

# Marks "decide from the graph": a data dependency inside XLA, else control.
_USE_DEFAULT = '__rev_block_lib_default'

_VARIABLES_CHANGED = (
    'The variables used on recompute were different than the variables '
    'originally used. The function wrapped with @recompute_grad probably '
    'opens a variable scope with a default name and has been called twice in '
    'the same enclosing scope, so the second call of the recompute reads the '
    'variables of another call. Fix: call the function each time in its own '
    'unique variable scope (with tf.variable_scope("name_%d" % i): ...).')


def _is_tensor_or_variable(value):
  return isinstance(value, (tf2.Tensor, tf2.Variable))


def _check_no_closed_over_tensors(fn):
  code = getattr(fn, '__code__', None)
  if code is None or not code.co_freevars:
    return
  for var_name, cell in zip(code.co_freevars, fn.__closure__ or ()):
    try:
      value = cell.cell_contents
    except ValueError:  # a cell not assigned yet holds no tensor
      continue
    if _is_tensor_or_variable(value):
      raise ValueError(
          'The function decorated with @recompute_grad closes over Tensor %s '
          '(local variable name: %s). No gradient would reach it through the '
          'function; pass the tensor to the function as an argument instead.'
          % (value.name, var_name))


def _takes_is_recomputing(fn):
  try:
    spec = inspect.getfullargspec(inspect.unwrap(fn))
  except TypeError:
    return False
  return 'is_recomputing' in spec.args


def _first_element(tensor):
  rank = tensor.get_shape().ndims
  if rank is None:
    raise ValueError('Rank of Tensor %s must be known to build a data '
                     'dependency on it.' % tensor)
  begin = tf.convert_to_tensor([0] * rank, dtype=tf.int32)
  size = tf.convert_to_tensor([1] * rank, dtype=tf.int32)
  return tf.reshape(tf.slice(tensor, begin, size), [])


def _after_data(first, then):
  """`then` tensors made to depend on all `first` tensors through data.

  XLA drops control dependencies; adding a tiny multiple (the smallest normal
  float) of the first elements keeps the order without changing values.
  """
  total = tf.add_n([_first_element(t) for t in first if t is not None])
  if not total.dtype.is_floating:
    raise ValueError('A data dependency can only be built on floating point '
                     'tensors, got %s.' % total.dtype.name)
  tiny = np.finfo(total.dtype.as_numpy_dtype).tiny
  zero = tf.stop_gradient(tiny * total)
  return [None if t is None else tf.identity(t) + zero for t in then]


def _refs(variables):
  return set(v.ref() for v in variables)


def _call_watching(fn, args, is_recomputing, takes_flag):
  """Calls fn; returns its outputs and the refs of the variables it read."""
  kwargs = {'is_recomputing': is_recomputing} if takes_flag else {}
  with tf2.GradientTape() as tape:
    outputs = fn(*args, **kwargs)
  return outputs, _refs(tape.watched_variables())


def _recompute_and_differentiate(fn, args, variables, output_grads, captured,
                                 use_data_dep, tupleize_grads):
  """The gradient of a recompute_grad call: runs fn again, then differentiates."""
  original_vars, arg_scope, var_scope, takes_flag = captured
  # Fresh identities give the gradient walk its own starting points.
  inputs = [tf.identity(x) for x in args]
  # The control dependency keeps the recompute on the backward pass (and out
  # of common-subexpression elimination with the forward pass).
  with tf.control_dependencies([g for g in output_grads if g is not None]):
    if use_data_dep:
      inputs = _after_data(output_grads, inputs)
    with arg_scope_lib.arg_scope(arg_scope):
      with tf.variable_scope(var_scope, reuse=True):
        outputs, used = _call_watching(fn, inputs, True, takes_flag)
        if used != original_vars:
          raise ValueError(_VARIABLES_CHANGED)
  if not isinstance(outputs, (list, tuple)):
    outputs = [outputs]
  grads = _gradients.gradients(list(outputs), inputs + variables,
                               list(output_grads), stop_gradients=inputs)
  if tupleize_grads:
    grads = _after_data(grads, grads) if use_data_dep else tf.tuple(grads)
  return grads[:len(inputs)], grads[len(inputs):]


def _call_with_recompute(fn, args, use_data_dep, tupleize_grads):
  takes_flag = _takes_is_recomputing(fn)
  for arg in args:
    if not _is_tensor_or_variable(arg):
      raise ValueError('All inputs to a @recompute_grad function must be '
                       'Tensors or Variables, got %r.' % (arg,))
  if use_data_dep == _USE_DEFAULT:
    use_data_dep = _compat.in_xla_context(tf.get_default_graph())

  @tf2.custom_gradient
  def forward(*inputs):
    # The recompute re-enters the scopes of this call.
    arg_scope = arg_scope_lib.current_arg_scope()
    var_scope = tf.get_variable_scope()
    outputs, original_vars = _call_watching(fn, inputs, False, takes_flag)
    captured = (original_vars, arg_scope, var_scope, takes_flag)

    def backward(output_grads, variables):
      if original_vars:
        if not variables:
          raise AssertionError('fn used variables but custom_gradient passed '
                               'none to the gradient function.')
        if _refs(variables) != original_vars:
          raise ValueError(_VARIABLES_CHANGED)
      return _recompute_and_differentiate(
          fn, inputs, list(variables or []), output_grads, captured,
          use_data_dep, tupleize_grads)

    # custom_gradient passes `variables` only to a gradient function that
    # declares it, and insists on it when fn used variables.
    if original_vars:
      def grad_fn(*output_grads, **kwargs):
        return backward(output_grads, kwargs['variables'])
    else:
      def grad_fn(*output_grads):
        return backward(output_grads, None)
    return outputs, grad_fn

  return forward(*args)


def _decorator_with_optional_args(decorator):
  """Lets `decorator` be used as ``@decorator`` and as ``@decorator(...)``."""

  @_gradients.wraps_if_possible(decorator)
  def decorate(*args, **kwargs):
    # parity: tf-slim's rule for telling the two uses apart: a bare use
    # passes exactly one callable and no keywords.
    applied_bare = len(args) == 1 and not kwargs and callable(args[0])
    if applied_bare:
      return decorator(*args)

    def apply_with_options(fn):
      return decorator(fn, *args, **kwargs)

    return apply_with_options

  return decorate


@_decorator_with_optional_args
def recompute_grad(fn, use_data_dep=_USE_DEFAULT, tupleize_grads=False):
  """Decorator: `fn`'s activations are recomputed on the backward pass.

  Usable as ``@recompute_grad`` or ``@recompute_grad(use_data_dep=...)``.
  Variables must be resource variables (``variable_scope(...,
  use_resource=True)``).  `fn` runs a second time when gradients are built, in
  the variable scope (with reuse) and arg_scope of the first call; a `fn`
  with stateful or random ops should take an ``is_recomputing`` keyword
  argument (False on the forward pass, True on the recompute) and skip state
  changes when it is True.

  Args:
    fn: function of Tensors (positional) returning a Tensor or a tuple of
      Tensors; it must not close over Tensors or Variables.
    use_data_dep: if True, the recompute is ordered after the incoming
      gradients by a dummy data dependency instead of a control dependency
      (needed under XLA, which drops control dependencies).  The default
      picks True inside an XLA context and False otherwise.
    tupleize_grads: if True, all gradients are grouped so that none is
      consumed before all are computed.

  Returns:
    A function that computes what `fn` computes.

  Raises:
    ValueError: if `fn` closes over a Tensor or Variable; when called, if an
      argument is not a Tensor; when differentiated, if the recompute used
      other variables than the first call.
  """
  _check_no_closed_over_tensors(fn)

  @_gradients.wraps_if_possible(fn)
  def wrapped(*args):
    return _call_with_recompute(fn, args, use_data_dep, tupleize_grads)

  return wrapped
