"""The functional convolutions of the TF1 layers API: each makes a layer
whose scope is `name` (with `reuse`), applies it once and returns the
output."""

from slimcompat._compat import tf
from slimcompat._own_arguments import own_arguments
from slimcompat.v1_layers import _forward
from slimcompat.v1_layers._conv import Conv1D, Conv2D, Conv3D
from slimcompat.v1_layers._conv import Conv2DTranspose, Conv3DTranspose


def conv1d(inputs, filters, kernel_size, strides=1, padding='valid',
           data_format='channels_last', dilation_rate=1, activation=None,
           use_bias=True, kernel_initializer=None,
           bias_initializer=tf.zeros_initializer(), kernel_regularizer=None,
           bias_regularizer=None, activity_regularizer=None,
           kernel_constraint=None, bias_constraint=None, trainable=True,
           name=None, reuse=None):
  """1-D convolution of `inputs` in the layer scope `name` (default 'conv1d').

  Creates ``kernel`` and, with `use_bias`, ``bias``; `reuse` reuses the
  variables of an earlier layer of the same name.  Returns the output.
  """
  return _forward.apply_layer(Conv1D, own_arguments(locals()))


def conv2d(inputs, filters, kernel_size, strides=(1, 1), padding='valid',
           data_format='channels_last', dilation_rate=(1, 1), activation=None,
           use_bias=True, kernel_initializer=None,
           bias_initializer=tf.zeros_initializer(), kernel_regularizer=None,
           bias_regularizer=None, activity_regularizer=None,
           kernel_constraint=None, bias_constraint=None, trainable=True,
           name=None, reuse=None):
  """2-D convolution of `inputs` in the layer scope `name` (default 'conv2d').

  Creates ``kernel`` and, with `use_bias`, ``bias``; `reuse` reuses the
  variables of an earlier layer of the same name.  Returns the output.
  """
  return _forward.apply_layer(Conv2D, own_arguments(locals()))


def conv3d(inputs, filters, kernel_size, strides=(1, 1, 1), padding='valid',
           data_format='channels_last', dilation_rate=(1, 1, 1),
           activation=None, use_bias=True, kernel_initializer=None,
           bias_initializer=tf.zeros_initializer(), kernel_regularizer=None,
           bias_regularizer=None, activity_regularizer=None,
           kernel_constraint=None, bias_constraint=None, trainable=True,
           name=None, reuse=None):
  """3-D convolution of `inputs` in the layer scope `name` (default 'conv3d').

  Creates ``kernel`` and, with `use_bias`, ``bias``; `reuse` reuses the
  variables of an earlier layer of the same name.  Returns the output.
  """
  return _forward.apply_layer(Conv3D, own_arguments(locals()))


def conv2d_transpose(inputs, filters, kernel_size, strides=(1, 1),
                     padding='valid', data_format='channels_last',
                     activation=None, use_bias=True, kernel_initializer=None,
                     bias_initializer=tf.zeros_initializer(),
                     kernel_regularizer=None, bias_regularizer=None,
                     activity_regularizer=None, kernel_constraint=None,
                     bias_constraint=None, trainable=True, name=None,
                     reuse=None):
  """2-D transposed convolution of `inputs` (scope `name`, default
  'conv2d_transpose').

  Creates ``kernel`` and, with `use_bias`, ``bias``; `reuse` reuses the
  variables of an earlier layer of the same name.  Returns the output.
  """
  return _forward.apply_layer(Conv2DTranspose, own_arguments(locals()))


def conv3d_transpose(inputs, filters, kernel_size, strides=(1, 1, 1),
                     padding='valid', data_format='channels_last',
                     activation=None, use_bias=True, kernel_initializer=None,
                     bias_initializer=tf.zeros_initializer(),
                     kernel_regularizer=None, bias_regularizer=None,
                     activity_regularizer=None, kernel_constraint=None,
                     bias_constraint=None, trainable=True, name=None,
                     reuse=None):
  """3-D transposed convolution of `inputs` (scope `name`, default
  'conv3d_transpose').

  Creates ``kernel`` and, with `use_bias`, ``bias``; `reuse` reuses the
  variables of an earlier layer of the same name.  Returns the output.
  """
  return _forward.apply_layer(Conv3DTranspose, own_arguments(locals()))

