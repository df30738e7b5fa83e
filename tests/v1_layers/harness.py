"""Builds one case of `cases.CASES` with a TF1 layers module and describes
everything TF1 code can observe: output names, shapes and values, gradients,
variables (names, shapes, dtypes, kind, collections), UPDATE_OPS and their
effect, REGULARIZATION_LOSSES names and values, layer attributes, errors.

The description is a JSON-able dict plus a dict of arrays, so that it can be
compared live (TF's own layers on Keras-2 TensorFlow) or against the
recorded expectations (`expectations.json` / `expectations.npz`).
"""

import numpy as np

from slimcompat._compat import tf, tf2

# What a case gets to build with: the module under test and input makers.
class Kit(object):

  def __init__(self, layers):
    self.layers = layers
    self.rng = np.random.RandomState(0)
    self.inputs = []
    self.attrs = {}

  def value(self, *shape):
    return tf.constant(self.rng.uniform(-1, 1, shape).astype(np.float32))

  def x(self, *shape):
    """A float32 input of `shape` whose gradient is compared."""
    tensor = self.value(*shape)
    self.inputs.append(tensor)
    return tensor

  def record(self, layer, key='layer'):
    """Keeps what TF1 code can read off a layer object."""
    def names(variables):
      return [v.name for v in variables]
    spec = layer.input_spec
    specs = spec if isinstance(spec, list) else [spec]
    self.attrs[key] = {
        'name': layer.name, 'built': bool(layer.built),
        'dtype': layer.dtype, 'trainable': bool(layer.trainable),
        'scope_name': layer.scope_name if layer.built else None,
        'variables': names(layer.variables),
        'trainable_variables': names(layer.trainable_variables),
        'trainable_weights': names(layer.trainable_weights),
        'non_trainable_variables': names(layer.non_trainable_variables),
        'weights': names(layer.weights),
        'updates': sorted(u.name for u in layer.updates),
        'losses': sorted(t.name for t in layer.losses),
        'input_spec': [None if s is None else
                       {'ndim': s.ndim, 'min_ndim': s.min_ndim,
                        'max_ndim': s.max_ndim,
                        'axes': {str(k): v for k, v in (s.axes or {}).items()}}
                       for s in specs],
    }


def _names(items):
  return [getattr(item, 'name', str(item)) for item in items]


def _variable_values(variables):
  """Deterministic values per variable name (the same on both sides)."""
  values = {}
  for variable in variables:
    seed = sum(ord(c) * (i + 1) for i, c in enumerate(variable.op.name))
    rng = np.random.RandomState(seed % (2 ** 31))
    shape = variable.shape.as_list()
    low = 0.5 if 'variance' in variable.op.name or 'stddev' in (
        variable.op.name) else -0.5
    values[variable] = rng.uniform(low, 1.0, shape).astype(
        variable.dtype.base_dtype.as_numpy_dtype)
  return values


def describe(build, layers):
  """Runs case `build(kit)` in a fresh graph with `layers`; returns
  (json-able description, {key: array})."""
  graph = tf.Graph()
  arrays = {}
  with graph.as_default():
    kit = Kit(layers)
    try:
      outputs = build(kit)
    except Exception as err:
      return {'error': type(err).__name__,
              'variables_after_error': _names(tf.global_variables()),
              'graph_untouched': len(graph.get_operations()) ==
                                 len(kit.inputs)}, arrays
    outputs = outputs if isinstance(outputs, (list, tuple)) else [outputs]
    run = not getattr(build, 'build_only', False)
    variables = tf.global_variables()
    desc = {
        'outputs': [t.name for t in outputs],
        'shapes': [t.shape.as_list() if t.shape.rank is not None else None
                   for t in outputs],
        'dtypes': [t.dtype.name for t in outputs],
        'variables': [[v.name, v.shape.as_list(), v.dtype.base_dtype.name,
                       'resource' if _is_resource(v) else 'ref']
                      for v in variables],
        'trainable': _names(tf.trainable_variables()),
        'model': _names(tf.model_variables()),
        'local': _names(tf.local_variables()),
        'update_ops': _names(tf.get_collection(tf.GraphKeys.UPDATE_OPS)),
        'regularization_losses': _names(
            tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)),
        'attrs': kit.attrs,
    }
    if not run:
      return desc, arrays
    values = _variable_values(variables)
    float_outputs = [t for t in outputs if t.dtype.is_floating]
    total = tf.add_n([tf.reduce_sum(t * (1.0 + 0.1 * i))
                      for i, t in enumerate(float_outputs)])
    trainable = tf.trainable_variables()
    sources = kit.inputs + trainable
    grads = tf.gradients(total, sources) if sources else []
    regs = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    with tf.Session(graph=graph) as session:
      session.run(tf.global_variables_initializer())
      if not getattr(build, 'keep_initial_values', False):
        for variable, value in values.items():
          variable.load(value, session)
      got = session.run(list(outputs) + [g for g in grads if g is not None] +
                        list(regs))
      updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
      if updates:
        for update in updates:  # one at a time: several may share a variable
          session.run(update)
        after = session.run(variables)
        for variable, value in zip(variables, after):
          arrays['after_update/' + variable.op.name] = value
    count = len(outputs)
    for i, value in enumerate(got[:count]):
      arrays['output/%d' % i] = np.asarray(value)
    kept = [s for s, g in zip(sources, grads) if g is not None]
    desc['gradients'] = [s.op.name if s in trainable else 'input%d' %
                         kit.inputs.index(s) for s in kept]
    for name, value in zip(desc['gradients'], got[count:count + len(kept)]):
      arrays['grad/' + name] = np.asarray(value)
    for i, value in enumerate(got[count + len(kept):]):
      arrays['regularization/%d' % i] = np.asarray(value)
  return desc, arrays


def _is_resource(variable):
  return 'Resource' in type(variable).__name__ or (
      variable.op.type == 'VarHandleOp')


def assert_same(got, want, atol=1e-5):
  """Compares two (description, arrays) pairs; raises AssertionError."""
  got_desc, got_arrays = got
  want_desc, want_arrays = want
  assert got_desc == want_desc, _diff(got_desc, want_desc)
  assert sorted(got_arrays) == sorted(want_arrays), (sorted(got_arrays),
                                                     sorted(want_arrays))
  for key in want_arrays:
    np.testing.assert_allclose(got_arrays[key], want_arrays[key], atol=atol,
                               rtol=1e-5, err_msg=key)


def _diff(got, want):
  lines = []
  for key in sorted(set(got) | set(want)):
    if got.get(key) != want.get(key):
      lines.append('%s:\n  slimcompat: %r\n  reference:  %r' %
                   (key, got.get(key), want.get(key)))
  return '\n'.join(lines)


__all__ = ['describe', 'assert_same', 'Kit', 'tf2']
