"""Legacy scripts using the rest of TF1's tf.contrib (training/HParams,
quantize, metrics, losses, deep module paths, guarded imports of refused
modules), each run unchanged through ``slimcompat run --tf1`` in a fresh
subprocess and shown to train or evaluate."""

from tests.cli.test_cli import out_line
from tests.cli.test_cli import script
from tests.cli.test_cli import slimcompat


def test_quantize_imported_but_off_trains():
  result = slimcompat('run', '--tf1', script('contrib_quantize_flag.py'))
  assert out_line(result) == 'True True'


def test_quantize_switched_on_fails_with_the_hint():
  result = slimcompat('run', '--tf1', script('contrib_quantize_flag.py'),
                      '--quantize')
  assert result.returncode == 1
  assert 'OUT' not in result.stdout
  assert ('NotImplementedError: tensorflow.contrib.quantize.'
          'create_training_graph is not provided') in result.stderr
  assert 'post-training quantization' in result.stderr
  assert 'tf.lite.TFLiteConverter' in result.stderr


def test_hparams_overridden_from_the_command_line():
  result = slimcompat('run', '--tf1', script('contrib_hparams.py'),
                      '--hparams', 'learning_rate=0.2,hidden=[4,3],'
                      'use_bias=false')
  # The overrides reach the model: two hidden layers, no output biases.
  assert out_line(result) == (
      '{"activation": "relu", "hidden": [4, 3], "learning_rate": 0.2, '
      '"steps": 3, "use_bias": false} '
      "['hidden0/weights', 'hidden0/biases', 'hidden1/weights', "
      "'hidden1/biases', 'out/weights'] 3 True")


def test_hparams_bad_override_is_a_value_error():
  result = slimcompat('run', '--tf1', script('contrib_hparams.py'),
                      '--hparams', 'steps=1.5')
  assert result.returncode == 1
  assert "ValueError: Could not parse hparam 'steps'" in result.stderr


def test_streaming_metrics_evaluated_repeatedly():
  result = slimcompat('run', '--tf1', script('contrib_metrics_eval.py'))
  assert out_line(result) == "['accuracy', 'mean_label'] True True"


def test_contrib_losses():
  result = slimcompat('run', '--tf1', script('contrib_losses.py'))
  assert out_line(result) == '2 True True'


def test_deep_paths_and_layer_helpers():
  result = slimcompat('run', '--tf1', script('contrib_deep_paths.py'))
  # The custom getter renamed 'kernel' to 'weights' and made it a model
  # variable; _add_variable_to_collections put it in the 'ws' collection.
  assert out_line(result) == (
      "['conv1/weights', 'extra_bias'] ['conv1/weights'] [2] 1 True True")


def test_guarded_imports_of_refused_modules_fall_back():
  result = slimcompat('run', '--tf1', script('contrib_guarded_fallback.py'))
  assert out_line(result) == 'True True True True True'
