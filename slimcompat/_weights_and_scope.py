"""`WeightsAndScope`: the name, dtype, variable scope and weight lists that
every TF1-style layer object of slimcompat shares.

Two families build on it: the TF1 layers (``v1_layers._base.Layer``) and
tf-slim's ``RevBlock`` (``layers/_rev_block.py``), a TF1 layer in tf-slim
that does not derive from ``Layer``.  It lives outside ``v1_layers`` so that
importing slim's layers does not load the TF1 layers package.
"""

import re
import weakref

from slimcompat._compat import tf

__all__ = ['WeightsAndScope', 'snake_case', 'unique_layer_name']

# graph -> {base name: how many layers took it}; what `layer.name` counts.
_NAME_COUNTS = weakref.WeakKeyDictionary()


def snake_case(class_name):
  """'SeparableConv2D' -> 'separable_conv2d', as TF1 layers name themselves."""
  text = re.sub('(.)([A-Z][a-z0-9]+)', r'\1_\2', class_name)
  text = re.sub('([a-z])([A-Z])', r'\1_\2', text).lower()
  return text if not text.startswith('_') else 'private' + text


def unique_layer_name(base):
  """'base_1', 'base_2'... per graph: the `name` of a TF1 layer made without
  one (its variable scope, chosen separately, is 'base', 'base_1'...)."""
  graph = tf.get_default_graph()
  counts = _NAME_COUNTS.setdefault(graph, {})
  counts[base] = counts.get(base, 0) + 1
  return '%s_%d' % (base, counts[base])


class WeightsAndScope(object):
  """What every TF1-style layer of slimcompat shares: its name and dtype, its
  variable scope (chosen once) and its weight lists.

  Used by `Layer` and by ``layers.rev_block_lib.RevBlock`` (a TF1 layer in
  tf-slim that does not build on `Layer`).  The subclass sets ``_dtype``,
  ``_reuse``, ``_trainable_weights`` and
  ``_non_trainable_weights``, calls `_set_names`, and has ``trainable``.
  """

  def _set_names(self, name, scope=None):
    """Sets the layer's name, the base of its scope's name, and its scope
    when one (`_scope`) is given now."""
    if isinstance(name, tf.VariableScope):
      self._base_name = name.name
      self._name = unique_layer_name(snake_case(type(self).__name__))
    elif name:
      self._base_name = self._name = name
    else:
      self._base_name = snake_case(type(self).__name__)
      self._name = unique_layer_name(self._base_name)
    self._scope = None
    if scope:
      with tf.variable_scope(scope) as captured:
        self._scope = captured

  @property
  def name(self):
    return self._name

  @property
  def dtype(self):
    return self._dtype

  @property
  def scope_name(self):
    if not self._scope:
      raise ValueError(
          'Layer "%s" has no scope yet: its scope is chosen on the first call, '
          'so call the layer before asking for scope_name.' % self._name)
    return self._scope.name

  # A layer that is not trainable lists all its weights as non-trainable.
  @property
  def trainable_weights(self):
    return list(self._trainable_weights) if self.trainable else []

  @property
  def non_trainable_weights(self):
    if self.trainable:
      return list(self._non_trainable_weights)
    return self._trainable_weights + self._non_trainable_weights

  @property
  def weights(self):
    return self.trainable_weights + self.non_trainable_weights

  trainable_variables = trainable_weights
  non_trainable_variables = non_trainable_weights
  variables = weights

  def _set_scope(self, scope=None):
    """Chooses the variable scope once: `scope`, else the base name (made
    unique in the enclosing scope unless reusing)."""
    if self._scope is not None:
      return
    if self._reuse:
      opened = tf.variable_scope(scope if scope is not None else
                                 self._base_name)
    else:
      opened = tf.variable_scope(scope, default_name=self._base_name)
    with opened as captured:
      self._scope = captured
