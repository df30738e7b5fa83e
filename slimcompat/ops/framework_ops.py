"""Graph lookups slim exposes from its framework ops: which graph, which name scope."""

from slimcompat._compat import tf
from slimcompat._compat import tf2

__all__ = ['get_graph_from_inputs', 'get_name_scope']

_GRAPH_ELEMENTS = (tf.Operation, tf2.Tensor, tf2.Variable, tf.SparseTensor,
                   tf.IndexedSlices)


def _graph_of(element):
  if isinstance(element, tf2.Variable):
    return element.graph
  if isinstance(element, (tf.SparseTensor, tf.IndexedSlices)):
    return element.values.graph
  return element.graph


def get_graph_from_inputs(op_input_list, graph=None):
  """Returns the graph that an op built from `op_input_list` belongs to.

  The graph is `graph` when given, else that of the first graph element
  (Tensor, Operation, Variable, SparseTensor, IndexedSlices) of the list, else
  the default graph.  Every graph element of the list must belong to it.

  Args:
    op_input_list: a list or tuple of inputs, graph elements or not.
    graph: optional graph the inputs must belong to.

  Returns:
    The graph.

  Raises:
    TypeError: if `op_input_list` is not a list or tuple, or `graph` is not a
      `tf.Graph`.
    ValueError: if the inputs come from different graphs, or not from `graph`.
  """
  if not isinstance(op_input_list, (list, tuple)):
    raise TypeError('The op_input_list must be a list or tuple of inputs; got '
                    '%s.' % type(op_input_list).__name__)
  if graph is not None and not isinstance(graph, tf.Graph):
    raise TypeError('Input graph needs to be a tf.Graph; got %s.' %
                    type(graph).__name__)
  found = graph
  first = None
  for element in op_input_list:
    if not isinstance(element, _GRAPH_ELEMENTS):
      continue
    element_graph = _graph_of(element)
    if element_graph is None:
      continue
    if found is None:
      found, first = element_graph, element
    elif element_graph is not found:
      raise ValueError(
          '%s must be from the same graph as %s: all inputs of an op must '
          'live in one graph.' % (element, first if first is not None else
                                  'the given graph'))
  return found if found is not None else tf.get_default_graph()


def get_name_scope():
  """Returns the current name scope of the default graph, e.g. 'a/b'."""
  return tf.get_default_graph().get_name_scope()
