"""How the layers make their variables: one helper per way tf-slim made them.

tf-slim created a layer's parameters in two ways, and the difference is
visible to users:

* `given_model_variable`: the layers it wrote by hand (bias_add,
  conv2d_in_plane, batch_norm's own paths, the normalisations) call
  `model_variable` with a few arguments only, so an ``arg_scope`` on
  `model_variable` still sets all the others (regularizer, device,
  partitioner...);
* `pinned_model_variable`: the layers it built on TensorFlow's layer classes
  (conv, dense, separable conv, the default batch_norm) went through a
  variable getter that passes every argument except `device`, so such an
  ``arg_scope`` can only move those variables.  Their regularization loss is
  built once, when the variable is created, under ``<loss_name>/Regularizer``
  (`add_regularization_loss`), and their collections are joined afterwards,
  by a reused variable too (`add_to_collections_once`).
"""

from typing import Any, Optional

from slimcompat import _argcheck
from slimcompat import _keras_objects
from slimcompat._compat import tf
from slimcompat._compat import tf2
from slimcompat.layers import utils
from slimcompat.ops import variables


def given_model_variable(name: str, *, variables_collections: Any,
                         collections_key: Optional[str] = None,
                         **given: Any) -> Any:
  """`model_variable(name, **given)`, joined to the layer's collections.

  Args:
    name: the variable name ('weights', 'biases', 'beta'...).
    variables_collections: the layer's argument: a list of collections, or a
      dict from `collections_key` to such a list.
    collections_key: the key into a dict `variables_collections`; default
      `name`.
    **given: exactly the `model_variable` arguments tf-slim passed (shape,
      dtype, initializer, trainable, and regularizer where it passed one).

  Returns:
    The variable (a PartitionedVariable under a partitioner).
  """
  collections = utils.get_variable_collections(variables_collections,
                                               collections_key or name)
  return variables.model_variable(name, collections=collections, **given)


def pinned_model_variable(name: str, **given: Any) -> Any:
  """`model_variable` with every argument but `device` set explicitly.

  The arguments not in `given` take the values tf-slim's layer-class variable
  getter passed: no regularizer, no extra collections, no caching device,
  partitioner or custom getter, the default resource choice, synchronization
  AUTO and aggregation NONE.
  """
  arguments = dict(regularizer=None, collections=None, caching_device=None,
                   partitioner=None, custom_getter=None, use_resource=None,
                   synchronization=tf.VariableSynchronization.AUTO,
                   aggregation=tf.VariableAggregation.NONE)
  arguments.update(given)
  return variables.model_variable(name, **arguments)


def _parts(var: Any) -> Any:
  """`[var]`, or the partitions of a PartitionedVariable (a class TensorFlow
  does not export)."""
  if isinstance(var, tf2.Variable):
    return [var]
  return list(var)


def _collect_once(collection: Any, value: Any) -> None:
  if all(item is not value for item in tf.get_collection(collection)):
    tf.add_to_collection(collection, value)


def add_to_collections_once(var: Any, collections: Any) -> None:
  """Adds each part of `var` to `collections` (a list or None) that lack it."""
  for collection in collections or []:
    for part in _parts(var):
      _collect_once(collection, part)


def ids_of_global_variables() -> Any:
  """The ids of the graph's global variables, to tell new variables later."""
  return set(id(v) for v in tf.global_variables())


def add_regularization_loss(var: Any, regularizer: Any, loss_name: str,
                            existed_before: Any) -> None:
  """Regularizes a new `var` once, as the layer classes did.

  ``regularizer(part)`` of each part of `var` joins REGULARIZATION_LOSSES,
  built in the name scope ``<loss_name>/Regularizer``.  A variable whose id
  is in `existed_before` (a reused one) adds nothing.
  """
  parts = _parts(var)
  if not regularizer or any(id(part) in existed_before for part in parts):
    return
  regularizer = _keras_objects.regularizer(regularizer)
  for part in parts:
    with tf.name_scope(loss_name + '/Regularizer'):
      loss = regularizer(part)
    # The layer classes turn a number into a float32 tensor, in the layer's
    # name scope.
    loss = _argcheck.regularization_loss(loss, part, regularizer,
                                         convert_numbers=True)
    if loss is not None:
      _collect_once(tf.GraphKeys.REGULARIZATION_LOSSES, loss)


def core_layer_variable(name: str, *, loss_name: str, shape: Any, dtype: Any,
                        initializer: Any, regularizer: Any, trainable: bool,
                        variables_collections: Any,
                        collections_key: str) -> Any:
  """A parameter of a conv / dense / separable layer, made as its class did.

  Args:
    name: the variable name ('weights', 'biases', 'pointwise_weights'...).
    loss_name: the layer-class name its loss is scoped under ('kernel',
      'bias', 'depthwise_kernel'...).
    shape: its shape.
    dtype: its dtype.
    initializer: its initializer.
    regularizer: optional regularizer.
    trainable: whether it joins TRAINABLE_VARIABLES.
    variables_collections: a list of collections, or a dict from
      `collections_key` to such a list.
    collections_key: 'weights' or 'biases'.

  Returns:
    The variable (a PartitionedVariable under a partitioner).
  """
  existed_before = ids_of_global_variables()
  var = pinned_model_variable(name, shape=shape, dtype=dtype,
                              initializer=initializer, trainable=trainable)
  add_regularization_loss(var, regularizer, loss_name, existed_before)
  add_to_collections_once(
      var, utils.get_variable_collections(variables_collections,
                                          collections_key))
  return var


class CoreLayerParameters:
  """Makes the variables of one conv / dense / separable layer, as its layer
  class did, all with the layer's dtype, `trainable` flag and
  `variables_collections`."""

  def __init__(self, dtype: Any, trainable: bool,
               variables_collections: Any) -> None:
    self._common = dict(dtype=dtype, trainable=trainable,
                        variables_collections=variables_collections)

  def weights(self, name: str, loss_name: str, shape: Any, *, initializer: Any,
              regularizer: Any) -> Any:
    """A kernel ('weights', 'depthwise_weights'...; its loss is scoped
    under `loss_name`), collected under the 'weights' key."""
    return core_layer_variable(name, loss_name=loss_name, shape=shape,
                               initializer=initializer,
                               regularizer=regularizer,
                               collections_key='weights', **self._common)

  def biases(self, num_outputs: Any, normalizer_fn: Any, *, initializer: Any,
             regularizer: Any) -> Any:
    """The 'biases', or None: a layer has none with a `normalizer_fn` or
    without an initializer for them."""
    if normalizer_fn or not initializer:
      return None
    return core_layer_variable('biases', loss_name='bias',
                               shape=[num_outputs], initializer=initializer,
                               regularizer=regularizer,
                               collections_key='biases', **self._common)
