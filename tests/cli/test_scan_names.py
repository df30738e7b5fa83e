"""The scan's name tracking (`slimcompat._scan._names`), one construct a test.

Each snippet is parsed, never run; the tests look at which dotted names the
reader says it reaches, and in which context.
"""

import ast
import textwrap

import pytest

from slimcompat._scan import _checks
from slimcompat._scan import _names


def read(source):
  return _names.read_module(ast.parse(textwrap.dedent(source)),
                            _checks.interesting)


def names(source):
  return {use.name for use in read(source).uses}


def uses_of(source, name):
  return [use for use in read(source).uses if use.name == name]


def test_subscript_assignment_target_is_a_use():
  found = names('''
      import tf_slim as slim
      overrides = {}
      overrides[(slim.conv2d, slim.separable_conv2d)] = 1
  ''')
  assert {'tf_slim.conv2d', 'tf_slim.separable_conv2d'} <= found


def test_augmented_assignment_reads_its_target_and_value():
  found = names('''
      import tf_slim as slim
      table = {}
      table[slim.fully_connected] += slim.dropout
  ''')
  assert {'tf_slim.fully_connected', 'tf_slim.dropout'} <= found


def test_augmented_assignment_unbinds_the_name():
  found = names('''
      import tensorflow as tf
      layers = tf.contrib.layers
      layers += [1]
      layers.xavier_initializer
  ''')
  assert 'tensorflow.contrib.layers.xavier_initializer' not in found


def test_tuple_unpacking_binds_each_name():
  found = names('''
      import tensorflow as tf
      s, q = tf.contrib.slim, tf.contrib.quantize
      s.conv2d
      q.create_training_graph()
  ''')
  assert {'tensorflow.contrib.slim.conv2d',
          'tensorflow.contrib.quantize.create_training_graph'} <= found


def test_list_unpacking_and_starred_targets():
  found = names('''
      import tensorflow as tf
      [a, b] = [tf.contrib.slim, tf.contrib.layers]
      c, *d = tf.contrib.slim, 1, 2
      b.l2_regularizer
      c.conv2d
  ''')
  assert 'tensorflow.contrib.layers.l2_regularizer' in found
  assert 'tensorflow.contrib.slim.conv2d' not in found  # c, *d: not tracked


def test_star_import_of_a_legacy_module():
  found = names('''
      from tensorflow.contrib.slim import *
      net = conv2d(images, 3, [3, 3])
      print(len(net))
  ''')
  assert 'tensorflow.contrib.slim' in found
  assert 'tensorflow.contrib.slim.conv2d' in found
  assert 'tensorflow.contrib.slim.images' in found  # unbound: may be slim's
  assert 'tensorflow.contrib.slim.print' not in found  # builtins are not


def test_import_module_with_a_literal():
  uses = uses_of('''
      import importlib
      training = importlib.import_module('tensorflow.contrib.training')
      training.HParams(a=1)
  ''', 'tensorflow.contrib.training')
  assert len(uses) == 1 and uses[0].import_
  assert 'tensorflow.contrib.training.HParams' in names('''
      import importlib
      training = importlib.import_module('tensorflow.contrib.training')
      training.HParams(a=1)
  ''')


def test_getattr_with_a_literal():
  found = names('''
      import tensorflow as tf
      rnn = getattr(tf.contrib, 'rnn')
      rnn.LSTMCell(4)
  ''')
  assert 'tensorflow.contrib.rnn' in found
  assert 'tensorflow.contrib.rnn.LSTMCell' in found


def test_local_rebinding_shadows_only_inside_its_function():
  found = uses_of('''
      from tensorflow.contrib import layers

      def head():
        layers = [1, 2]
        return layers.append

      def body(x):
        return layers.l2_regularizer(x)
  ''', 'tensorflow.contrib.layers.l2_regularizer')
  assert [(u.line, u.function) for u in found] == [(9, 'body')]
  assert 'tensorflow.contrib.layers.append' not in names('''
      from tensorflow.contrib import layers
      def head():
        layers = [1, 2]
        return layers.append
  ''')


def test_function_bodies_see_the_module_once_loaded():
  # `slim` is bound after the function is defined: at call time it is there.
  found = uses_of('''
      def build(x):
        return slim.conv2d(x, 1, 1)

      import tf_slim as slim
  ''', 'tf_slim.conv2d')
  assert [u.context for u in found] == ['call-time']


def test_parameters_and_class_bodies_shadow():
  found = names('''
      import tf_slim as slim
      def f(slim):
        return slim.not_a_module_use
      class A:
        slim = None
        x = slim
        def method(self):
          return slim.conv2d
  ''')
  assert 'tf_slim.not_a_module_use' not in found
  assert 'tf_slim.conv2d' in found  # methods do not see class attributes


@pytest.mark.parametrize('handler', [
    'ImportError', 'ModuleNotFoundError', 'AttributeError',
    '(ValueError, ImportError)', 'Exception', ''])
def test_guarded_contexts(handler):
  uses = uses_of('''
      try:
        from tensorflow.contrib import training
      except %s:
        training = None
  ''' % handler, 'tensorflow.contrib.training')
  assert [u.context for u in uses] == ['guarded']


def test_other_handlers_do_not_guard():
  uses = uses_of('''
      try:
        from tensorflow.contrib import training
      except ValueError:
        training = None
      else:
        import tensorflow.contrib.learn
  ''', 'tensorflow.contrib.training')
  assert [u.context for u in uses] == ['import-time']


def test_contexts_and_main_block():
  reader = read('''
      import tensorflow as tf
      tf.placeholder
      def main(_):
        tf.Session
      if __name__ == '__main__':
        tf.app.run()
  ''')
  by_name = {u.name: u for u in reader.uses}
  assert by_name['tensorflow.placeholder'].context == 'import-time'
  assert by_name['tensorflow.Session'].context == 'call-time'
  assert by_name['tensorflow.Session'].function == 'main'
  assert by_name['tensorflow.app.run'].main
  assert not by_name['tensorflow.placeholder'].main
  assert reader.entry_point and reader.app_run_targets == {'main'}


@pytest.mark.parametrize('source', [
    'if __name__ == "__main__":\n  pass\n',
    'import tensorflow as tf\ntf.app.run()\n',
    'import tensorflow.compat.v1 as tf\ntf.app.run(main=train)\n',
    'from absl import app\napp.run(main)\n',
])
def test_entry_points(source):
  assert read(source).entry_point


def test_not_an_entry_point():
  assert not read('import tensorflow as tf\ndef main(_):\n  tf.app.run()\n'
                  ).entry_point


def test_python2_builtins_unless_bound():
  assert 'builtins.xrange' in names('for i in xrange(3):\n  pass\n')
  assert 'builtins.xrange' not in names(
      'xrange = range\nfor i in xrange(3):\n  pass\n')
  assert 'builtins.xrange' not in names(
      'from six.moves import xrange\nxrange(3)\n')
  assert 'builtins.unicode' not in names(
      'def f(unicode):\n  return unicode\n')


def test_python2_methods_and_modules():
  found = names('''
      import cPickle
      import string
      import scipy.misc
      for k, v in d.iteritems():
        pass
      string.letters
      scipy.misc.imread('a.png')
      cPickle.load(f)
  ''')
  assert {'dict.iteritems', 'cPickle', 'string.letters', 'scipy.misc.imread',
          'cPickle.load'} <= found
  assert 'string' not in found and 'scipy.misc' not in found


def test_compat_v1_paths_keep_their_spelling():
  found = names('''
      import tensorflow.compat.v1 as tf
      tf.contrib.slim.conv2d
      tf.placeholder
  ''')
  assert {'tensorflow.compat.v1.contrib.slim.conv2d',
          'tensorflow.compat.v1.placeholder'} <= found


def test_each_chain_counts_once():
  found = [u.name for u in read('import tf_slim as slim\nslim.losses.log_loss\n'
                                ).uses]
  assert found == ['tf_slim', 'tf_slim.losses.log_loss']


def test_global_declaration_binds_the_module_name():
  found = names('''
      import tensorflow as tf
      slim = None
      def setup():
        global slim
        slim = tf.contrib.slim
      def build(x):
        return slim.conv2d(x, 1, 1)
  ''')
  assert 'tensorflow.contrib.slim.conv2d' in found


def test_nonlocal_rebinding_stays_inside():
  found = names('''
      import tf_slim as slim
      def outer():
        layer = None
        def inner():
          nonlocal layer
          layer = slim.conv2d
        return inner
      x = slim.fully_connected
  ''')
  assert {'tf_slim.conv2d', 'tf_slim.fully_connected'} <= found
