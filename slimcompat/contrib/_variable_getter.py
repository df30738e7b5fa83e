"""The two private helpers of TF 1.x's contrib ``layers.py`` that user code
calls to build slim-style layers around other ones (weight-standardised
convolutions, for instance): a renaming model-variable getter, and adding a
layer's variable to the collections a ``variables_collections`` argument
names."""

from slimcompat._compat import tf
from slimcompat.layers import utils
from slimcompat.ops import variables


def _build_variable_getter(rename=None):
  """A variable-scope custom getter that creates model variables.

  Each variable the wrapped code asks for is made by `model_variable` (so it
  joins the MODEL_VARIABLES collection and honours slim's arg_scope) through
  the next getter of the scope chain, after
  its last name component is renamed through the `rename` dict if listed
  there (``{'kernel': 'weights', 'bias': 'biases'}`` gives slim's names).
  """

  def model_variable_getter(getter, name, shape=None, dtype=None, initializer=None,
             regularizer=None, trainable=True, collections=None,
             caching_device=None, partitioner=None, use_resource=None,
             synchronization=tf.VariableSynchronization.AUTO,
             aggregation=tf.VariableAggregation.NONE, **unused_kwargs):
    scope, _, short = name.rpartition('/')
    if rename and short in rename:
      name = (scope + '/' if scope else '') + rename[short]
    return variables.model_variable(
        name, shape=shape, dtype=dtype, initializer=initializer,
        regularizer=regularizer, collections=collections,
        trainable=trainable, caching_device=caching_device,
        partitioner=partitioner, custom_getter=getter,
        use_resource=use_resource, synchronization=synchronization,
        aggregation=aggregation)

  return model_variable_getter


def _add_variable_to_collections(variable, collections_set, collections_name):
  """Adds `variable` (every part, if partitioned) to the collections that
  `collections_set` names for `collections_name` (a list, or a dict keyed
  by name such as 'weights'), skipping those that already hold it."""
  collections = utils.get_variable_collections(collections_set,
                                               collections_name) or []
  if type(variable).__name__ == 'PartitionedVariable':
    parts = list(variable)
  else:
    parts = [variable]
  for collection in collections:
    for part in parts:
      if part not in tf.get_collection(collection):
        tf.add_to_collection(collection, part)
