"""Steps the layer files share around their core op.

Scope-name bookkeeping, the normalizer-or-biases step, the final activation
and output collection; the output size of a (transposed) convolution comes
from ``slimcompat/_shapes.py`` (shared with the TF1 layers).
"""

from typing import Any

from slimcompat._compat import tf
# The output-length arithmetic is shared with the TF1 layers.
from slimcompat._shapes import conv_output_length  # noqa: F401
from slimcompat._shapes import deconv_output_length  # noqa: F401
from slimcompat.layers import _variables
from slimcompat.layers import utils


def reserve_layer_name(scope: Any) -> None:
  """Takes the op name ``<name scope>/<last part of scope.name>``.

  The reference's conv and dense layers re-enter their own variable scope
  once while building, which uses that name up.  TensorFlow compares op
  names case-insensitively, so later ops get renamed
  (``Conv2d_transpose/conv2d_transpose`` becomes ``..._1``); taking the name
  here keeps all later op names identical.
  """
  tf.get_default_graph().unique_name(scope.name.split('/')[-1])


def apply_normalizer(outputs: Any, normalizer_fn: Any,
                     normalizer_params: Any) -> Any:
  """`normalizer_fn(outputs, **normalizer_params)`, or `outputs` unchanged."""
  if normalizer_fn is None:
    return outputs
  return normalizer_fn(outputs, **(normalizer_params or {}))


def normalize_or_add_biases(outputs: Any, *, num_outputs: Any,
                            normalizer_fn: Any, normalizer_params: Any,
                            biases_initializer: Any, biases_regularizer: Any,
                            trainable: bool, variables_collections: Any,
                            data_format: Any = None) -> Any:
  """What a hand-built layer does after its convolution.

  The normalizer when there is one; otherwise 'biases' (made with
  `given_model_variable`) unless `biases_initializer` is None.
  """
  if normalizer_fn is not None:
    return apply_normalizer(outputs, normalizer_fn, normalizer_params)
  if biases_initializer is None:
    return outputs
  biases = _variables.given_model_variable(
      'biases', shape=[num_outputs], dtype=outputs.dtype.base_dtype,
      initializer=biases_initializer, regularizer=biases_regularizer,
      trainable=trainable, variables_collections=variables_collections)
  return tf.nn.bias_add(outputs, biases, data_format=data_format)


def activate_and_collect(outputs: Any, scope: Any, activation_fn: Any,
                         outputs_collections: Any) -> Any:
  """`activation_fn(outputs)` (if given), collected under the scope's name."""
  if activation_fn is not None:
    outputs = activation_fn(outputs)
  return utils.collect_named_outputs(outputs_collections, scope.name, outputs)
