"""`InputSpec`: what rank, dtype and fixed axes a TF1 layer accepts."""

from slimcompat._compat import tf2


class InputSpec(object):
  """Constraints a layer places on its input, checked on every call.

  Args:
    dtype: required dtype of the input, or None.
    shape: required shape (None entries are free), or None.
    ndim: required rank, or None.
    max_ndim: largest rank accepted, or None.
    min_ndim: smallest rank accepted, or None.
    axes: dict {axis: size} of axes whose size is fixed.
    allow_last_axis_squeeze: accept a rank one less or one more than
      `shape` when the extra last axis has size 1.
    name: name of the input this spec describes (for messages only).
    optional: whether the input may be None (later Keras 2 releases).
  """

  def __init__(self, dtype=None, shape=None, ndim=None, max_ndim=None,
               min_ndim=None, axes=None, allow_last_axis_squeeze=False,
               name=None, optional=False):
    self.dtype = tf2.as_dtype(dtype).name if dtype is not None else None
    shape = tf2.TensorShape(shape)
    if shape.rank is None:
      self.shape = None
    else:
      self.shape = tuple(shape.as_list())
      ndim = shape.rank
    self.ndim = ndim
    self.max_ndim = max_ndim
    self.min_ndim = min_ndim
    self.name = name
    self.optional = optional
    self.allow_last_axis_squeeze = allow_last_axis_squeeze
    self.axes = {int(k): v for k, v in (axes or {}).items()}
    if self.axes and (self.ndim is not None or self.max_ndim is not None):
      top = (self.ndim if self.ndim is not None else self.max_ndim) - 1
      if max(self.axes) > top:
        raise ValueError(
            'InputSpec: axis %d is out of range for an input of rank %d; '
            'give axes inside the rank.' % (max(self.axes), top + 1))

  def __repr__(self):
    fields = [('dtype', self.dtype), ('shape', self.shape),
              ('ndim', self.ndim), ('max_ndim', self.max_ndim),
              ('min_ndim', self.min_ndim), ('axes', self.axes or None)]
    return 'InputSpec(%s)' % ', '.join(
        '%s=%s' % (key, value) for key, value in fields if value)

  def get_config(self):
    return {'dtype': self.dtype, 'shape': self.shape, 'ndim': self.ndim,
            'max_ndim': self.max_ndim, 'min_ndim': self.min_ndim,
            'axes': self.axes}

  @classmethod
  def from_config(cls, config):
    return cls(**config)


def check_inputs(specs, inputs, layer_name):
  """Raises ValueError when `inputs` break one of `specs` (an InputSpec or
  a list of them, one per input)."""
  if not specs:
    return
  specs = tf2.nest.flatten(specs)
  inputs = tf2.nest.flatten(inputs)
  if len(inputs) != len(specs):
    raise ValueError(
        'Layer "%s" expects %d input(s) but received %d; pass one tensor per '
        'input.' % (layer_name, len(specs), len(inputs)))
  for index, (spec, tensor) in enumerate(zip(specs, inputs)):
    if spec is None or (spec.optional and tensor is None):
      continue
    _check_one(spec, tensor, layer_name, index)


def _check_one(spec, tensor, layer_name, index):
  shape = tf2.TensorShape(tensor.shape)
  rank = shape.rank
  where = 'Input %d of layer "%s"' % (index, layer_name)
  if spec.ndim is not None and not spec.allow_last_axis_squeeze:
    if rank != spec.ndim:
      raise ValueError('%s is incompatible with the layer: expected ndim=%d, '
                       'found ndim=%s. Full shape received: %s' %
                       (where, spec.ndim, rank, _shape_text(shape)))
  if spec.max_ndim is not None and rank is not None and rank > spec.max_ndim:
    raise ValueError('%s is incompatible with the layer: expected '
                     'max_ndim=%d, found ndim=%d' % (where, spec.max_ndim,
                                                     rank))
  if spec.min_ndim is not None and rank is not None and rank < spec.min_ndim:
    raise ValueError('%s is incompatible with the layer: expected '
                     'min_ndim=%d, found ndim=%d. Full shape received: %s' %
                     (where, spec.min_ndim, rank, _shape_text(shape)))
  if spec.dtype is not None and tensor.dtype.name != spec.dtype:
    raise ValueError('%s is incompatible with the layer: expected dtype=%s, '
                     'found dtype=%s' % (where, spec.dtype, tensor.dtype.name))
  if spec.axes and rank is not None:
    dims = shape.as_list()
    for axis, size in spec.axes.items():
      actual = dims[axis] if -rank <= axis < rank else None
      if size is not None and actual not in (size, None):
        raise ValueError('%s is incompatible with the layer: expected axis %d '
                         'of input shape to have value %d, but received input '
                         'with shape %s' % (where, axis, size,
                                            _shape_text(shape)))
  if spec.shape is not None and rank is not None:
    wanted = spec.shape
    dims = shape.as_list()
    if spec.allow_last_axis_squeeze:
      if dims and dims[-1] == 1:
        dims = dims[:-1]
      if wanted and wanted[-1] == 1:
        wanted = wanted[:-1]
    for want, got in zip(wanted, dims):
      if want is not None and got is not None and want != got:
        raise ValueError('%s is incompatible with the layer: expected '
                         'shape=%s, found shape=%s' % (where, spec.shape,
                                                       _shape_text(shape)))


def _shape_text(shape):
  return str(tuple(shape.as_list())) if shape.rank is not None else 'None'
