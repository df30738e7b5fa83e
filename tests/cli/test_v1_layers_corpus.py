"""A TF1 detector mixing slim layers and the TF1 layers API trains through
`slimcompat run --tf1` with keras, tf_keras and tf_slim unimportable (so
the TF1 layers must be slimcompat's, on every TensorFlow)."""

import os

from tests.test_no_private_imports import run_with_keras_blocked

CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'corpus')
SCRIPT = os.path.join(CORPUS, 'v1_layers_detector.py')

RUN = r'''
import os
os.environ['SLIMCOMPAT_V1_LAYERS'] = 'slimcompat'  # TF 2.12's own is Keras
import sys
# `slimcompat run` imports TF's own `tensorflow.compat.v1` package by that
# name, which makes TensorFlow look keras up (find_spec; without keras
# installed it finds nothing): let that one probe through, unblocked.
blocker = sys.meta_path.pop(0)
import tensorflow.compat.v1
sys.meta_path.insert(0, blocker)
from slimcompat import cli
try:
  cli.main(['run', '--tf1', %r])
finally:
  assert not attempts, 'tried to import %%s' %% attempts
''' % SCRIPT


def test_detector_head_on_slim_backbone_trains_without_keras():
  result = run_with_keras_blocked(RUN)
  assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-5000:]
  out = [l for l in result.stdout.splitlines() if l.startswith('OUT ')]
  # 2 slim batch norms + 1 TF1-layers batch norm, two moving averages each;
  # the loss fell over 30 Adam steps.
  assert out == ['OUT head/class_logits/BiasAdd head/box/Sigmoid 6 True'], (
      result.stdout)
  assert ("HEAD ['head/batch_normalization/beta', "
          "'head/batch_normalization/gamma', "
          "'head/batch_normalization/moving_mean', "
          "'head/batch_normalization/moving_variance', "
          "'head/box/bias', 'head/box/kernel', 'head/class_logits/bias', "
          "'head/class_logits/kernel', 'head/conv2d/kernel', "
          "'head/separable_conv2d/bias', "
          "'head/separable_conv2d/depthwise_kernel', "
          "'head/separable_conv2d/pointwise_kernel']") in result.stdout


RUN_V1 = r'''
import os
# Importing TF's own `tensorflow.compat.v1` package by that name makes
# TensorFlow look keras up (find_spec, which this blocker turns into an
# error; without keras installed it just finds nothing): let it, unblocked.
blocker = sys.meta_path.pop(0)
import tensorflow.compat.v1
sys.meta_path.insert(0, blocker)
assert not blocked_loaded(), blocked_loaded()
from slimcompat import _compat
if not _compat.KERAS3_ERA:  # TF 2.12-2.15: TF's own is Keras, blocked here
  os.environ['SLIMCOMPAT_V1_LAYERS'] = 'slimcompat'
from slimcompat import cli
cli.main(['run', %r])
assert not attempts, attempts
''' % os.path.join(CORPUS, 'v1_layers_compat_v1.py')


def test_compat_v1_layers_without_tf1_flag():
  # On Keras 3 no switch is needed: slimcompat's module is served by default.
  result = run_with_keras_blocked(RUN_V1)
  assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-5000:]
  assert ("OUT flatten/Reshape [[4.0, 4.0]] ['conv/kernel', 'conv/bias']"
          in result.stdout), result.stdout
