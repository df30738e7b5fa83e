"""The repair table for the reference tf-slim 1.1.0 (test process only).

tf-slim 1.1.0 and its own test files reach for TensorFlow-private names that
moved after TF 2.13.  `apply()` restores each moved name at its old place by
aliasing it to where it lives now.  It is only ever called by the test process
(the parity harness and the upstream-suite oracle), never by slimcompat.

(The full table is filled in by the upstream-oracle work; see PARITY.md.)
"""

_APPLIED = None


def apply():
  """Applies the table once; returns {'repaired': [...], 'missing': [...]}."""
  global _APPLIED
  if _APPLIED is None:
    _APPLIED = {'repaired': [], 'missing': []}
  return _APPLIED
