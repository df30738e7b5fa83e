"""Dense, Dropout and Flatten of the TF1 layers API, with their functions."""

import functools
import numbers
import operator

from slimcompat._compat import tf, tf2
from slimcompat._own_arguments import own_arguments
from slimcompat.v1_layers import _argcheck
from slimcompat.v1_layers import _forward
from slimcompat.v1_layers._base import Layer, learning_phase
from slimcompat.v1_layers._input_spec import InputSpec


def smart_cond(pred, true_fn, false_fn):
  """`true_fn()` or `false_fn()` when `pred` is known now; a cond otherwise."""
  if isinstance(pred, (tf.Tensor, tf.Variable)):
    static = tf2.get_static_value(pred)
    if static is None or isinstance(pred, tf.Variable):
      return tf.cond(pred, true_fn, false_fn)
    pred = static
  return true_fn() if pred else false_fn()


class Dense(Layer):
  """`activation(inputs @ kernel + bias)`; see `dense` for the arguments."""

  def __init__(self, units, activation=None, use_bias=True,
               kernel_initializer=None,
               bias_initializer=tf.zeros_initializer(),
               kernel_regularizer=None, bias_regularizer=None,
               activity_regularizer=None, kernel_constraint=None,
               bias_constraint=None, trainable=True, name=None, **kwargs):
    arguments = own_arguments(locals())
    units = int(units) if not isinstance(units, int) else units
    if units < 0:
      raise ValueError('Received an invalid value for `units`, expected a '
                       'positive integer. Received: units=%r' % (units,))
    self.units = units
    self.activation = _argcheck.activation(activation)
    self.use_bias = use_bias
    _argcheck.keep_weight_options(self, arguments, 'kernel', 'bias')
    super(Dense, self).__init__(trainable=trainable, name=name,
                                activity_regularizer=activity_regularizer,
                                **kwargs)
    self.input_spec = InputSpec(min_ndim=2)

  def build(self, input_shape):
    dtype = tf2.as_dtype(self.dtype or tf.float32)
    if not (dtype.is_floating or dtype.is_complex):
      raise TypeError('A Dense layer can only be built with a floating-point '
                      'dtype; the input is %s.' % dtype.name)
    shape = tf2.TensorShape(input_shape)
    last = shape.as_list()[-1] if shape.rank else None
    if last is None:
      raise ValueError('The last dimension of the inputs to a Dense layer '
                       'should be defined. Found None (input shape %s).' %
                       shape)
    last = int(last)
    self.input_spec = InputSpec(min_ndim=2, axes={-1: last})
    self.kernel = _argcheck.role_weight(self, 'kernel', [last, self.units],
                                    'kernel')
    self.bias = None
    if self.use_bias:
      self.bias = _argcheck.role_weight(self, 'bias', [self.units], 'bias')
    self.built = True

  def call(self, inputs):
    if inputs.dtype.base_dtype != self.kernel.dtype.base_dtype:
      inputs = tf.cast(inputs, self.kernel.dtype.base_dtype)
    rank = inputs.shape.rank
    if rank is None or rank == 2:
      outputs = tf.matmul(inputs, self.kernel)
    else:
      outputs = tf.tensordot(inputs, self.kernel, [[rank - 1], [0]])
      outputs.set_shape(inputs.shape[:-1].concatenate([self.units]))
    if self.use_bias:
      outputs = tf.nn.bias_add(outputs, self.bias)
    if self.activation is not None:
      return self.activation(outputs)
    return outputs

  def compute_output_shape(self, input_shape):
    shape = tf2.TensorShape(input_shape)
    return shape[:-1].concatenate([self.units])


def dense(inputs, units, activation=None, use_bias=True,
          kernel_initializer=None, bias_initializer=tf.zeros_initializer(),
          kernel_regularizer=None, bias_regularizer=None,
          activity_regularizer=None, kernel_constraint=None,
          bias_constraint=None, trainable=True, name=None, reuse=None):
  """Fully connected layer on the last axis of `inputs`, in the layer scope
  `name` (default 'dense'); creates ``kernel`` and ``bias``."""
  return _forward.apply_layer(Dense, own_arguments(locals()))


class Dropout(Layer):
  """Zeroes a fraction `rate` of the inputs in training and scales the rest
  by 1 / (1 - rate); the identity otherwise.  See `dropout`."""

  def __init__(self, rate=0.5, noise_shape=None, seed=None, name=None,
               **kwargs):
    if isinstance(rate, (int, float)) and not 0 <= rate <= 1:
      raise ValueError('Invalid value %r received for `rate`, expected a '
                       'value between 0 and 1.' % (rate,))
    self.rate = rate
    self.noise_shape = noise_shape
    self.seed = seed
    self._next_seed = seed
    super(Dropout, self).__init__(name=name, **kwargs)

  def _noise_shape(self, inputs):
    if self.noise_shape is None:
      return None
    dynamic = tf.shape(inputs)
    return tf.convert_to_tensor(
        [dynamic[i] if size is None else size
         for i, size in enumerate(self.noise_shape)])

  def _seed(self):
    # Each application draws with the next seed, as TF1 layers did.
    if self._next_seed is None:
      return None
    seed, self._next_seed = self._next_seed, self._next_seed + 1
    return seed

  def call(self, inputs, training=False):
    if isinstance(self.rate, numbers.Real) and self.rate == 0:
      return tf.identity(inputs)
    if training is None:
      training = learning_phase()

    def dropped():
      return tf2.nn.dropout(inputs, rate=self.rate,
                            noise_shape=self._noise_shape(inputs),
                            seed=self._seed())
    return smart_cond(training, dropped, lambda: tf.identity(inputs))

  def compute_output_shape(self, input_shape):
    return tf2.TensorShape(input_shape)


def dropout(inputs, rate=0.5, noise_shape=None, seed=None, training=False,
            name=None):
  """Dropout of `inputs` when `training` (a Python bool or a bool tensor)
  is true, in the name scope `name` (default 'dropout')."""
  return _forward.apply_layer(Dropout, own_arguments(locals()),
                              call_arguments=('training',))


class Flatten(Layer):
  """Reshapes to (batch, everything else); see `flatten`."""

  def __init__(self, data_format=None, **kwargs):
    self.data_format = _argcheck.data_format(data_format)
    super(Flatten, self).__init__(**kwargs)
    self.input_spec = InputSpec(min_ndim=1)

  def call(self, inputs):
    shape = inputs.shape
    if self.data_format == 'channels_first' and shape.rank and shape.rank > 1:
      inputs = tf.transpose(inputs, [0] + list(range(2, shape.rank)) + [1])
      shape = inputs.shape
    if shape.rank == 1:
      return tf.expand_dims(inputs, axis=1)
    rest = shape[1:]
    if rest.is_fully_defined():
      size = int(functools.reduce(operator.mul, rest.as_list(), 1))
      target = tf.constant([-1, size])
    elif shape.as_list()[0] is not None:
      target = tf.constant([shape.as_list()[0], -1])
    else:
      target = [tf.shape(inputs)[0], -1]
    return tf.reshape(inputs, target)

  def compute_output_shape(self, input_shape):
    dims = tf2.TensorShape(input_shape).as_list()
    rest = dims[1:]
    size = None if None in rest else int(functools.reduce(operator.mul,
                                                          rest, 1))
    return tf2.TensorShape([dims[0], size])


def flatten(inputs, name=None, data_format='channels_last'):
  """`inputs` reshaped to (batch, -1), in the name scope `name` (default
  'flatten'); channels_first inputs are put channels-last first."""
  return _forward.apply_layer(Flatten, own_arguments(locals()))
