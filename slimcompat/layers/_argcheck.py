"""Argument checks the layer files share, and the data_format names.

Every check here runs before a layer opens its variable scope, so a bad
argument raises without leaving a scope name, variable or op behind.
"""

import numpy as np

from slimcompat._compat import tf

DATA_FORMAT_NCHW = 'NCHW'
DATA_FORMAT_NHWC = 'NHWC'
DATA_FORMAT_NCDHW = 'NCDHW'
DATA_FORMAT_NDHWC = 'NDHWC'


def normalize_tuple(value, n, name):
  """`value` as an `n`-tuple: one int repeated, or `n` int-like entries.

  Entries of a sequence are kept as given (a Dimension stays a Dimension).

  Raises:
    ValueError: for anything else.
  """
  if isinstance(value, int):
    return (value,) * n
  try:
    entries = tuple(value)
  except TypeError:
    entries = None
  if entries is None or len(entries) != n:
    raise ValueError('`%s` must be one int or a sequence of %d ints, got %r.' %
                     (name, n, value))
  for entry in entries:
    try:
      int(entry)
    except (TypeError, ValueError):
      raise ValueError('`%s` must be one int or a sequence of %d ints, got %r '
                       '(entry %r is not an int).' %
                       (name, n, value, entry)) from None
  return entries


def positive_int_tuple(value, n, name):
  """`value` (one int or `n` of them) as a tuple of `n` positive ints."""
  entries = tuple(int(v) for v in normalize_tuple(value, n, name))
  if not all(v > 0 for v in entries):
    raise ValueError('`%s` must hold positive integers, got %r.' %
                     (name, value))
  return entries


def normalize_padding(padding):
  """'VALID', 'SAME' (or 'CAUSAL') for a padding string in any case.

  Raises:
    AttributeError: if `padding` is not a string (tf-slim's error class).
    ValueError: for another string.
  """
  if not isinstance(padding, str):
    raise AttributeError("padding must be the string 'VALID' or 'SAME', got "
                         '%r.' % (padding,))
  if padding.lower() not in ('valid', 'same', 'causal'):
    raise ValueError("padding must be 'VALID' or 'SAME', got %r." % padding)
  return padding.upper()


def conv_padding(padding):
  """`normalize_padding` for conv / conv_transpose.

  tf-slim's layers accept a list of explicit paddings and TensorFlow rejects
  it later with a TypeError; it is raised here instead, before any variable
  exists.
  """
  if isinstance(padding, (list, tuple)):
    raise TypeError("padding must be the string 'SAME' or 'VALID'; explicit "
                    'paddings are not supported, got %r.' % (padding,))
  return normalize_padding(padding)


def check_op_padding(padding):
  """The `padding` a hand-built layer passes to the op unchanged.

  Allowed: 'SAME', 'VALID' (upper case) or a list of explicit paddings.

  Raises:
    ValueError: for another string.
    TypeError: for anything else.
  """
  if isinstance(padding, str):
    if padding not in ('SAME', 'VALID'):
      raise ValueError("padding must be 'SAME' or 'VALID' (upper case), got "
                       '%r.' % padding)
  elif not isinstance(padding, (list, tuple)):
    raise TypeError("padding must be 'SAME', 'VALID' or a list of explicit "
                    'paddings, got %r.' % (padding,))
  return padding


def check_rank(inputs, ndim, layer):
  """Raises ValueError if `inputs` has a known rank other than `ndim`."""
  rank = inputs.get_shape().ndims
  if rank is not None and rank != ndim:
    raise ValueError('%s expects a rank-%d input, but got rank %d (shape %s).'
                     % (layer, ndim, rank, inputs.get_shape()))


def known_rank(inputs, layer):
  """The static rank of tensor `inputs`; a ValueError naming `layer` if it is
  unknown (the normalization layers need it to choose their axes)."""
  rank = inputs.get_shape().ndims
  if rank is None:
    raise ValueError('Inputs %s has undefined rank; give the input a static '
                     'rank (e.g. with set_shape) before %s.' %
                     (inputs.name, layer))
  return rank


def static_shape(value):
  """The static shape of a tensor-like `value`, read without adding ops.

  Returns:
    A `tf.TensorShape`, or None when the shape cannot be known without
    converting `value` (a list of tensors, say).
  """
  shape = getattr(value, 'shape', None)
  try:
    if shape is None:
      shape = np.shape(value)
    return tf.TensorShape(shape)
  except Exception:
    return None


def static_dtype(value):
  """The base dtype of a tensor-like `value`, or None if it has none."""
  dtype = getattr(value, 'dtype', None)
  if dtype is None:
    return None
  try:
    return tf.as_dtype(dtype).base_dtype
  except TypeError:
    return None


def window_fits(function, shape, channels_first, window, padding, rate=None):
  """Raises ValueError if a 'VALID' window is larger than the input.

  TensorFlow finds this only when it infers the op's shape, after the layer
  has created its variables; checked here, nothing is left behind.

  Args:
    function: the public function's name, for the message.
    shape: the input's static `TensorShape` (of known rank).
    channels_first: True for NCHW-like data formats.
    window: the kernel size per spatial axis (ints).
    padding: the normalized padding; only 'VALID' is checked.
    rate: the dilation per spatial axis, or None for none.
  """
  if padding != 'VALID':
    return
  sizes = shape[2:] if channels_first else shape[1:-1]
  rate = rate or (1,) * len(window)
  for size, k, r in zip(sizes, window, rate):
    size = tf.dimension_value(size)
    span = int(k) + (int(k) - 1) * (int(r) - 1)
    if size is not None and size < span:
      raise ValueError(
          '%s: the window %s%s is larger than the input (shape %s) with '
          "padding='VALID'; use a smaller kernel_size or padding='SAME'." %
          (function, tuple(int(v) for v in window),
           ' dilated by %s' % (tuple(rate),) if any(
               int(v) != 1 for v in rate) else '', shape))
