"""Assigning variables from numpy values or from a checkpoint (slim's variables API).

Values travel through placeholders fed at run time, so large arrays never end
up as constants inside the graph.
"""

from slimcompat._compat import tf
from slimcompat._compat import save_slice_info


def get_variable_full_name(var):
  """Returns the name `var` has in a checkpoint.

  For a plain variable that is its op name; for a slice of a partitioned
  variable it is the name of the whole variable, shared by all its slices.
  """
  info = save_slice_info(var)
  return info.full_name if info else var.op.name


def _placeholder_assign(var):
  placeholder = tf.placeholder(
      dtype=var.dtype.base_dtype,
      shape=var.get_shape(),
      name='placeholder/' + var.op.name)
  return var.assign(placeholder), placeholder


def _global_variable_named(var_name):
  candidates = tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES, var_name)
  if not candidates:
    raise ValueError(
        "Variable %s wasn't found among the global variables; check its full "
        'name with slim.get_variables().' % var_name)
  if len(candidates) == 1:
    return candidates[0]
  for candidate in candidates:
    if candidate.op.name == var_name:
      return candidate
  raise ValueError(
      "Variable %s doesn't uniquely identify a variable: it prefixes %s; give "
      'the full op name.' % (var_name, [c.op.name for c in candidates]))


def assign_from_values(var_names_to_values):
  """Builds an op assigning numpy values to global variables by name.

  Args:
    var_names_to_values: dict from variable op names to numpy arrays (each is
      reshaped to the variable's shape).

  Returns:
    `(assign_op, feed_dict)`: run `assign_op` with `feed_dict`.

  Raises:
    ValueError: if a name matches no variable, or several and none exactly.
  """
  feed_dict = {}
  assign_ops = []
  for var_name, value in var_names_to_values.items():
    var = _global_variable_named(var_name)
    assign_op, placeholder = _placeholder_assign(var)
    assign_ops.append(assign_op)
    feed_dict[placeholder] = value.reshape(var.get_shape())
  return tf.group(*assign_ops), feed_dict


def assign_from_values_fn(var_names_to_values):
  """Like `assign_from_values`, returned as a function of a session."""
  assign_op, feed_dict = assign_from_values(var_names_to_values)

  def callback(session):
    return session.run(assign_op, feed_dict)

  return callback


def _group_by_checkpoint_name(var_list):
  grouped = {}
  if isinstance(var_list, (tuple, list)):
    for var in var_list:
      grouped.setdefault(get_variable_full_name(var), []).append(var)
  else:
    for ckpt_name, value in var_list.items():
      grouped[ckpt_name] = (list(value) if isinstance(value, (tuple, list))
                            else [value])
  return grouped


def _value_for(var, ckpt_name, ckpt_value):
  info = save_slice_info(var)
  if info:
    # numpy wants a tuple of slices (a list of them is an error in numpy 1.23+).
    window = tuple(slice(start, start + size)
                   for start, size in zip(info.var_offset, info.var_shape))
    return ckpt_value[window].reshape(info.var_shape)
  if var.get_shape() != ckpt_value.shape:
    raise ValueError(
        'Total size of new array must be unchanged for %s lh_shape: [%s], '
        'rh_shape: [%s]: the checkpoint holds a different shape than the '
        'variable.' % (ckpt_name, str(ckpt_value.shape), str(var.get_shape())))
  return ckpt_value


def assign_from_checkpoint(model_path, var_list, ignore_missing_vars=False):
  """Builds an op assigning variables from the tensors of a checkpoint.

  Args:
    model_path: path of the checkpoint (e.g. from `tf.train.latest_checkpoint`).
    var_list: a list of variables (partitions of one variable are grouped under
      its full name), or a dict from checkpoint names to a variable or a list
      of variables.
    ignore_missing_vars: if True, a name missing from the checkpoint is logged
      and skipped instead of raising.

  Returns:
    `(assign_op, feed_dict)`: run `assign_op` with `feed_dict`.

  Raises:
    ValueError: if the checkpoint lacks a variable (and `ignore_missing_vars`
      is False) or holds it with another shape.
  """
  grouped = _group_by_checkpoint_name(var_list)
  reader = tf.train.NewCheckpointReader(model_path)
  feed_dict = {}
  assign_ops = []
  for ckpt_name, variables in grouped.items():
    if not reader.has_tensor(ckpt_name):
      message = 'Checkpoint is missing variable [%s]' % ckpt_name
      if ignore_missing_vars:
        tf.logging.warning(message)
        continue
      raise ValueError(
          message + ' (checkpoint %s); pass ignore_missing_vars=True to skip '
          'it.' % model_path)
    ckpt_value = reader.get_tensor(ckpt_name)
    for var in variables:
      assign_op, placeholder = _placeholder_assign(var)
      assign_ops.append(assign_op)
      feed_dict[placeholder] = _value_for(var, ckpt_name, ckpt_value)
  return tf.group(*assign_ops), feed_dict


def _found_in_checkpoint(model_path, var_list):
  """{checkpoint name: variable} for the variables the checkpoint holds; each
  one it lacks is logged."""
  if not isinstance(var_list, dict):
    var_list = {var.op.name: var for var in var_list}
  reader = tf.train.NewCheckpointReader(model_path)
  missing = [name for name in var_list if not reader.has_tensor(name)]
  for name in missing:
    tf.logging.warning('Variable %s missing in checkpoint %s', name,
                       model_path)
  absent = set(missing)
  return {name: var for name, var in var_list.items() if name not in absent}


def assign_from_checkpoint_fn(model_path,
                              var_list,
                              ignore_missing_vars=False,
                              reshape_variables=False):
  """Returns a function of a session that restores `var_list` from a checkpoint.

  Args:
    model_path: path of the checkpoint.
    var_list: a list of variables, or a dict from checkpoint names to variables.
    ignore_missing_vars: if True, variables missing from the checkpoint are
      logged and left out.
    reshape_variables: if True, a variable whose shape differs from the
      checkpoint's but has as many elements is restored reshaped.

  Returns:
    The function, or None when `ignore_missing_vars` left nothing to restore.

  Raises:
    ValueError: if `var_list` is empty.
  """
  if not var_list:
    raise ValueError(
        'var_list cannot be empty: pass the variables to restore, e.g. '
        'slim.get_variables_to_restore().')
  if ignore_missing_vars:
    var_list = _found_in_checkpoint(model_path, var_list)
  if not var_list:
    tf.logging.warning('No Variables to restore')
    return None
  saver = tf.train.Saver(var_list, reshape=reshape_variables,
                         write_version=tf.train.SaverDef.V1)

  def callback(session):
    saver.restore(session, model_path)

  return callback
