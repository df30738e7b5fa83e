"""Reversible residual blocks (RevNet, arXiv:1707.04585).

A reversible layer maps (x1, x2) to
``y1 = x1 + f(x2)``, ``y2 = x2 + g(y1)``; its inputs can be recomputed from
its outputs, so the efficient gradient keeps no activations: it walks the
layers backwards, reconstructing each layer's inputs as it goes.

`RevBlock` behaves like the legacy TF1 `Layer` class that tf-slim builds it
on (variable scope captured on first call, ``revblock``, ``revblock_1``, ...;
variables reused on later calls) without depending on Keras.  Variables of
layer i live under ``<block scope>/revlayer_<i>/f`` and ``.../g``.
"""

import re

import numpy as np

from slimcompat import _compat
from slimcompat._compat import tf
from slimcompat._compat import tf2
from slimcompat.layers import _gradients
from slimcompat._weights_and_scope import WeightsAndScope

__all__ = ['RevBlock', 'rev_block']

_LAYER_VARIABLE = re.compile('.*revlayer_([0-9]*)/([fg])/.*')

def _apply(fn, x, side_input):
  return fn(x, side_input) if side_input else fn(x)


def _sum_grads(*grad_lists):
  """Element-wise sum of gradient lists, skipping (and keeping) Nones."""
  sums = []
  for grads in zip(*grad_lists):
    present = [g for g in grads if g is not None]
    sums.append(tf.add_n(present) if present else None)
  return sums


def _in_scope(fn, scope):
  """`fn` called inside the resource-variable scope `scope`."""

  @_gradients.wraps_if_possible(fn)
  def scoped(*args, **kwargs):
    with tf.variable_scope(scope, use_resource=True):
      return fn(*args, **kwargs)

  return scoped


def _forward_layers(x1, x2, fs, gs, f_side_input, g_side_input, gate):
  for f, g in zip(fs, gs):
    y1 = x1 + _apply(f, x2, f_side_input)
    y2 = x2 + _apply(g, y1, g_side_input)
    x1, x2 = tf.tuple([y1, y2]) if gate else (y1, y2)
  return x1, x2


def _layer_backward(ys, grad_ys, f, g, f_vars, f_side_input, g_vars,
                    g_side_input):
  """Reconstructs one layer's inputs and back-propagates through it.

  Returns ((x1, x2), (dx1, dx2), (df_vars, df_side), (dg_vars, dg_side)).
  """
  y1, y2 = ys
  grad_y1, grad_y2 = grad_ys
  # f and g are re-applied to stopped tensors so the gradient calls below do
  # not recurse into this block's own gradient.
  y1_stop = tf.stop_gradient(y1)
  g_side_input = [tf.stop_gradient(t) for t in g_side_input]
  gy1 = _apply(g, y1_stop, g_side_input)
  x2 = y2 - gy1
  x2_stop = tf.stop_gradient(x2)
  f_side_input = [tf.stop_gradient(t) for t in f_side_input]
  fx2 = _apply(f, x2_stop, f_side_input)
  x1 = y1 - fx2

  grad_y1_via_g = _gradients.gradients(gy1, y1_stop, grad_y2)[0]
  grad_x1 = grad_y1 + grad_y1_via_g
  grad_x2 = (_gradients.gradients(fx2, x2_stop, grad_y1)[0] + grad_y2 +
             _gradients.gradients(fx2, x2_stop, grad_y1_via_g)[0])

  g_grads = _gradients.gradients(gy1, g_vars + g_side_input, grad_y2)
  f_grads_y1 = _gradients.gradients(fx2, f_vars + f_side_input, grad_y1)
  f_grads_y2 = _gradients.gradients(fx2, f_vars + f_side_input, grad_y1_via_g)
  n_f, n_g = len(f_vars), len(g_vars)
  grad_f_vars = _sum_grads(f_grads_y1[:n_f], f_grads_y2[:n_f])
  grad_f_side = _sum_grads(f_grads_y1[n_f:], f_grads_y2[n_f:])
  outputs = ((x1, x2), (grad_x1, grad_x2), (grad_f_vars, grad_f_side),
             (g_grads[:n_g], g_grads[n_g:]))
  # Grouping keeps the memory bounded: the next layer starts only once all of
  # this layer's results exist.
  return tf.nest.pack_sequence_as(outputs,
                                  tf.tuple(tf.nest.flatten(outputs)))


def _index_by_identity(items, item):
  for i, candidate in enumerate(items):
    if candidate is item:
      return i
  return None


class RevBlock(WeightsAndScope):
  """A block of reversible residual layers; see `rev_block`.

  Args:
    f: function (Tensor) -> Tensor of the same shape, or a list of
      `num_layers` such functions; with side inputs, (Tensor, list) -> Tensor.
    g: like `f`, applied to y1.
    num_layers: number of reversible layers.
    f_side_input: list of Tensors passed to every f.
    g_side_input: list of Tensors passed to every g.
    use_efficient_backprop: if True, gradients recompute activations from the
      outputs instead of storing them.
    name: base name of the block's variable scope.
    **kwargs: `trainable`, `dtype`, and tf.layers' private `_scope` and
      `_reuse`.
  """

  def __init__(self,
               f,
               g,
               num_layers=1,
               f_side_input=None,
               g_side_input=None,
               use_efficient_backprop=True,
               name="revblock",
               **kwargs):
    unknown = sorted(set(kwargs) - {'trainable', 'dtype', '_scope', '_reuse'})
    if unknown:
      raise TypeError('RevBlock got unexpected keyword arguments %s; it '
                      'accepts trainable, dtype, _scope and _reuse.' % unknown)
    fs = self._per_layer(f, 'f', num_layers)
    gs = self._per_layer(g, 'g', num_layers)
    self.trainable = kwargs.get('trainable', True)
    dtype = kwargs.get('dtype')
    self._dtype = None if dtype is None else tf.as_dtype(dtype).name
    self._reuse = kwargs.get('_reuse')
    self._set_names(name, kwargs.get('_scope'))
    self._current_scope = None
    self.built = False
    self._trainable_weights = []
    self._non_trainable_weights = []

    self.f = [_in_scope(fn, 'revlayer_%d/f' % i) for i, fn in enumerate(fs)]
    self.g = [_in_scope(fn, 'revlayer_%d/g' % i) for i, fn in enumerate(gs)]
    self.num_layers = num_layers
    self.f_side_input = f_side_input or []
    self.g_side_input = g_side_input or []
    self._use_efficient_backprop = use_efficient_backprop

  @staticmethod
  def _per_layer(fn, what, num_layers):
    if not isinstance(fn, list):
      return [fn] * num_layers
    if len(fn) != num_layers:
      raise AssertionError(
          'RevBlock got a list of %d functions for %s but num_layers=%d; '
          'give one function per layer or a single function.' %
          (len(fn), what, num_layers))
    return fn

  # -- the tf.layers Layer surface ----------------------------------------
  # (name, dtype, scope_name, the weight lists: `WeightsAndScope`)

  @property
  def updates(self):
    return []

  @property
  def losses(self):
    return []

  def __call__(self, inputs, *args, **kwargs):
    """Calls `call` in the block's variable scope (reusing it once built)."""
    self._set_scope(kwargs.pop('scope', None))
    reuse = True if self.built else self._reuse
    with tf.variable_scope(self._scope, reuse=reuse,
                           auxiliary_name_scope=False) as scope:
      self._current_scope = scope
      with tf.name_scope(scope.original_name_scope):
        # Like tf.layers, numbers and arrays become tensors; the rest stays.
        inputs = tf.nest.map_structure(
            lambda x: tf.convert_to_tensor(x)
            if isinstance(x, (np.ndarray, float, int)) else x, inputs)
        if not self.built:
          if self._dtype is None:
            first = tf.nest.flatten(inputs)[0]
            self._dtype = first.dtype.base_dtype.name
          self.build(tf.nest.map_structure(lambda x: x.shape, inputs))
          self.built = True
        call = _compat.autograph_layer_call(self.call)
        return call(inputs, *args, **kwargs)

  def apply(self, inputs, *args, **kwargs):
    """Same as calling the block."""
    return self.__call__(inputs, *args, **kwargs)

  def build(self, _):
    tf.logging.warn('RevBlock constructs its variables on first call, not on '
                    'build.')
    self.built = True

  # -- RevBlock proper ------------------------------------------------------

  def call(self, inputs, forward=True):
    """Runs the block forwards on (x1, x2) or backwards on (y1, y2)."""
    scope = tf.get_variable_scope()
    known = len(scope.global_variables())
    first, second = inputs
    out = self._forward(first, second) if forward else self._backward(
        first, second)
    trainable = scope.trainable_variables()
    for var in scope.global_variables()[known:]:
      if _index_by_identity(trainable, var) is not None:
        self._trainable_weights.append(var)
      else:
        self._non_trainable_weights.append(var)
    return out

  def forward(self, x1, x2):
    """Returns (y1, y2) for inputs (x1, x2)."""
    return self.apply([x1, x2])

  def backward(self, y1, y2):
    """Returns the inputs (x1, x2) that give outputs (y1, y2)."""
    return self.apply([y1, y2], forward=False)

  def _forward(self, x1, x2):
    side_inputs = [self.f_side_input, self.g_side_input]

    def run(x1_, x2_, *flat_side_inputs):
      f_side, g_side = tf.nest.pack_sequence_as(side_inputs,
                                                list(flat_side_inputs))
      return _forward_layers(x1_, x2_, self.f, self.g, f_side, g_side,
                             gate=self._use_efficient_backprop)

    if not self._use_efficient_backprop:
      return run(x1, x2, *tf.nest.flatten(side_inputs))

    @tf2.custom_gradient
    def run_with_reversible_grad(*args):
      outputs = run(*args)
      return outputs, self._reversible_grad_fn(args, outputs)

    return run_with_reversible_grad(x1, x2, *tf.nest.flatten(side_inputs))

  def _backward(self, y1, y2):
    for f, g in zip(reversed(self.f), reversed(self.g)):
      x2 = y2 - _apply(g, y1, self.g_side_input)
      x1 = y1 - _apply(f, x2, self.f_side_input)
      y1, y2 = x1, x2
    return y1, y2

  def _split_variables(self, variables):
    """Groups variables by layer and by f/g; remembers their positions."""
    f_vars = [[] for _ in range(self.num_layers)]
    g_vars = [[] for _ in range(self.num_layers)]
    f_pos = [[] for _ in range(self.num_layers)]
    g_pos = [[] for _ in range(self.num_layers)]
    for i, var in enumerate(variables):
      match = _LAYER_VARIABLE.match(var.name)
      if match is None:
        # tf-slim fails here with an AttributeError; keep the class.
        raise AttributeError(
            'RevBlock found variable %s in its f or g functions outside the '
            'revlayer_<i>/f and revlayer_<i>/g scopes; f and g must create '
            'their variables themselves rather than closing over them.' %
            var.name)
      layer = int(match.group(1))
      if match.group(2) == 'f':
        f_vars[layer].append(var)
        f_pos[layer].append(i)
      else:
        g_vars[layer].append(var)
        g_pos[layer].append(i)
    return f_vars, g_vars, f_pos, g_pos

  def _side_positions(self, side_inputs):
    f_pos = [None] * len(self.f_side_input)
    g_pos = [None] * len(self.g_side_input)
    for i, tensor in enumerate(side_inputs):
      j = _index_by_identity(self.f_side_input, tensor)
      if j is not None:
        f_pos[j] = i
        continue
      j = _index_by_identity(self.g_side_input, tensor)
      if j is None:
        raise AssertionError('Side input %s is neither in f_side_input nor in '
                             'g_side_input.' % tensor)
      g_pos[j] = i
    return f_pos, g_pos

  def _reversible_grad_fn(self, inputs, outputs):
    """The gradient function of the efficient forward pass."""

    def grad_fn(*grad_ys, **kwargs):
      variables = kwargs['variables']
      side_inputs = inputs[2:]
      f_side_pos, g_side_pos = self._side_positions(side_inputs)
      f_vars, g_vars, f_var_pos, g_var_pos = self._split_variables(variables)

      ys = outputs
      per_layer = []
      with tf.variable_scope(self.scope_name, reuse=True):
        for i in reversed(range(self.num_layers)):
          ys, grad_ys, f_ret, g_ret = _layer_backward(
              ys, grad_ys, self.f[i], self.g[i], f_vars[i], self.f_side_input,
              g_vars[i], self.g_side_input)
          per_layer.append((i, f_ret, g_ret))

      variable_grads = [None] * len(variables)
      for i, (grad_f_vars, _), (grad_g_vars, _) in per_layer:
        for pos, grad in zip(f_var_pos[i] + g_var_pos[i],
                             list(grad_f_vars) + list(grad_g_vars)):
          variable_grads[pos] = grad
      side_grads = [None] * len(side_inputs)
      f_side_sums = _sum_grads(*[f_ret[1] for _, f_ret, _ in per_layer])
      g_side_sums = _sum_grads(*[g_ret[1] for _, _, g_ret in per_layer])
      for pos, grad in (list(zip(f_side_pos, f_side_sums)) +
                        list(zip(g_side_pos, g_side_sums))):
        side_grads[pos] = grad
      return list(grad_ys) + side_grads, variable_grads

    return grad_fn


def rev_block(x1,
              x2,
              f,
              g,
              num_layers=1,
              f_side_input=None,
              g_side_input=None,
              is_training=True):
  """A block of reversible residual layers.

  Each layer computes ``y1 = x1 + f(x2[, f_side_input])`` and
  ``y2 = x2 + g(y1[, g_side_input])``, with its own variables.  f and g must
  keep the shape of their input and must not close over Tensors: pass extra
  tensors through the side inputs.

  Args:
    x1: float Tensor.
    x2: float Tensor.
    f: function or list of `num_layers` functions (may call get_variable).
    g: function or list of `num_layers` functions (may call get_variable).
    num_layers: number of layers.
    f_side_input: list of Tensors given to f as second argument.
    g_side_input: list of Tensors given to g as second argument.
    is_training: whether to use the memory-efficient gradient.

  Returns:
    (y1, y2).
  """
  block = RevBlock(f=f, g=g, num_layers=num_layers,
                   f_side_input=f_side_input, g_side_input=g_side_input,
                   use_efficient_backprop=is_training,
                   _reuse=tf.get_variable_scope().reuse)
  return block.forward(x1, x2)
