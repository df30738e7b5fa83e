"""`slimcompat.install()` serves the migration guide's decorator under
``tf.compat.v1.keras.utils`` on Keras-3 TensorFlow, without importing Keras
(keras, tf_keras and tf_slim are made unimportable for the check)."""

import textwrap

from slimcompat import _compat
from tests.test_no_private_imports import run_with_keras_blocked

GUIDE_STYLE_MODULE = textwrap.dedent(r'''
    import sys
    import numpy as np
    import slimcompat
    from slimcompat._compat import tf, tf2
    KERAS3 = %r

    original = tf.keras if KERAS3 else None
    slimcompat.install()
    if KERAS3:
      decorator = tf2.compat.v1.keras.utils.track_tf1_style_variables
      assert decorator is slimcompat.track_tf1_style_variables
      assert tf.keras.utils.track_tf1_style_variables is decorator

      class Model(tf2.Module):   # the migration guide's pattern

        @tf2.compat.v1.keras.utils.track_tf1_style_variables
        def __call__(self, x):
          with tf.variable_scope('dense'):
            w = tf.get_variable('w', [3, 2], regularizer=tf.reduce_sum)
          return tf2.matmul(x, w)

      model = Model()
      model(np.ones([1, 3], np.float32))
      tf2.function(model)(np.ones([2, 3], np.float32))
      assert [v.name for v in model.variables] == ['dense/w:0']
      assert len(model.losses) == 1
      slimcompat.uninstall()
      assert tf.keras is original
    else:
      slimcompat.uninstall()
    assert not any(name.split('.')[0] in ('keras', 'tf_keras')
                   for name in sys.modules), 'Keras was imported'
    print('SERVE-OK')
''')


def test_install_serves_the_decorator_without_keras():
  result = run_with_keras_blocked(GUIDE_STYLE_MODULE % _compat.KERAS3_ERA)
  assert 'SERVE-OK' in result.stdout, result.stdout[-3000:] + result.stderr[
      -3000:]
