"""slim's variables API: creating, collecting, filtering and restoring variables.

Model variables are the parameters of a model (saved, restored and fine-tuned);
every slim layer creates its weights through `model_variable`, which files them
under both GLOBAL_VARIABLES and MODEL_VARIABLES.  `variable` and
`model_variable` are `arg_scope`-aware, so
``with arg_scope([model_variable], device='/cpu:0')`` moves every layer's
weights.  The lookup helpers read graph collections, so their order is the
order in which variables were created.
"""

from collections import abc as _abc
import functools
import re
import warnings as _warnings

import numpy as _np

from slimcompat import _argcheck
from slimcompat import _keras_objects
from slimcompat._compat import tf
from slimcompat.ops import arg_scope as _arg_scope_lib
from slimcompat.ops import _checkpoints
from slimcompat.ops import _global_step

__all__ = ['add_model_variable',
           'assert_global_step',
           'assert_or_get_global_step',
           'assign_from_checkpoint',
           'assign_from_checkpoint_fn',
           'assign_from_values',
           'assign_from_values_fn',
           'create_global_step',
           'filter_variables',
           'get_global_step',
           'get_or_create_global_step',
           'get_local_variables',
           'get_model_variables',
           'get_trainable_variables',
           'get_unique_variable',
           'get_variables_by_name',
           'get_variables_by_suffix',
           'get_variable_full_name',
           'get_variables_to_restore',
           'get_variables',
           'global_variable',
           'local_variable',
           'model_variable',
           'variable',
           'VariableDeviceChooser']

_GraphKeys = tf.GraphKeys

assert_global_step = _global_step.assert_global_step
assert_or_get_global_step = _global_step.assert_or_get_global_step
get_global_step = _global_step.get_global_step
create_global_step = _global_step.create_global_step
get_or_create_global_step = _global_step.get_or_create_global_step

assign_from_values = _checkpoints.assign_from_values
assign_from_values_fn = _checkpoints.assign_from_values_fn
assign_from_checkpoint = _checkpoints.assign_from_checkpoint
assign_from_checkpoint_fn = _checkpoints.assign_from_checkpoint_fn
get_variable_full_name = _checkpoints.get_variable_full_name


def _collected_variable(initial_value, collection, validate_shape, name,
                        use_resource):
  return tf.Variable(
      initial_value,
      trainable=False,
      collections=[collection],
      validate_shape=validate_shape,
      use_resource=use_resource,
      name=name)


def _check_initial_value(initial_value):
  """A nested list must be rectangular (TensorFlow finds out only after
  opening the variable's name scope)."""
  if isinstance(initial_value, (list, tuple)):
    try:
      with _warnings.catch_warnings():
        _warnings.simplefilter('ignore')  # NumPy < 1.24 warns, then boxes
        ragged = _np.asarray(initial_value).dtype == object
    except ValueError:
      ragged = True
    if ragged and not any(tf.is_tensor(v) for v in tf.nest.flatten(
        initial_value)):
      raise ValueError(
          'initial_value=%s is not a rectangular array: give every row the '
          'same length.' % _argcheck.describe(initial_value))


def local_variable(initial_value,
                   validate_shape=True,
                   name=None,
                   use_resource=None):
  """Creates a non-trainable variable in LOCAL_VARIABLES only (never saved).

  Args:
    initial_value: the initial value, as for `tf.compat.v1.Variable`.
    validate_shape: whether the shape of `initial_value` must be known.
    name: optional name of the variable.
    use_resource: if True, a resource variable.

  Returns:
    The new variable.
  """
  _check_initial_value(initial_value)
  return _collected_variable(initial_value, _GraphKeys.LOCAL_VARIABLES,
                             validate_shape, name, use_resource)


def global_variable(initial_value,
                    validate_shape=True,
                    name=None,
                    use_resource=None):
  """Creates a non-trainable variable in GLOBAL_VARIABLES only.

  Args:
    initial_value: the initial value, as for `tf.compat.v1.Variable`.
    validate_shape: whether the shape of `initial_value` must be known.
    name: optional name of the variable.
    use_resource: if True, a resource variable.

  Returns:
    The new variable.
  """
  return _collected_variable(initial_value, _GraphKeys.GLOBAL_VARIABLES,
                             validate_shape, name, use_resource)


def _reused(name):
  """Whether `get_variable` will return an existing variable `name` (its
  initializer and regularizer are then never used)."""
  scope = tf.get_variable_scope()
  if not scope.reuse or not isinstance(name, str):
    return False
  full_name = scope.name + '/' + name if scope.name else name
  return _argcheck.variable_exists(full_name)


def _check_new_variable(name, shape, dtype, initializer, regularizer,
                        caching_device, partitioner, synchronization,
                        aggregation):
  """The checks `get_variable` makes only after creating something."""
  if synchronization not in list(tf.VariableSynchronization):
    raise ValueError('Invalid variable synchronization mode: %s for variable: '
                     '%s; pass a tf.VariableSynchronization value.' %
                     (synchronization, name))
  if aggregation not in list(tf.VariableAggregation):
    raise ValueError('Invalid variable aggregation mode: %s for variable: %s; '
                     'pass a tf.VariableAggregation value.' %
                     (aggregation, name))
  _argcheck.variable_initializer('variable', 'initializer', initializer, shape)
  _argcheck.variable_regularizer('variable', 'regularizer', regularizer)
  if caching_device is not None and not (isinstance(caching_device, str) or
                                         callable(caching_device)):
    # parity: TensorFlow parses it as a string, hence AttributeError.
    raise _argcheck.error(_argcheck.ValueAndAttributeError, 'variable',
                          'caching_device', caching_device,
                          'None, a device string or a function of an op',
                          "Pass e.g. caching_device='/cpu:0'.")
  try:
    static_shape = tf.TensorShape(shape) if shape is not None else None
  except (TypeError, ValueError):
    return  # get_variable raises for it before creating anything
  try:
    base_dtype = tf.as_dtype(dtype or tf.float32).base_dtype
  except (TypeError, ValueError) as err:
    _check_partitioned_dtype(name, static_shape, dtype, partitioner, err)
    return  # get_variable raises for it before creating anything
  if static_shape is None:
    return
  if not static_shape.is_fully_defined():
    if initializer is None or callable(initializer):
      raise ValueError(
          'variable %s: shape=%s is not fully defined, but a new variable '
          'made by an initializer needs every dimension. Pass a shape such '
          'as %s, or a constant initial value (without shape).' %
          (name, _argcheck.describe(shape),
           [1 if d is None else d for d in static_shape.as_list()]
           if static_shape.rank is not None else '[10, 3]'))
    return
  dims = static_shape.as_list()
  _argcheck.probe_initializer('variable', 'initializer', initializer, dims,
                              base_dtype)
  _argcheck.probe_regularizer('variable', 'regularizer', regularizer, dims,
                              base_dtype, convert_numbers=False,
                              variable=name)
  if callable(partitioner):
    try:
      parts = list(partitioner(shape=static_shape, dtype=base_dtype))
    except Exception:
      return  # get_variable calls it again and decides
    if len(parts) == len(dims) and any(
        isinstance(p, int) and p > 1 and dim is not None and p > dim
        for p, dim in zip(parts, dims)):
      raise ValueError(
          'variable %s: the partitioner returned %s partitions for shape %s: '
          'a dimension cannot be split into more parts than it has entries.'
          ' Check the partitioner (e.g. its max_partitions).' %
          (name, parts, dims))


def _check_partitioned_dtype(name, static_shape, dtype, partitioner, err):
  """Raises for a `dtype` that is no dtype (`err`: why) where TensorFlow's
  partitioned path would use it only after opening the first part's name
  scope.

  That path first calls the partitioner with the dtype as given and checks
  what it returns (raising, before anything exists, if it fails); this runs
  the same steps and raises only where TensorFlow would go on.

  Raises:
    TypeAndAttributeError: TypeError as for an unpartitioned variable,
      AttributeError as TensorFlow's partitioned path raises it.
  """
  if not callable(partitioner) or static_shape is None or not (
      static_shape.is_fully_defined() and static_shape.rank):
    return
  try:
    parts = partitioner(shape=static_shape, dtype=dtype)
  except Exception:
    return  # get_variable calls it again and raises the same
  try:
    valid = (isinstance(parts, _abc.Sequence) and
             len(parts) == static_shape.rank and all(p >= 1 for p in parts)
             and sum(p > 1 for p in parts) <= 1)
  except Exception:
    valid = False
  if valid:
    raise _argcheck.error(_argcheck.TypeAndAttributeError, 'variable',
                          'dtype', dtype, 'a tf.DType or a dtype name such '
                          "as 'float32'", '%s (variable %s)' % (err, name))


@_arg_scope_lib.add_arg_scope
def variable(name,
             shape=None,
             dtype=None,
             initializer=None,
             regularizer=None,
             trainable=True,
             collections=None,
             caching_device=None,
             device=None,
             partitioner=None,
             custom_getter=None,
             use_resource=None,
             synchronization=tf.VariableSynchronization.AUTO,
             aggregation=tf.VariableAggregation.NONE):
  """Returns the variable `name` of the current variable scope, creating it.

  Args:
    name: name of the variable inside the current variable scope.
    shape: its shape.
    dtype: its dtype (float32 when left None and nothing else decides).
    initializer: how a newly created variable gets its value.
    regularizer: a function of the variable returning a loss tensor (or None);
      the loss is added to REGULARIZATION_LOSSES.
    trainable: whether it joins TRAINABLE_VARIABLES.
    collections: the collections it joins; GLOBAL_VARIABLES when None.
    caching_device: where reads of the variable are cached.
    device: a device string, or a function of the op returning one.
    partitioner: splits the variable into partitions along one axis.
    custom_getter: called instead of `tf.compat.v1.get_variable`, with the
      same arguments plus `reuse` of the current variable scope.
    use_resource: if True, a resource variable.
    synchronization: a `tf.VariableSynchronization` value.
    aggregation: a `tf.VariableAggregation` value.

  Returns:
    The created or reused variable.
  """
  if custom_getter is None and not _reused(name):
    _check_new_variable(name, shape, dtype, initializer, regularizer,
                        caching_device, partitioner, synchronization,
                        aggregation)
  if collections is None:
    collections = [_GraphKeys.GLOBAL_VARIABLES]
  regularizer = _keras_objects.regularizer(regularizer)
  make = _variable_maker(custom_getter)
  # `device` may be a function of the op; '' leaves the placement as it is.
  with tf.device(device or ''):
    # parity: the keywords are get_variable's, which a custom_getter receives.
    return make(name, shape=shape, dtype=dtype, initializer=initializer,
                regularizer=regularizer, trainable=trainable,
                collections=list(set(collections)),
                caching_device=caching_device, partitioner=partitioner,
                use_resource=use_resource, synchronization=synchronization,
                aggregation=aggregation)


def _variable_maker(custom_getter):
  """`tf.compat.v1.get_variable`, or `custom_getter` bound to the scope's reuse."""
  if custom_getter is None:
    return tf.get_variable
  return functools.partial(custom_getter, reuse=tf.get_variable_scope().reuse)


@_arg_scope_lib.add_arg_scope
def model_variable(name,
                   shape=None,
                   dtype=tf.float32,
                   initializer=None,
                   regularizer=None,
                   trainable=True,
                   collections=None,
                   caching_device=None,
                   device=None,
                   partitioner=None,
                   custom_getter=None,
                   use_resource=None,
                   synchronization=tf.VariableSynchronization.AUTO,
                   aggregation=tf.VariableAggregation.NONE):
  """Like `variable`, and the variable also joins MODEL_VARIABLES.

  The arguments are those of `variable`; `collections` adds to
  GLOBAL_VARIABLES and MODEL_VARIABLES, which are always joined.  The call
  goes through `variable`, so an `arg_scope` on `variable` applies here too.

  Returns:
    The created or reused variable.
  """
  collections = list(collections or [])
  collections += [_GraphKeys.GLOBAL_VARIABLES, _GraphKeys.MODEL_VARIABLES]
  return variable(
      name,
      shape=shape,
      dtype=dtype,
      initializer=initializer,
      regularizer=regularizer,
      trainable=trainable,
      collections=collections,
      caching_device=caching_device,
      device=device,
      partitioner=partitioner,
      custom_getter=custom_getter,
      use_resource=use_resource,
      synchronization=synchronization,
      aggregation=aggregation)


def add_model_variable(var):
  """Adds `var` to MODEL_VARIABLES unless it is already there."""
  if var not in tf.get_collection(_GraphKeys.MODEL_VARIABLES):
    tf.add_to_collection(_GraphKeys.MODEL_VARIABLES, var)


def get_variables(scope=None,
                  suffix=None,
                  collection=_GraphKeys.GLOBAL_VARIABLES):
  """Returns the variables of `collection`, filtered by scope and/or suffix.

  Args:
    scope: a variable scope or a string; a variable is kept when its name
      matches it as a regular expression from the start.
    suffix: keep only variables whose name (before the ``:0``) ends with it.
    collection: the collection to read, GLOBAL_VARIABLES by default.

  Returns:
    A new list, in collection order.
  """
  return tf.get_collection(collection, _name_pattern(scope, suffix))


def _name_pattern(scope, suffix):
  """The regular expression `tf.compat.v1.get_collection` matches names with.

  A `suffix` is anchored at the ``:<output index>`` that ends every variable
  name, so ``'weights'`` does not match ``'weights_1:0'``.
  """
  prefix = scope.name if isinstance(scope, tf.VariableScope) else scope
  if suffix is None:
    return prefix
  ending = suffix if ':' in suffix else suffix + ':'
  return '%s.*%s' % (prefix or '', ending)


def get_model_variables(scope=None, suffix=None):
  """Returns MODEL_VARIABLES filtered as in `get_variables`."""
  return get_variables(scope, suffix, _GraphKeys.MODEL_VARIABLES)


def get_local_variables(scope=None, suffix=None):
  """Returns LOCAL_VARIABLES filtered as in `get_variables`."""
  return get_variables(scope, suffix, _GraphKeys.LOCAL_VARIABLES)


def get_trainable_variables(scope=None, suffix=None):
  """Returns TRAINABLE_VARIABLES filtered as in `get_variables`."""
  return get_variables(scope, suffix, _GraphKeys.TRAINABLE_VARIABLES)


def _scope_list(argument, what):
  if not isinstance(argument, (list, tuple)):
    raise TypeError(
        '%s is provided but is not a list or a tuple: got %r; pass scope '
        'names as a list, e.g. %s=["InceptionV3/Logits"].' %
        (what, argument, what))
  return argument


def get_variables_to_restore(include=None, exclude=None):
  """Returns the global variables to restore from a checkpoint.

  Args:
    include: optional list or tuple of scopes; only their variables are kept
      (all variables when None).
    exclude: optional list or tuple of scopes whose variables are dropped.

  Returns:
    A list of variables, in the order of the include scopes.

  Raises:
    TypeError: if `include` or `exclude` is given but is not a list or tuple.
  """
  if include is None:
    selected = get_variables()
  else:
    selected = []
    for scope in _scope_list(include, 'include'):
      selected += get_variables(scope)
  dropped = set()
  if exclude is not None:
    for scope in _scope_list(exclude, 'exclude'):
      dropped.update(get_variables(scope))
  return [v for v in selected if v not in dropped]


def get_variables_by_suffix(suffix, scope=None):
  """Returns the global variables whose name ends with `suffix`."""
  return get_variables(scope=scope, suffix=suffix)


def get_variables_by_name(given_name, scope=None):
  """Returns the global variables whose own name (last part) is `given_name`."""
  suffix = '/' + given_name + ':|^' + given_name + ':'
  return get_variables(scope=scope, suffix=suffix)


def get_unique_variable(var_op_name):
  """Returns the global variable whose op name is exactly `var_op_name`.

  Raises:
    ValueError: if no variable matches, or none matches exactly.
  """
  prefixed = get_variables(scope=var_op_name)
  exact = [v for v in prefixed if v.op.name == var_op_name]
  if exact:
    return exact[0]
  if not prefixed:
    raise ValueError(
        "Couldn't find variable %s: no global variable has that name; check "
        'the scope prefix with slim.get_variables().' % var_op_name)
  raise ValueError(
      'Variable %s does not uniquely identify a variable: it only prefixes %s; '
      'give the full op name.' %
      (var_op_name, [v.op.name for v in prefixed]))


class VariableDeviceChooser(object):
  """Chooses a device for each variable: round robin over ps tasks, or local.

  With ``num_tasks > 0`` consecutive calls return ``/job:<job_name>/task:k``
  for k = 0, 1, ..., num_tasks - 1, 0, ...; otherwise the same local device
  every time.  Use it as `device=` of `variable` / `model_variable`.
  """

  def __init__(self,
               num_tasks=0,
               job_name='ps',
               device_type='CPU',
               device_index=0,
               replica=None):
    """Sets up the chooser.

    Args:
      num_tasks: number of parameter server tasks (0: no parameter servers).
      job_name: name of the parameter server job.
      device_type: device type, e.g. "CPU" or "GPU".
      device_index: device index (None: any device of that type).
      replica: replica index, if any.
    """
    # Kept as given: the DeviceSpec is built when a device is asked for.
    self._local = dict(replica=replica, device_type=device_type,
                       device_index=device_index)
    self._ps_job = job_name
    self._ps_count = num_tasks
    self._calls = 0

  def __call__(self, op):
    del op  # the choice depends only on how many variables came before
    spec = tf.DeviceSpec(**self._local)
    if self._ps_count > 0:
      spec = spec.replace(job=self._ps_job, task=self._calls % self._ps_count)
      self._calls += 1
    return spec.to_string()


def filter_variables(var_list,
                     include_patterns=None,
                     exclude_patterns=None,
                     reg_search=True):
  """Filters variables by regular expressions on their names.

  A variable is kept when it matches any include pattern (all are kept when
  `include_patterns` is None) and no exclude pattern.

  Args:
    var_list: the variables to filter.
    include_patterns: list of regular expressions, or None.
    exclude_patterns: list of regular expressions, or None.
    reg_search: True to match anywhere in the name (`re.search`), False to
      match from its start (`re.match`).

  Returns:
    The kept variables, in their original order.
  """
  matcher = re.search if reg_search else re.match

  def matches(var, patterns):
    return any(matcher(pattern, var.name) for pattern in patterns)

  kept = list(var_list)
  if include_patterns is not None:
    kept = [v for v in kept if matches(v, include_patterns)]
  if exclude_patterns is not None:
    kept = [v for v in kept if not matches(v, exclude_patterns)]
  return kept
