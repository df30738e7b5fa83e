"""slimcompat.v1_layers has exactly the public names of TensorFlow's TF1
layers module, with the same signatures (parameters, order, defaults)."""

import json

import pytest

import slimcompat.v1_layers as v1_layers
from tests.v1_layers import reference

NATIVE = reference.native_layers()
with open(reference.SIGNATURES_JSON) as _handle:
  RECORDED = json.load(_handle)


def _comparable(signatures):
  # InputSpec gained `optional=False` in later Keras 2 releases (tf_keras
  # has it, TF 2.12's Keras not); slimcompat's takes it, so compare without.
  return {name: text.replace(', optional=False)', ')')
          for name, text in signatures.items()}


def expected():
  return _comparable(reference.signatures(NATIVE) if NATIVE is not None
                     else RECORDED)


def ours():
  return _comparable(reference.signatures(v1_layers))


def test_same_public_names():
  assert reference.public_names(v1_layers) == sorted(expected())
  assert sorted(v1_layers.__all__) == sorted(expected())


@pytest.mark.parametrize('name', sorted(RECORDED))
def test_same_signature(name):
  assert ours()[name] == expected()[name]


@pytest.mark.skipif(NATIVE is None, reason="needs TF's own TF1 layers")
def test_recorded_signatures_are_current():
  assert _comparable(RECORDED) == expected()
