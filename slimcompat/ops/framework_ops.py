"""Graph lookups slim exposes from its framework ops: which graph, which name scope."""

from slimcompat._compat import tf as _tf
from slimcompat._compat import tf2 as _tf2

__all__ = ['get_graph_from_inputs', 'get_name_scope']

def _graph_element(candidate):
  """The graph-bound object behind `candidate`, or None for plain values."""
  if isinstance(candidate, (_tf.Operation, _tf2.Tensor, _tf2.Variable)):
    return candidate if hasattr(candidate, 'graph') else None
  return None


def get_graph_from_inputs(op_input_list, graph=None):
  """Returns the graph that an op built from `op_input_list` belongs to.

  Inside a function being traced that is the function's graph.  Otherwise it
  is `graph` when given, else the graph of the first Tensor, Operation or
  Variable among the inputs, else the default graph; every graph element of
  the inputs must belong to it.

  Args:
    op_input_list: an iterable of inputs, graph elements or not.
    graph: optional `tf.Graph` the inputs must belong to.

  Returns:
    The graph.

  Raises:
    TypeError: if `graph` is not a `tf.Graph` (or the inputs are not iterable).
    ValueError: if the inputs come from different graphs, or not from `graph`.
  """
  default = _tf.get_default_graph()
  if default.building_function:
    return default
  inputs = tuple(op_input_list)
  if graph and not isinstance(graph, _tf.Graph):
    raise TypeError('Input graph needs to be a Graph: %s; pass a tf.Graph or '
                    'None.' % (graph,))
  first = None
  for candidate in inputs:
    element = _graph_element(candidate)
    if element is None:
      continue
    if not graph:
      first, graph = element, element.graph
    elif first is not None:
      if element.graph is not first.graph:
        raise ValueError(
            '%s must be from the same graph as %s: all inputs of an op must '
            'live in one graph.' % (element, first))
    elif element.graph is not graph:
      raise ValueError('%s is not from the passed-in graph.' % element)
  return graph or default


def get_name_scope():
  """Returns the current name scope of the default graph, e.g. 'a/b'."""
  return _tf.get_default_graph().get_name_scope()
