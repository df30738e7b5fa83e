"""Module paths: `slim.training` is tf_slim's training.training module, and
stays usable as such even when Python binds the package there instead."""

import inspect
import sys

from tests.training import _procs

SURFACE = {
    'learning': ['add_gradients_summaries', 'clip_gradient_norms',
                 'create_train_op', 'multiply_gradients', 'train',
                 'train_step'],
    'evaluation': ['StopAfterNEvalsHook', 'SummaryAtEndHook',
                   'checkpoints_iterator', 'evaluate_once',
                   'evaluate_repeatedly', 'evaluation_loop',
                   'get_or_create_eval_step', 'wait_for_new_checkpoint'],
    'training.training': ['add_gradients_summaries', 'clip_gradient_norms',
                          'clip_gradient_norms_fn', 'create_train_op',
                          'multiply_gradients', 'train'],
    'training.evaluation': ['StopAfterNEvalsHook', 'SummaryAtEndHook',
                            'checkpoints_iterator', 'evaluate_once',
                            'evaluate_repeatedly', 'get_or_create_eval_step',
                            'wait_for_new_checkpoint'],
    'summaries': ['add_histogram_summary', 'add_image_summary',
                  'add_scalar_summary', 'add_zero_fraction_summary',
                  'add_histogram_summaries', 'add_image_summaries',
                  'add_scalar_summaries', 'add_zero_fraction_summaries'],
    'queues': ['NestedQueueRunnerError', 'QueueRunners'],
    'model_analyzer': ['analyze_ops', 'analyze_vars', 'tensor_description'],
}


def _default(value):
  return getattr(value, '__name__', value)


def _signature(fn):
  return [(p.name, p.kind, _default(p.default))
          for p in inspect.signature(fn).parameters.values()]


def test_signatures_match_reference():
  import importlib
  from tests.parity import harness
  harness.reference()
  checked = 0
  for module, names in SURFACE.items():
    ours = importlib.import_module('slimcompat.' + module)
    theirs = importlib.import_module('tf_slim.' + module)
    for name in names:
      mine, ref = getattr(ours, name), getattr(theirs, name)
      if inspect.isclass(mine) and issubclass(mine, BaseException):
        assert issubclass(ref, BaseException)
        continue
      target = mine.__init__ if inspect.isclass(mine) else mine
      ref_target = ref.__init__ if inspect.isclass(ref) else ref
      assert _signature(target) == _signature(ref_target), (module, name)
      checked += 1
  assert checked == sum(len(n) for n in SURFACE.values()) - 1


def first_import(order):
  """In a child: forgets slimcompat, imports it again in `order`, and
  reports what `slimcompat.training` is and whether `.train` works."""
  for name in [n for n in sys.modules if n.split('.')[0] == 'slimcompat']:
    del sys.modules[name]
  import importlib
  slim = importlib.import_module('slimcompat')
  for name in order:
    if name.startswith('.'):
      getattr(slim, name[1:])
    else:
      importlib.import_module(name)
  training = slim.training
  from slimcompat.training import training as training_module
  return (training.__name__, training.train is training_module.train,
          training.create_train_op is training_module.create_train_op,
          slim.train_eval.__name__)


def test_slim_training_works_in_any_import_order():
  for order in ([], ['.training'], ['slimcompat.training.evaluation'],
                ['.train_eval'], ['.learning'], ['.evaluation']):
    name, same_train, same_op, train_eval = _procs.call_in_graph_mode(
        first_import, order)
    assert name in ('slimcompat.training.training', 'slimcompat.training')
    assert same_train and same_op
    assert train_eval == 'slimcompat.training.evaluation'
  # With nothing imported first, it is the module, as in tf_slim.
  assert _procs.call_in_graph_mode(first_import, [])[0] == (
      'slimcompat.training.training')
