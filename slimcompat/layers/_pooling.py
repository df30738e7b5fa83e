"""Pooling: avg/max pool 2d/3d and the N-d `pool`.

The 2-D and 3-D layers build the same graph tf-slim builds through its pooling
layer objects: one `AvgPool`/`MaxPool` (2-D) or `AvgPool3D`/`MaxPool3D` op
under the layer's name scope, e.g. ``pool1/MaxPool``.  3-D pooling in
channels-first layout is done channels-last between two transposes (as the
reference does), so its output op is ``<scope>/transpose_1``.
"""

from slimcompat import _argcheck
from slimcompat._compat import tf
from slimcompat._own_arguments import own_arguments
from slimcompat.layers import _argcheck as _layer_argcheck
from slimcompat.layers import _dry_run
from slimcompat.layers import _layer_steps
from slimcompat.layers import utils
from slimcompat.layers._argcheck import DATA_FORMAT_NCDHW
from slimcompat.layers._argcheck import DATA_FORMAT_NCHW
from slimcompat.layers._argcheck import DATA_FORMAT_NDHWC
from slimcompat.layers._argcheck import DATA_FORMAT_NHWC
from slimcompat.ops.arg_scope import add_arg_scope

__all__ = ['avg_pool2d', 'avg_pool3d', 'max_pool2d', 'max_pool3d', 'pool']

_2D_FORMATS = (DATA_FORMAT_NCHW, DATA_FORMAT_NHWC)
_3D_FORMATS = (DATA_FORMAT_NCDHW, DATA_FORMAT_NDHWC)


def _check_format(data_format, allowed):
  if data_format not in allowed:
    raise ValueError('data_format has to be either %s or %s. Got %r; pass '
                     'one of those two strings.' %
                     (allowed[0], allowed[1], data_format))


# The public name of each pooling layer, by its default scope.
_PUBLIC_NAMES = {'AvgPool2D': 'avg_pool2d', 'MaxPool2D': 'max_pool2d',
                 'AvgPool3D': 'avg_pool3d', 'MaxPool3D': 'max_pool3d'}


def _check_pool(inputs, *, kernel_size, stride, padding, data_format,
                spatial_dims, name):
  """Checks a pooling layer's arguments against the static input shape.

  Returns:
    (window, strides, padding), normalized.

  Raises:
    ValueError: for a bad kernel_size, stride or padding, a window larger
      than a 'VALID'-padded input, or a rank other than spatial_dims + 2.
    TypeError: for a string input.
  """
  if inputs is None:
    raise ValueError('%s: inputs is None: pass a tensor of rank %d. None '
                     'values not supported.' % (name, spatial_dims + 2))
  window = _layer_argcheck.normalize_tuple(kernel_size, spatial_dims,
                                      'kernel_size')
  if stride is None:
    raise ValueError('stride must not be None: pass one int or a list of '
                     '%d ints.' % spatial_dims)
  strides = _layer_argcheck.normalize_tuple(stride, spatial_dims, 'stride')
  padding = _layer_argcheck.normalize_padding(padding)
  if padding not in ('SAME', 'VALID'):
    raise ValueError("%s: padding=%r is not valid: expected 'SAME' or "
                     "'VALID'." % (name, padding))
  # TensorFlow's pooling ops refuse a zero window only when taking the
  # maximum (an average over an empty or negative window passes).
  if name.startswith('max') and any(int(v) == 0 for v in window):
    raise _argcheck.error(ValueError, name, 'kernel_size', kernel_size,
                          '%d positive ints' % spatial_dims,
                          'Pass e.g. kernel_size=2.')
  if any(int(v) <= 0 for v in strides):
    raise _argcheck.error(ValueError, name, 'stride', stride,
                          '%d positive ints' % spatial_dims,
                          'Pass e.g. stride=2.')
  dtype = _layer_argcheck.static_dtype(inputs)
  if dtype == tf.string:
    raise TypeError('%s: the inputs are strings: pooling needs a numeric '
                    'tensor; decode or cast them first.' % name)
  shape = _layer_argcheck.static_shape(inputs)
  if shape is not None and shape.rank is not None:
    if shape.rank != spatial_dims + 2:
      raise ValueError('%s expects a rank-%d input, but got rank %d (shape '
                       '%s).' % (name, spatial_dims + 2, shape.rank, shape))
    _layer_argcheck.window_fits(name, shape, data_format.startswith('NC'), window,
                           padding)
  return window, strides, padding


def _spatial_pool(*, inputs, kernel_size, stride, padding, data_format,
                  outputs_collections, scope, spatial_dims, pool_fn,
                  default_scope):
  """Shared body of the four 2-D / 3-D pooling layers (their own arguments,
  then what tells them apart)."""
  _check_format(data_format, _2D_FORMATS if spatial_dims == 2 else _3D_FORMATS)
  window, strides, padding = _check_pool(
      inputs, kernel_size=kernel_size, stride=stride, padding=padding,
      data_format=data_format, spatial_dims=spatial_dims,
      name=_PUBLIC_NAMES[default_scope])
  _argcheck.collections_argument(_PUBLIC_NAMES[default_scope],
                                 'outputs_collections', outputs_collections)
  if _dry_run.active():
    return _dry_run.output(
        lambda: _pooled_shape(inputs, window, strides, padding, data_format),
        _layer_argcheck.static_dtype(inputs))
  with tf.name_scope(scope, default_scope, [inputs]) as sc:
    inputs = tf.convert_to_tensor(inputs)
    _layer_argcheck.check_rank(inputs, spatial_dims + 2, default_scope)
    channels_first = data_format.startswith('NC')
    if spatial_dims == 2:
      if channels_first:
        ksize, step = (1, 1) + window, (1, 1) + strides
      else:
        ksize, step = (1,) + window + (1,), (1,) + strides + (1,)
      outputs = pool_fn(inputs, ksize=ksize, strides=step, padding=padding,
                        data_format=data_format)
    else:
      # The 3-D pooling kernels only take channels-last input on every device.
      if channels_first:
        inputs = tf.transpose(inputs, (0, 2, 3, 4, 1))
      outputs = pool_fn(inputs, ksize=(1,) + window + (1,),
                        strides=(1,) + strides + (1,), padding=padding)
      if channels_first:
        outputs = tf.transpose(outputs, (0, 4, 1, 2, 3))
    return utils.collect_named_outputs(outputs_collections, sc, outputs)


def _pooled_shape(inputs, window, strides, padding, data_format):
  """The static output shape of a pooling layer whose checks passed; None
  where TensorFlow might still refuse it (an input that is not floating
  point, a window below 1) or the rank is unknown."""
  shape = _layer_argcheck.static_shape(inputs)
  if (shape.rank is None or not _layer_argcheck.static_dtype(inputs).is_floating
      or min(int(k) for k in window) < 1):
    return None
  dims = shape.as_list()
  first = 2 if data_format.startswith('NC') else 1
  for i, (k, s) in enumerate(zip(window, strides)):
    dims[first + i] = _layer_steps.conv_output_length(
        dims[first + i], int(k), padding, int(s))
  return dims


@add_arg_scope
def avg_pool2d(inputs,
               kernel_size,
               stride=2,
               padding='VALID',
               data_format=DATA_FORMAT_NHWC,
               outputs_collections=None,
               scope=None):
  """2-D average pooling over height and width.

  Args:
    inputs: a 4-D tensor, `[batch, height, width, channels]` for 'NHWC' or
      `[batch, channels, height, width]` for 'NCHW'.
    kernel_size: `[kernel_height, kernel_width]`, or one int for both.
    stride: `[stride_height, stride_width]`, or one int for both.
    padding: 'VALID' or 'SAME'.
    data_format: 'NHWC' (default) or 'NCHW'.
    outputs_collections: collections to add the output to.
    scope: name scope (default 'AvgPool2D').

  Returns:
    The pooled tensor.

  Raises:
    ValueError: for another `data_format`, a malformed `kernel_size`, `stride`
      or `padding`, or an input that is not 4-D.
  """
  return _spatial_pool(**own_arguments(locals()), spatial_dims=2,
                       pool_fn=tf.nn.avg_pool, default_scope='AvgPool2D')


@add_arg_scope
def max_pool2d(inputs,
               kernel_size,
               stride=2,
               padding='VALID',
               data_format=DATA_FORMAT_NHWC,
               outputs_collections=None,
               scope=None):
  """2-D max pooling over height and width.

  Arguments, result and errors as in `avg_pool2d`; the default scope is
  'MaxPool2D'.
  """
  return _spatial_pool(**own_arguments(locals()), spatial_dims=2,
                       pool_fn=tf.nn.max_pool, default_scope='MaxPool2D')


@add_arg_scope
def avg_pool3d(inputs,
               kernel_size,
               stride=2,
               padding='VALID',
               data_format=DATA_FORMAT_NDHWC,
               outputs_collections=None,
               scope=None):
  """3-D average pooling over depth, height and width.

  Args:
    inputs: a 5-D tensor, `[batch, depth, height, width, channels]` for
      'NDHWC' or `[batch, channels, depth, height, width]` for 'NCDHW'.
    kernel_size: `[kernel_depth, kernel_height, kernel_width]`, or one int.
    stride: `[stride_depth, stride_height, stride_width]`, or one int.
    padding: 'VALID' or 'SAME'.
    data_format: 'NDHWC' (default) or 'NCDHW'.
    outputs_collections: collections to add the output to.
    scope: name scope (default 'AvgPool3D').

  Returns:
    The pooled tensor.

  Raises:
    ValueError: for another `data_format`, a malformed `kernel_size`, `stride`
      or `padding`, or an input that is not 5-D.
  """
  return _spatial_pool(**own_arguments(locals()), spatial_dims=3,
                       pool_fn=tf.nn.avg_pool3d, default_scope='AvgPool3D')


@add_arg_scope
def max_pool3d(inputs,
               kernel_size,
               stride=2,
               padding='VALID',
               data_format=DATA_FORMAT_NDHWC,
               outputs_collections=None,
               scope=None):
  """3-D max pooling over depth, height and width.

  Arguments, result and errors as in `avg_pool3d`; the default scope is
  'MaxPool3D'.
  """
  return _spatial_pool(**own_arguments(locals()), spatial_dims=3,
                       pool_fn=tf.nn.max_pool3d, default_scope='MaxPool3D')


for _layer in (avg_pool2d, max_pool2d, avg_pool3d, max_pool3d):
  _dry_run.register(_layer)
del _layer


@add_arg_scope
def pool(inputs,
         kernel_size,
         pooling_type,
         padding='VALID',
         data_format=None,
         dilation_rate=1,
         stride=1,
         outputs_collections=None,
         scope=None):
  """N-d average or max pooling over the spatial dimensions (`tf.nn.pool`).

  Args:
    inputs: a tensor of rank N+2: batch, N spatial dimensions and channels
      (channels second when `data_format` starts with 'NC').
    kernel_size: N ints >= 1, or one int for all spatial dimensions.
    pooling_type: 'AVG' or 'MAX'.
    padding: 'VALID' or 'SAME'.
    data_format: None (channels last), or 'NWC'/'NCW', 'NHWC'/'NCHW',
      'NDHWC'/'NCDHW' for N = 1, 2, 3.
    dilation_rate: N ints >= 1, or one int; strides must be 1 when any is > 1.
    stride: N ints >= 1, or one int; dilation must be 1 when any is > 1.
    outputs_collections: collections to add the output to.
    scope: name of the pooling op (default 'avg_pool' or 'max_pool').

  Returns:
    The pooled tensor.

  Raises:
    ValueError: if the input rank is unknown or below 3, or an argument is
      invalid.
  """
  default_name = pooling_type.lower() + '_pool'
  with tf.name_scope(scope, default_name, [inputs]) as name:
    inputs = tf.convert_to_tensor(inputs)
    spatial_dims = _spatial_dims(inputs)
    window, dilation, strides = [
        utils.n_positive_integers(spatial_dims, value)
        for value in (kernel_size, dilation_rate, stride)]
    pooled = tf.nn.pool(inputs, window, pooling_type, padding,
                        dilation_rate=dilation, strides=strides, name=name,
                        data_format=data_format)
    return utils.collect_named_outputs(outputs_collections, name, pooled)


def _spatial_dims(inputs):
  """N for a rank N+2 input (batch, N spatial dimensions, channels).

  Raises:
    ValueError: if the rank is unknown or below 3.
  """
  rank = inputs.get_shape().ndims
  if rank is None:
    raise ValueError('Rank of inputs must be known: pool needs a tensor of '
                     'known rank N+2 (batch, N spatial dims, channels).')
  if rank < 3:
    raise ValueError('Rank of inputs must be >= 3 (batch, spatial dims, '
                     'channels), got rank %d.' % rank)
  return rank - 2
