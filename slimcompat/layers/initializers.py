"""tf_slim.layers.initializers: Xavier and variance-scaling weight initializers.

Both scale the spread of the initial weights by the fan-in and/or fan-out of
the weight shape; for a conv kernel ``[h, w, in, out]`` the receptive field
``h * w`` multiplies both fans.
"""

import math

from slimcompat._compat import tf as _tf

__all__ = ['xavier_initializer', 'xavier_initializer_conv2d',
           'variance_scaling_initializer']

_MODES = ('FAN_IN', 'FAN_OUT', 'FAN_AVG')


def xavier_initializer(uniform=True, seed=None, dtype=_tf.float32):
  """Glorot & Bengio (2010) initialization: variance ``2 / (fan_in + fan_out)``.

  Args:
    uniform: True for a uniform distribution, False for a truncated normal.
    seed: optional Python integer op seed.
    dtype: the (floating point) dtype to create.

  Returns:
    An initializer ``fn(shape, dtype=dtype, partition_info=None)``.
  """
  return variance_scaling_initializer(factor=1.0, mode='FAN_AVG',
                                      uniform=uniform, seed=seed, dtype=dtype)


xavier_initializer_conv2d = xavier_initializer


def _fans(shape):
  """(fan_in, fan_out) of a weight shape; 1.0 each for a scalar."""
  if not shape:
    return 1.0, 1.0
  fan_in = float(shape[-2]) if len(shape) > 1 else float(shape[-1])
  fan_out = float(shape[-1])
  for size in shape[:-2]:
    fan_in *= float(size)
    fan_out *= float(size)
  return fan_in, fan_out


def _check_floating(dtype):
  dtype = _tf.as_dtype(dtype)
  if not dtype.is_floating:
    raise TypeError(
        'Cannot create initializer for non-floating point type %s: weights '
        'drawn from a continuous distribution need a float dtype such as '
        'tf.float32.' % dtype.name)
  return dtype


def variance_scaling_initializer(factor=2.0, mode='FAN_IN', uniform=False,
                                 seed=None, dtype=_tf.float32):
  """Initialization whose standard deviation is ``sqrt(factor / n)``.

  ``n`` is fan_in ('FAN_IN'), fan_out ('FAN_OUT') or their mean ('FAN_AVG').
  The defaults give He et al. (2015) ("MSRA") initialization; factor 1.0 with
  'FAN_AVG' gives Xavier initialization.  The uniform variant draws from
  ``[-sqrt(3 factor / n), sqrt(3 factor / n)]``, the normal one from a normal
  truncated at two standard deviations with its stddev corrected to match.

  Args:
    factor: multiplicative factor on the variance.
    mode: 'FAN_IN', 'FAN_OUT' or 'FAN_AVG'.
    uniform: True for a uniform distribution, False for a truncated normal.
    seed: optional Python integer op seed.
    dtype: the (floating point) dtype to create.

  Returns:
    An initializer ``fn(shape, dtype=dtype, partition_info=None)``.

  Raises:
    TypeError: if `dtype` is not floating point or `mode` is not one of the
      three modes.
  """
  dtype = _check_floating(dtype)
  if mode not in _MODES:
    raise TypeError('Unknown mode %s [FAN_IN, FAN_OUT, FAN_AVG]: pass one of '
                    'these strings as `mode`.' % (mode,))

  def _initializer(shape, dtype=dtype, partition_info=None):
    dtype = _check_floating(dtype)
    fan_in, fan_out = _fans(shape)
    n = {'FAN_IN': fan_in,
         'FAN_OUT': fan_out,
         'FAN_AVG': (fan_in + fan_out) / 2.0}[mode]
    if uniform:
      limit = math.sqrt(3.0 * factor / n)
      return _tf.random_uniform(shape, -limit, limit, dtype, seed=seed)
    # 1.3 undoes the variance lost by truncating the normal at 2 stddev.
    return _tf.truncated_normal(shape, 0.0, math.sqrt(1.3 * factor / n), dtype,
                               seed=seed)

  return _initializer
