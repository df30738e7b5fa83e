"""Stand-in for ``tensorflow.contrib.quantize``.

Importable, so a training script that imports it at the top and rewrites the
graph only when quantization-aware training is switched on runs unchanged
with it off.  The four graph rewrites raise NotImplementedError when called:
they need graph surgery that public TensorFlow does not offer.  Nothing in
the graph is touched either way.
"""

from slimcompat.contrib._missing import stand_in

create_training_graph = stand_in(
    'tensorflow.contrib.quantize.create_training_graph')
create_eval_graph = stand_in('tensorflow.contrib.quantize.create_eval_graph')
experimental_create_training_graph = stand_in(
    'tensorflow.contrib.quantize.experimental_create_training_graph')
experimental_create_eval_graph = stand_in(
    'tensorflow.contrib.quantize.experimental_create_eval_graph')

__all__ = [
    'create_eval_graph',
    'create_training_graph',
    'experimental_create_eval_graph',
    'experimental_create_training_graph',
]
