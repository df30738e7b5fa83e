"""Gathering many (value, update_op) pairs into lists or dicts."""


def aggregate_metrics(*value_update_tuples):
  """Splits (value, update_op) pairs into a list of values and of updates.

  Args:
    *value_update_tuples: the pairs returned by streaming metrics.

  Returns:
    `(values, update_ops)`, two lists in argument order.

  Raises:
    ValueError: if no pair is given.
  """
  if not value_update_tuples:
    raise ValueError('Expected at least one value_tensor/update_op pair')
  values, update_ops = zip(*value_update_tuples)
  return list(values), list(update_ops)


def aggregate_metric_map(names_to_tuples):
  """Splits a dict of name -> (value, update_op) into two dicts.

  Example::

    values, updates = aggregate_metric_map({
        'mae': streaming_mean_absolute_error(predictions, labels),
        'rmse': streaming_root_mean_squared_error(predictions, labels),
    })

  Args:
    names_to_tuples: dict from metric name to its (value, update_op) pair.

  Returns:
    `(names_to_values, names_to_updates)`.
  """
  names = names_to_tuples.keys()
  values, update_ops = zip(*names_to_tuples.values())
  return dict(zip(names, values)), dict(zip(names, update_ops))
