"""Turn the `StepStats` of a traced `Session.run` into a Chrome trace (JSON).

The file opens in chrome://tracing or https://ui.perfetto.dev: one process
row per device, one slice per executed op (named by its op type, with the
node name in its arguments).  TensorFlow's own converter is not part of its
public API, so this small one is used by `slimcompat.learning.train_step`.
"""

import json
import re

# A node's timeline label reads "node_name = OpType(input, ...)".
_LABEL = re.compile(r'^[^=]*=\s*([\w.:/-]+)\(')


def _op_type(node_stats):
  match = _LABEL.match(node_stats.timeline_label or '')
  return match.group(1) if match else node_stats.node_name


def trace_events(step_stats):
  """The list of Chrome trace events for `step_stats`."""
  events = []
  for pid, device_stats in enumerate(step_stats.dev_stats):
    events.append({'name': 'process_name', 'ph': 'M', 'pid': pid,
                   'args': {'name': device_stats.device}})
    events.append({'name': 'process_sort_index', 'ph': 'M', 'pid': pid,
                   'args': {'sort_index': pid}})
    for node in device_stats.node_stats:
      op_type = _op_type(node)
      events.append({
          'name': op_type,
          'cat': 'Op',
          'ph': 'X',
          'pid': pid,
          'tid': node.thread_id,
          'ts': node.all_start_micros,
          'dur': node.all_end_rel_micros,
          'args': {'name': node.node_name, 'op': op_type},
      })
  return events


def chrome_trace(step_stats):
  """A Chrome trace JSON document (str) for `step_stats`."""
  return json.dumps({'traceEvents': trace_events(step_stats)}, indent=1)
