"""Bad input to the TF1 cells: TF 1.x's exception class (checked live
against TensorFlow's own cells where they run), a message that says what to
do, and nothing left in the graph."""

import pytest

import slimcompat.rnn_cell as rnn_cell
from slimcompat._compat import tf
from tests.rnn_cell import reference

NATIVE = reference.native_cells()


def _run(rc, cell):
  tf.nn.dynamic_rnn(cell, tf.placeholder(tf.float32, [3, 5, 4]),
                    dtype=tf.float32)


def _call(rc, cell, state, shape=(3, 4)):
  del rc
  cell(tf.placeholder(tf.float32, shape), state)


# name -> (error class TF 1.x raises, build(rc) that raises it)
BAD = {
    'num_units_text': (TypeError, lambda rc: _run(rc, rc.BasicLSTMCell('a'))),
    'num_units_float': (TypeError, lambda rc: _run(rc, rc.GRUCell(2.5))),
    'num_units_negative': (ValueError, lambda rc: _run(rc, rc.LSTMCell(-1))),
    'num_units_none': (ValueError, lambda rc: _run(rc, rc.BasicRNNCell(None))),
    'input_rank_3': (ValueError, lambda rc: _call(
        rc, rc.BasicLSTMCell(3), rc.LSTMStateTuple(tf.zeros([3, 3]),
                                                   tf.zeros([3, 3])),
        shape=(3, 5, 4))),
    'lstm_state_not_tuple': (TypeError, lambda rc: _call(
        rc, rc.BasicLSTMCell(3), tf.zeros([3, 3]))),
    'gru_state_tuple': (ValueError, lambda rc: tf.nn.dynamic_rnn(
        rc.GRUCell(3), tf.placeholder(tf.float32, [3, 5, 4]),
        initial_state=(tf.zeros([3, 3]), tf.zeros([3, 3])))),
    'multi_state_short': (IndexError, lambda rc: _call(
        rc, rc.MultiRNNCell([rc.GRUCell(3), rc.GRUCell(3)]),
        (tf.zeros([3, 3]),))),
    'multi_state_not_tuple': (ValueError, lambda rc: _call(
        rc, rc.MultiRNNCell([rc.GRUCell(3), rc.GRUCell(3)]),
        tf.zeros([3, 6]))),
    'integer_inputs': (ValueError, lambda rc: tf.nn.dynamic_rnn(
        rc.GRUCell(3), tf.placeholder(tf.int32, [3, 5, 4]), dtype=tf.int32)),
    'integer_dtype': (ValueError, lambda rc: rc.BasicLSTMCell(3,
                                                              dtype=tf.int32)),
    'multi_no_cells': (ValueError, lambda rc: rc.MultiRNNCell([])),
    'multi_not_a_list': (TypeError, lambda rc: rc.MultiRNNCell(
        rc.GRUCell(2))),
    'keep_prob_above_one': (ValueError, lambda rc: rc.DropoutWrapper(
        rc.GRUCell(2), input_keep_prob=1.5)),
    'variational_without_dtype': (ValueError, lambda rc: rc.DropoutWrapper(
        rc.GRUCell(2), variational_recurrent=True)),
    'wrapping_not_a_cell': (TypeError, lambda rc: rc.DropoutWrapper(3)),
}

def _raised(rc, build):
  with tf.Graph().as_default() as graph:
    try:
      build(rc)
    except Exception as err:  # pylint: disable=broad-except
      return err, graph
  return None, graph


@pytest.mark.parametrize('name', sorted(BAD))
def test_bad_input_raises_tf1_class_and_leaves_nothing(name):
  expected, build = BAD[name]
  err, graph = _raised(rnn_cell, build)
  assert type(err) is expected or (  # pylint: disable=unidiomatic-typecheck
      isinstance(err, expected) and expected is TypeError), repr(err)
  assert graph.get_collection(tf.GraphKeys.GLOBAL_VARIABLES) == []
  assert len(str(err)) > 40


@pytest.mark.skipif(NATIVE is None, reason="needs TF's own TF1 cells")
@pytest.mark.parametrize('name', sorted(BAD))
def test_tensorflow_raises_the_same_class(name):
  expected, build = BAD[name]
  err, _ = _raised(NATIVE, build)
  assert isinstance(err, expected), repr(err)


def test_messages_say_what_to_do():
  err, _ = _raised(rnn_cell, BAD['lstm_state_not_tuple'][1])
  assert 'zero_state' in str(err) and 'state_is_tuple=False' in str(err)
  err, _ = _raised(rnn_cell, BAD['num_units_text'][1])
  assert 'integer' in str(err)
